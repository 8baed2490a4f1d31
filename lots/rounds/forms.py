"""Forms of the rounds module: the round and its checklist, findings, actions, the department's decision, the yearly
follow-up, the checklist templates and the list filters. Messages are Swedish and stand next to their field."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.forms import LotsForm, VersionedFormMixin
from lots.deviations.guard import IntegrityConfirmationForm
from lots.risks.models import RiskScale
from lots.rounds.models import SECTIONS_OF, ActionStatus, Answer, Kind, Section

DATE_ERRORS = {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD."), "required": _("Fyll i ett datum.")}
CHOICE_ERRORS = {"invalid_choice": _("Välj ett av alternativen i listan."), "required": _("Välj ett alternativ.")}
PERSON_ERRORS = {"invalid_choice": _("Välj en person i listan."), "required": _("Välj en person.")}
UNIT_ERRORS = {"invalid_choice": _("Välj en enhet i listan."), "required": _("Välj en enhet.")}
TEXT_MAX = 4000


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )


def text_area(label, *, required: bool = True, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": _("Fyll i fältet."), "max_length": _("Högst %(limit_value)d tecken.")},
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return ("– " * unit.depth) + unit.name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class PeopleField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class VersionedForm(VersionedFormMixin, LotsForm):
    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is not None:
            self.add_version_field(version)


# Rounds.


class UnitChoiceForm(LotsForm):
    """The first step of a new round: where it is held and which kind."""

    unit = UnitChoiceField(label=_("Enhet"), queryset=None, error_messages=UNIT_ERRORS)
    kind = forms.ChoiceField(label=_("Typ av rond"), choices=Kind.choices, error_messages=CHOICE_ERRORS)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class RoundForm(VersionedForm):
    held_on = date_field(_("Datum för ronden"))
    participants = PeopleField(label=_("Deltagare"), queryset=None, required=False, error_messages=PERSON_ERRORS)
    safety_rep = PersonChoiceField(
        label=_("Skyddsombud"),
        queryset=None,
        required=False,
        empty_label=_("Inget valt"),
        error_messages=PERSON_ERRORS,
        help_text=_("Obligatoriskt för en arbets- och skyddsrond: välj här eller skriv namnet nedan."),
    )
    safety_rep_name = forms.CharField(
        label=_("Skyddsombud utanför Lots"),
        required=False,
        max_length=120,
        help_text=_("Namn på ett skyddsombud som inte har konto i Lots, till exempel ett regionalt skyddsombud."),
    )
    note = text_area(_("Kommentar"), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = people
        self.fields["safety_rep"].queryset = people


class ChecklistForm(VersionedForm):
    """The answer and comment of every checklist point of a round: fields ``answer_<id>`` and ``comment_<id>``."""

    ANSWERS = [("", _("Inte besvarad")), *Answer.choices]

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"answer_{item.pk}"] = forms.ChoiceField(
                label=_("Svar"), choices=self.ANSWERS, required=False, initial=item.answer, error_messages=CHOICE_ERRORS
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("Kommentar"), required=False, max_length=1000, initial=item.comment
            )

    def sections(self) -> list[tuple[str, list]]:
        """The points grouped by the part of the checklist, each with its two bound fields."""
        grouped: dict[str, list] = {}
        for item in self.items:
            grouped.setdefault(item.get_section_display(), []).append(
                (item, self[f"answer_{item.pk}"], self[f"comment_{item.pk}"])
            )
        return list(grouped.items())

    def answers(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {item.pk: (data[f"answer_{item.pk}"], data[f"comment_{item.pk}"]) for item in self.items}


# Findings and actions.


def _steps(labels: list[str], scale: RiskScale) -> list[tuple]:
    return [("", _("Välj"))] + [(s, f"{s} – {scale_label}") for s, scale_label in ((s, _label(labels, s)) for s in scale.steps())]


def _label(labels: list, step: int) -> str:
    return str(labels[step - 1]) if 0 < step <= len(labels) and labels[step - 1] else str(step)


class FindingForm(VersionedForm):
    description = text_area(_("Iakttagelse"), help_text=_("Vad såg ni, och var? Skriv inga namn på klienter."))
    item = forms.ChoiceField(label=_("Checklistpunkt"), required=False, error_messages=CHOICE_ERRORS)
    severity = forms.TypedChoiceField(
        label=_("Konsekvens"),
        coerce=int,
        error_messages={**CHOICE_ERRORS, "required": _("Ange konsekvens: iakttagelsen behöver en risknivå.")},
    )
    probability = forms.TypedChoiceField(
        label=_("Sannolikhet"),
        coerce=int,
        error_messages={**CHOICE_ERRORS, "required": _("Ange sannolikhet: iakttagelsen behöver en risknivå.")},
    )

    def __init__(self, *args, scale: RiskScale, items, closing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {str(i.pk): i for i in items}
        self.fields["item"].choices = [("", _("Ingen särskild punkt"))] + [(k, str(i)) for k, i in self.items.items()]
        self.fields["severity"].choices = _steps(scale.severity_labels, scale)
        self.fields["probability"].choices = _steps(scale.probability_labels, scale)
        if closing:
            self.fields["closed_on"] = date_field(
                _("Avslutad"), required=False, help_text=_("Fyll i när iakttagelsen är åtgärdad och alla åtgärder är klara.")
            )

    def clean_item(self):
        return self.items.get(self.cleaned_data["item"])


class ImprovementForm(IntegrityConfirmationForm, LotsForm):
    """The improvement action a finding becomes; its texts pass the integrity guard (lots.improvements)."""

    title = forms.CharField(label=_("Rubrik"), max_length=200)
    owner = PersonChoiceField(label=_("Ansvarig"), queryset=None, error_messages=PERSON_ERRORS)
    due_date = date_field(_("Klart senast"), required=False)
    description = text_area(_("Beskrivning"), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


class ActionForm(VersionedForm):
    what = text_area(_("Åtgärd"), rows=2)
    owner = PersonChoiceField(label=_("Ansvarig"), queryset=None, error_messages=PERSON_ERRORS)
    due_date = date_field(_("Klart senast"))

    def __init__(self, *args, people, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        if editing:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"), choices=ActionStatus.choices, error_messages=CHOICE_ERRORS
            )
            self.fields["done_on"] = date_field(_("Klar"), required=False, help_text=_("Fyll i när statusen är Klar."))


# The department's plan and the yearly follow-up.


class DecideForm(VersionedForm):
    decided_on = date_field(_("Beslutsdatum"))
    decision_note = text_area(_("Beslut"), required=False, help_text=_("Till exempel prioriteringar eller ändrade datum."))


class FollowUpForm(VersionedForm):
    done = forms.BooleanField(label=_("Det systematiska arbetsmiljöarbetet har bedrivits enligt plan"), required=False)
    what_worked = text_area(_("Vad har fungerat bra?"))
    what_to_change = text_area(_("Vad behöver förändras eller förbättras?"))
    plan_item = forms.ChoiceField(
        label=_("Punkt i uppföljningsplanen (Arbetsmiljö)"), required=False, error_messages=CHOICE_ERRORS
    )
    followed_up_on = date_field(_("Uppföljningen gjord"))

    def __init__(self, *args, plan_items, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan_items = {str(i.pk): i for i in plan_items}
        self.fields["plan_item"].choices = [("", _("Ingen"))] + [(k, f"{i.plan}: {i}") for k, i in self.plan_items.items()]

    def clean_plan_item(self):
        return self.plan_items.get(self.cleaned_data["plan_item"])


# Checklist templates.


class TemplateForm(VersionedForm):
    """One text box per part of the checklist, one point a line."""

    def __init__(self, *args, kind: str, template, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = SECTIONS_OF[kind]
        for section in self.sections:
            self.fields[section.value] = forms.CharField(
                label=Section(section).label,
                required=False,
                max_length=12000,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_("En punkt per rad."),
                initial="\n".join(template.texts_of(section.value)),
            )

    def items(self) -> list[dict]:
        return [
            {"section": section.value, "text": line.strip()}
            for section in self.sections
            for line in self.cleaned_data[section.value].splitlines()
            if line.strip()
        ]


# List filters.


def year_choices() -> list[tuple]:
    today = timezone.localdate()
    return [("", _("Alla år"))] + [(y, y) for y in range(today.year + 1, today.year - 10, -1)]


class _UnitFilter(LotsForm):
    unit = UnitChoiceField(
        label=_("Enhet med underenheter"), queryset=None, required=False, empty_label=_("Alla"), error_messages=UNIT_ERRORS
    )
    kind = forms.ChoiceField(
        label=_("Typ av rond"), required=False, choices=[("", _("Alla")), *Kind.choices], error_messages=CHOICE_ERRORS
    )
    year = forms.TypedChoiceField(
        label=_("År"), required=False, coerce=int, empty_value=None, choices=(), error_messages=CHOICE_ERRORS
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].choices = year_choices()


class RoundFilterForm(_UnitFilter):
    pass


class FindingFilterForm(_UnitFilter):
    STATES = [("", _("Alla")), ("open", _("Öppna")), ("closed", _("Avslutade"))]
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATES, error_messages=CHOICE_ERRORS)


class ActionFilterForm(_UnitFilter):
    STATES = [("", _("Alla")), ("open", _("Inte klara")), ("overdue", _("Försenade")), ("done", _("Klara"))]
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATES, error_messages=CHOICE_ERRORS)
