"""Forms of the work-environment delegation: the delegation itself, signing, ending, returning and answering, the
catalogue, and the filters of the list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lots.core.forms import LotsForm, VersionedFormMixin
from lots.workenv.defaults import DEFAULT_RETURN_PROCEDURE
from lots.workenv.models import Delegation, ReturnGround

CHOICE_ERRORS = {"invalid_choice": _("Välj ett av alternativen i listan."), "required": _("Välj ett alternativ.")}
MULTI_ERRORS = {
    "invalid_choice": _("Välj bland alternativen i listan."),
    "invalid_pk_value": _("Välj bland alternativen i listan."),
    "required": _("Välj minst ett alternativ."),
    "invalid_list": _("Välj bland alternativen i listan."),
}
TEXT_ERRORS = {"required": _("Fyll i det här."), "max_length": _("Texten är för lång (högst %(limit_value)d tecken).")}


def _text(label, help_text="", max_length=2000, required=True, rows=3):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=TEXT_ERRORS,
    )


class TaskChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.basis})" if obj.basis else obj.title


class UnitForm(LotsForm):
    """The first step of a new delegation: the area of responsibility, which decides who may receive it."""

    enhet = forms.ModelChoiceField(label=_("Ansvarsområde (enhet)"), queryset=None, error_messages=CHOICE_ERRORS)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhet"].queryset = units


class DelegationForm(VersionedFormMixin, LotsForm):
    """The seven contents of §6.5 (the parties and the date come from the unit, the people and the signing)."""

    receiver = forms.ModelChoiceField(
        label=_("Till (mottagande chef)"),
        queryset=None,
        error_messages=CHOICE_ERRORS,
        help_text=_("Chefer för ansvarsområdet under dig i linjen."),
    )
    activity = _text(_("Ansvars- och verksamhetsområde"), _("Vilken verksamhet, vilka lokaler och medarbetare området omfattar."))
    tasks = TaskChoiceField(label=_("Arbetsmiljöuppgifter som delegeras"), queryset=None, error_messages=MULTI_ERRORS)
    may_delegate_further = forms.BooleanField(label=_("Uppgifterna får delegeras vidare"), required=False)
    competence = _text(_("Kompetens som medföljer"), _("Vilken kompetens som krävs och hur den ges (utbildning, stöd)."))
    authority = _text(_("Befogenheter som medföljer"), _("Vilka beslut mottagaren får fatta i arbetsmiljöfrågor."))
    resources = _text(_("Resurser som medföljer"), _("Budget, personal och stöd (HR, företagshälsovård)."))
    return_procedure = _text(_("Returnering av arbetsmiljöuppgift"), _("Hur mottagaren returnerar uppgifter."), rows=5)

    def __init__(self, *args, receivers, tasks, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if receivers is None:
            del self.fields["receiver"]
        else:
            self.fields["receiver"].queryset = receivers
        self.fields["tasks"].queryset = tasks
        if not self.is_bound and not self.initial.get("return_procedure"):
            self.initial["return_procedure"] = str(DEFAULT_RETURN_PROCEDURE)
        if version is not None:
            self.add_version_field(version)


class VersionForm(VersionedFormMixin, LotsForm):
    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(version)


class SignForm(VersionForm):
    confirm = forms.BooleanField(
        label=_("Jag har läst delegeringen och skriver under den med min inloggning"),
        error_messages={"required": _("Kryssa i att du har läst delegeringen.")},
    )


class EndForm(VersionForm):
    reason = _text(_("Varför avslutas delegeringen?"), max_length=1000)


class ReturnForm(LotsForm):
    tasks = TaskChoiceField(label=_("Uppgifter som returneras"), queryset=None, error_messages=MULTI_ERRORS)
    ground = forms.ChoiceField(
        label=_("Grund för returneringen"), choices=ReturnGround.choices, widget=forms.RadioSelect, error_messages=CHOICE_ERRORS
    )
    text = _text(_("Vilka förutsättningar saknas?"), _("Beskriv vad du behöver för att kunna utföra uppgifterna."), 4000, rows=5)

    def __init__(self, *args, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks"].queryset = tasks


class AnswerForm(VersionForm):
    answer = _text(_("Svar"), max_length=4000, rows=4)
    action_taken = _text(_("Vad som har gjorts eller ska göras"), max_length=4000, rows=4)


class WorkTaskForm(VersionedFormMixin, LotsForm):
    title = forms.CharField(label=_("Uppgift"), max_length=200, error_messages=TEXT_ERRORS)
    description = _text(_("Beskrivning"), required=False)
    basis = forms.CharField(label=_("Grund"), max_length=200, required=False, help_text=_("Till exempel AFS 2001:1 8 §."))
    position = forms.IntegerField(
        label=_("Ordning"),
        min_value=0,
        max_value=32000,
        initial=0,
        error_messages={"invalid": _("Skriv ett heltal."), "min_value": _("Skriv 0 eller mer."), "max_value": _("Högst 32000.")},
    )
    is_active = forms.BooleanField(label=_("Används (kan delegeras)"), required=False, initial=True)

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is not None:
            self.add_version_field(version)


class DelegationFilterForm(LotsForm):
    SHOW = [
        ("", _("Alla")),
        ("flagged", _("Behöver ny ägare")),
        ("returned", _("Returnerade")),
        ("awaiting_answer", _("Returnerade, väntar på svar")),
        ("mine", _("Mina (givna eller mottagna)")),
    ]

    unit = forms.ModelChoiceField(
        label=_("Enhet med underenheter"),
        queryset=None,
        required=False,
        empty_label=_("Alla"),
        error_messages={"invalid_choice": _("Välj en enhet i listan.")},
    )
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alla gällande och väntande")), *Delegation.State.choices],
        error_messages=CHOICE_ERRORS,
    )
    show = forms.ChoiceField(label=_("Visa"), required=False, choices=SHOW, error_messages=CHOICE_ERRORS)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
