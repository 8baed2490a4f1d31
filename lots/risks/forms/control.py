from django import forms
from django.utils.translation import gettext_lazy as _

from lots.core.forms import LotsForm, VersionedFormMixin
from lots.risks.forms.common import PersonChoiceField, date_field, step_choices, text_area
from lots.risks.forms.plans import YearlyPlanForm
from lots.risks.models import ControlActivity, FollowUpItem


class InternalControlPlanForm(YearlyPlanForm):
    unit_label = _("Nämnd eller förvaltning")
    field_order = ["unit", "year", "adopted_on", "note"]

    adopted_on = date_field(
        _("Beslutad av nämnden den"), required=False, help_text=_("Lämna tomt tills nämnden har beslutat planen.")
    )


class RiskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, risk):
        return f"{risk.analysis.title}: {risk.label} {risk.short_description} ({risk.value})"


class ControlActivityForm(VersionedFormMixin, LotsForm):
    risk = RiskChoiceField(
        label=_("Risk från en riskanalys"),
        queryset=None,
        required=False,
        empty_label=_("Ingen koppling"),
        help_text=_("Valfritt: koppla kontrollen till en bedömd risk."),
    )
    risk_description = text_area(_("Risk som kontrollen svarar mot"), rows=2)
    severity = forms.TypedChoiceField(label=_("Allvarlighetsgrad"), coerce=int, choices=())
    probability = forms.TypedChoiceField(label=_("Sannolikhet"), coerce=int, choices=())
    what = text_area(_("Vad kontrolleras"), rows=2)
    method = text_area(
        _("Hur kontrollen görs"), rows=2, help_text=_("Till exempel stickprov, genomgång av beslut eller avstämning.")
    )
    responsible = PersonChoiceField(label=_("Vem kontrollerar"), queryset=None, empty_label=_("Välj person"))
    due_date = date_field(_("När (klart senast)"))
    reporting = forms.ChoiceField(label=_("Hur det rapporteras till nämnden"), choices=ControlActivity.Reporting.choices)

    def __init__(self, *args, scale, risks, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["risk"].queryset = risks
        self.fields["severity"].choices = step_choices(scale, scale.severity_labels, blank=str(_("Välj")))
        self.fields["probability"].choices = step_choices(scale, scale.probability_labels, blank=str(_("Välj")))
        self.fields["responsible"].queryset = people


class ControlResultForm(VersionedFormMixin, LotsForm):
    performed_on = date_field(_("Kontrollen gjord den"))
    result = text_area(_("Resultat"), rows=4, help_text=_("Vad visade kontrollen?"))
    conclusion = forms.ChoiceField(
        label=_("Slutsats"),
        choices=ControlActivity.Conclusion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj en slutsats.")},
    )
    reported_on = date_field(
        _("Rapporterad till nämnden den"), required=False, help_text=_("Lämna tomt tills resultatet är rapporterat.")
    )


class FollowUpPlanForm(YearlyPlanForm):
    unit_label = _("Verksamhet")
    field_order = ["unit", "year", "owner", "note"]

    owner = PersonChoiceField(label=_("Ansvarig chef"), queryset=None, empty_label=_("Välj person"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


class FollowUpItemForm(VersionedFormMixin, LotsForm):
    area = forms.ChoiceField(label=_("Område"), choices=FollowUpItem.Area.choices)
    what = text_area(_("Vad följs upp"), rows=2)
    when = forms.CharField(label=_("När"), max_length=120, help_text=_("Till exempel ”varje kvartal” eller ”i september”."))
    due_date = date_field(_("Klart senast"))
    who = PersonChoiceField(label=_("Vem"), queryset=None, empty_label=_("Välj person"))
    how_reported = forms.CharField(
        label=_("Hur det rapporteras"),
        max_length=200,
        help_text=_("Till exempel ”i ledningsgruppen” eller ”till nämnden i delårsrapporten”."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"].queryset = people


class FollowUpProgressForm(VersionedFormMixin, LotsForm):
    status = forms.ChoiceField(label=_("Läge"), choices=FollowUpItem.Status.choices, widget=forms.RadioSelect)
    progress_note = text_area(_("Kommentar om läget"), required=False, rows=3)
    done_on = date_field(_("Klar den"), required=False, help_text=_("Krävs när punkten är klar."))
