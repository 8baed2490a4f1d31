from django import forms
from django.utils.translation import gettext_lazy as _

from lots.core.collation import Swedish
from lots.core.forms import LotsForm, VersionedFormMixin
from lots.deviations.guard import IntegrityConfirmationForm
from lots.processes.models import Process
from lots.risks.forms.common import PersonChoiceField, UnitChoiceField, date_field, step_choices, text_area
from lots.risks.models import GUIDING_QUESTIONS, Risk, RiskAnalysis


class AnalysisForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    unit = UnitChoiceField(
        label=_("Enhet"),
        queryset=None,
        help_text=_("Analysen gäller enheten och allt under den."),
        error_messages={"invalid_choice": _("Välj en enhet i listan.")},
    )
    process = forms.ModelChoiceField(
        label=_("Process"),
        queryset=None,
        required=False,
        empty_label=_("Ingen särskild process"),
        help_text=_("Om analysen gäller en viss process."),
    )
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    trigger = forms.ChoiceField(label=_("Anledning"), choices=RiskAnalysis.Trigger.choices)
    trigger_note = text_area(_("Beskrivning av anledningen"), required=False, rows=2, help_text=_("Krävs för ”Annan anledning”."))
    performed_on = date_field(_("Datum"))
    participants = text_area(
        _("Deltagare"), rows=2, help_text=_("Namn och roll, till exempel ”Per Falk, avdelningschef; två socialsekreterare”.")
    )

    def __init__(self, *args, units, processes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["process"].queryset = processes
        for name, question in GUIDING_QUESTIONS:
            self.fields[name] = text_area(question, required=False, rows=3)

    def question_fields(self):
        return [self[name] for name, _question in GUIDING_QUESTIONS]

    def scope_fields(self):
        return [self[name] for name in ("unit", "process", "title", "trigger", "trigger_note", "performed_on", "participants")]


def processes_for(municipality_ids):
    return Process.objects.filter(municipality_id__in=list(municipality_ids)).order_by(Swedish("name"), "pk")


class RiskForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    description = text_area(_("Risk"), rows=3, help_text=_("Vad kan hända?"))
    client_consequence = text_area(_("Möjlig konsekvens för den enskilde"), rows=3)
    process = forms.ModelChoiceField(label=_("Process"), queryset=None, required=False, empty_label=_("Ingen särskild process"))
    severity = forms.TypedChoiceField(label=_("Allvarlighetsgrad"), coerce=int, choices=())
    probability = forms.TypedChoiceField(label=_("Sannolikhet"), coerce=int, choices=())
    residual_severity = forms.TypedChoiceField(
        label=_("Allvarlighetsgrad efter åtgärder"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=(),
    )
    residual_probability = forms.TypedChoiceField(
        label=_("Sannolikhet efter åtgärder"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=(),
    )

    def __init__(self, *args, scale, processes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = processes
        self.fields["severity"].choices = step_choices(scale, scale.severity_labels, blank=str(_("Välj")))
        self.fields["probability"].choices = step_choices(scale, scale.probability_labels, blank=str(_("Välj")))
        self.fields["residual_severity"].choices = step_choices(scale, scale.severity_labels, blank=str(_("Inte bedömd")))
        self.fields["residual_probability"].choices = step_choices(scale, scale.probability_labels, blank=str(_("Inte bedömd")))
        for name in ("severity", "probability"):
            self.fields[name].error_messages["required"] = _("Välj ett värde.")
            self.fields[name].error_messages["invalid_choice"] = _("Välj ett värde i listan.")


class TreatmentForm(VersionedFormMixin, LotsForm):
    treatment = forms.ChoiceField(
        label=_("Beslut om hantering"),
        choices=Risk.Treatment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj hur risken ska hanteras.")},
    )
    justification = text_area(
        _("Motivering"),
        required=False,
        rows=3,
        help_text=_("Krävs när risken accepteras eller undviks."),
    )
    approver = PersonChoiceField(
        label=_("Godkänns av"),
        queryset=None,
        required=False,
        empty_label=_("Välj person"),
        help_text=_("Krävs när risken accepteras. Personen måste ha behörighet att godkänna risker för enheten."),
    )

    def __init__(self, *args, approvers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approver"].queryset = approvers


class ReportedForm(LotsForm):
    reported_on = date_field(_("Redovisad för nämnden den"))
