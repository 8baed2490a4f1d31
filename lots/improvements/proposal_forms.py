"""Forms for staff proposals: proposing (one short page for a phone), triaging into an action, answering, and the
inbox's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lots.accounts.models import User
from lots.core.forms import LotsForm, VersionedFormMixin
from lots.deviations.guard import IntegrityConfirmationForm
from lots.improvements.forms import DATE_ERRORS, owners_for, unit_label
from lots.improvements.models import Proposal
from lots.organisation.models import Unit

TEXT_ERRORS = {
    "required": _("Skriv vad som kan bli bättre."),
    "max_length": _("Högst %(limit_value)d tecken (nu %(show_value)d)."),
}


class ProposalForm(IntegrityConfirmationForm, LotsForm):
    text = forms.CharField(
        label=_("Vad kan bli bättre?"),
        max_length=Proposal.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=TEXT_ERRORS,
        help_text=_("Skriv inte namn eller personnummer på klienter."),
    )
    how = forms.CharField(
        label=_("Hur? (om du vill)"),
        max_length=Proposal.TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TEXT_ERRORS["max_length"]},
    )
    unit = forms.ModelChoiceField(
        label=_("Enhet"),
        queryset=Unit.objects.none(),
        error_messages={"required": _("Välj enhet."), "invalid_choice": _("Välj en av dina egna enheter.")},
    )
    anonymous = forms.BooleanField(
        label=_("Visa inte mitt namn för andra"),
        required=False,
        help_text=_("Chefen ser inte vem som lämnat förslaget. Systemet sparar ändå vem du är."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        # The proposer's own few units, not a tree: their names alone (the tree's indent dashes only puzzled).
        self.fields["unit"].label_from_instance = lambda unit: unit.name
        self.fields["unit"].empty_label = None


class ToActionForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    title = forms.CharField(
        label=_("Åtgärd"),
        max_length=200,
        help_text=_("Vad ska göras, kort."),
        error_messages={"required": _("Beskriv åtgärden med några ord.")},
    )
    owner = forms.ModelChoiceField(
        label=_("Ansvarig"), queryset=User.objects.none(), error_messages={"required": _("Välj ansvarig.")}
    )
    due_date = forms.DateField(
        label=_("Klart senast"), required=False, widget=forms.DateInput(attrs={"type": "date"}), error_messages=DATE_ERRORS
    )
    answer = forms.CharField(
        label=_("Hälsning till förslagsställaren (om du vill)"),
        max_length=Proposal.TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners_for([unit])
        self.fields["owner"].label_from_instance = lambda u: f"{u} ({u.title})" if u.title else str(u)


class AnswerForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    decision = forms.ChoiceField(
        label=_("Beslut"),
        widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in Proposal.ANSWERS],
        error_messages={"required": _("Välj ett av svaren."), "invalid_choice": _("Välj ett av svaren.")},
    )
    answer = forms.CharField(
        label=_("Svar med skäl"),
        max_length=Proposal.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv svaret med skälet till beslutet."), "max_length": TEXT_ERRORS["max_length"]},
    )


class ProposalFilterForm(LotsForm):
    unit = forms.ModelChoiceField(
        label=_("Enhet (med underenheter)"), queryset=Unit.objects.none(), required=False, empty_label=_("Alla")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Väntar på svar"))]
        + [(s.value, s.label) for s in Proposal.Status if s != Proposal.Status.WAITING]
        + [("all", _("Alla"))],
    )
    received_from = forms.DateField(
        label=_("Inkommet från"), required=False, widget=forms.DateInput(attrs={"type": "date"}), error_messages=DATE_ERRORS
    )
    received_to = forms.DateField(
        label=_("Inkommet till"), required=False, widget=forms.DateInput(attrs={"type": "date"}), error_messages=DATE_ERRORS
    )
    mine = forms.BooleanField(label=_("Bara mina egna förslag"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label

    def clean(self):
        data = super().clean()
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and end < start:
            self.add_error("received_to", _("Slutdatumet ligger före startdatumet."))
        return data
