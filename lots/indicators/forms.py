from django import forms
from django.utils.translation import gettext_lazy as _

from lots import access
from lots.accounts.models import User
from lots.core.forms import LotsForm, VersionedFormMixin
from lots.indicators import sources
from lots.indicators.models import Indicator
from lots.indicators.periods import Period
from lots.organisation.models import Unit

NUMBER_HELP = _("Ett tal, till exempel 85 eller 12,5.")


def unit_label(unit: Unit) -> str:
    return ("– " * unit.depth) + unit.name


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return unit_label(obj)


class IndicatorForm(VersionedFormMixin, LotsForm):
    name = forms.CharField(label=_("Namn"), max_length=200, error_messages={"required": _("Skriv vad nyckeltalet heter.")})
    definition = forms.CharField(
        label=_("Definition"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vad som räknas, och hur: täljare och nämnare för en andel."),
    )
    unit = UnitField(label=_("Enhet"), queryset=Unit.objects.none(), error_messages={"required": _("Välj enhet.")})
    unit_of_measure = forms.CharField(
        label=_("Enhet för måttet"),
        max_length=40,
        help_text=_("Till exempel %, antal eller dagar."),
        error_messages={"required": _("Skriv måttets enhet, till exempel %, antal eller dagar.")},
    )
    direction = forms.ChoiceField(label=_("Bra riktning"), choices=Indicator.Direction.choices)
    frequency = forms.ChoiceField(label=_("Frekvens"), choices=Indicator.Frequency.choices)
    split = forms.ChoiceField(
        label=_("Uppdelning på kön"),
        choices=Indicator.Split.choices,
        help_text=_("Ett nyckeltal om brukare, klienter eller elever redovisas för kvinnor och män eller flickor och pojkar."),
    )
    source = forms.ChoiceField(label=_("Källa"), choices=Indicator.Source.choices)
    computed_key = forms.ChoiceField(
        label=_("Beräkning"), required=False, help_text=_("Gäller när källan är Lots: vad värdet beräknas ur.")
    )
    kolada_kpi = forms.CharField(
        label=_("Kolada-nyckeltal"),
        max_length=20,
        required=False,
        help_text=_("Gäller när källan är Kolada, till exempel N00945."),
    )
    owner = forms.ModelChoiceField(
        label=_("Ansvarig"), queryset=User.objects.none(), error_messages={"required": _("Välj vem som är ansvarig.")}
    )
    process = forms.ModelChoiceField(label=_("Process"), queryset=None, required=False)
    active = forms.BooleanField(label=_("Aktivt"), required=False, initial=True)

    def __init__(self, *args, units, municipality_ids, **kwargs):
        from lots.processes.models import Process

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        # The owner records the indicator's values: someone who may (a manager or the quality coordinator).
        current = getattr(self.initial.get("owner"), "pk", self.initial.get("owner"))
        self.fields["owner"].queryset = access.people_in(municipality_ids, perm="indicator.record", also=[current])
        self.fields["process"].queryset = Process.objects.filter(municipality_id__in=municipality_ids).order_by("name")
        self.fields["computed_key"].choices = [("", "–")] + sources.choices()


class TargetForm(VersionedFormMixin, LotsForm):
    year = forms.IntegerField(
        label=_("År"), min_value=2000, max_value=2100, error_messages={"required": _("Ange år."), "invalid": _("Ange ett år.")}
    )
    value = forms.CharField(
        label=_("Målvärde"), max_length=30, help_text=NUMBER_HELP, error_messages={"required": _("Fyll i målvärdet.")}
    )


class ValueForm(VersionedFormMixin, LotsForm):
    period_start = forms.TypedChoiceField(label=_("Period"), coerce=str, error_messages={"required": _("Välj period.")})
    total = forms.CharField(
        label=_("Totalt"), max_length=30, help_text=NUMBER_HELP, error_messages={"required": _("Fyll i värdet.")}
    )
    female = forms.CharField(label=_("Kvinnor"), max_length=30, required=False)
    male = forms.CharField(label=_("Män"), max_length=30, required=False)
    split_missing_reason = forms.CharField(
        label=_("Varför uppdelningen saknas"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Fyll i om värdet för kvinnor eller män inte finns."),
    )

    def __init__(self, *args, indicator: Indicator, periods: list[Period], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_start"].choices = [(p.start.isoformat(), p.label) for p in periods]
        if indicator.split == Indicator.Split.GIRLS_BOYS:
            self.fields["female"].label, self.fields["male"].label = _("Flickor"), _("Pojkar")
            self.fields["split_missing_reason"].help_text = _("Fyll i om värdet för flickor eller pojkar inte finns.")
        if not indicator.is_split:
            for name in ("female", "male", "split_missing_reason"):
                del self.fields[name]

    def clean_period_start(self):
        import datetime

        try:
            return datetime.date.fromisoformat(self.cleaned_data["period_start"])
        except ValueError:
            raise forms.ValidationError(_("Välj period.")) from None
