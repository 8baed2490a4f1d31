"""Filters of the lists across plans and analyses: analyses, risks, self-inspection rounds and control activities."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lots.core.forms import LotsForm
from lots.risks.forms.common import UnitChoiceField, date_field, year_choices
from lots.risks.models import Risk, RiskAnalysis

UNIT_ERRORS = {"invalid_choice": _("Välj en enhet i listan.")}
CHOICE_ERRORS = {"invalid_choice": _("Välj ett av alternativen i listan.")}
YEAR_ERRORS = {"invalid_choice": _("Välj ett år i listan.")}


def _unit_field():
    return UnitChoiceField(
        label=_("Enhet med underenheter"), queryset=None, required=False, empty_label=_("Alla"), error_messages=UNIT_ERRORS
    )


class RiskFilterForm(LotsForm):
    TREATMENTS = [
        ("", _("Alla")),
        ("undecided", _("Inte beslutad")),
        *Risk.Treatment.choices,
        ("awaiting", _("Väntar på godkännande")),
    ]

    unit = _unit_field()
    level = forms.ChoiceField(
        label=_("Risknivå"), required=False, choices=(), error_messages={"invalid_choice": _("Välj en nivå i listan.")}
    )
    performed_from = date_field(_("Analys gjord från"), required=False)
    performed_to = date_field(_("till och med"), required=False)
    treatment = forms.ChoiceField(label=_("Hantering"), required=False, choices=TREATMENTS, error_messages=CHOICE_ERRORS)
    analysis_status = forms.ChoiceField(
        label=_("Analysens status"), required=False, choices=[("", _("Alla")), *RiskAnalysis.Status.choices],
        error_messages=CHOICE_ERRORS,
    )
    q = forms.CharField(label=_("Sök i risker"), required=False, max_length=100)

    def __init__(self, *args, units, level_names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["level"].choices = [("", _("Alla"))] + [(name, name) for name in level_names]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("performed_from"), cleaned.get("performed_to")
        if start and end and end < start:
            self.add_error("performed_to", _("Slutdatumet ligger före startdatumet."))
        return cleaned


class ProgressFilterForm(LotsForm):
    """Unit, year and progress: for self-inspection rounds and for internal-control activities."""

    STATES = [
        ("", _("Alla")),
        ("done", _("Genomförda")),
        ("not_done", _("Inte genomförda")),
        ("overdue", _("Försenade")),
    ]

    unit = _unit_field()
    year = forms.TypedChoiceField(
        label=_("År"), coerce=int, required=False, empty_value=None, choices=(),
        error_messages=YEAR_ERRORS,
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATES, error_messages=CHOICE_ERRORS)

    def __init__(self, *args, units, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].choices = [("", _("Alla år"))] + year_choices(today, back=4, ahead=1)


class AnalysisFilterForm(LotsForm):
    unit = _unit_field()
    year = forms.TypedChoiceField(
        label=_("År"), coerce=int, required=False, empty_value=None, choices=(), error_messages=YEAR_ERRORS
    )
    trigger = forms.ChoiceField(
        label=_("Anledning"),
        required=False,
        choices=[("", _("Alla")), *RiskAnalysis.Trigger.choices],
        error_messages=CHOICE_ERRORS,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alla")), *RiskAnalysis.Status.choices],
        error_messages=CHOICE_ERRORS,
    )

    def __init__(self, *args, units, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].choices = [("", _("Alla år"))] + year_choices(today, back=5, ahead=0)


class YearForm(LotsForm):
    """The year of a plan list (inspection, internal control, follow-up)."""

    year = forms.TypedChoiceField(
        label=_("År"), coerce=int, required=False, empty_value=None, choices=(), error_messages=YEAR_ERRORS
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Alla år"))] + year_choices(today, back=4, ahead=1)
