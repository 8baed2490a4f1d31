import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.forms import CachedChoiceIterator, LotsForm, VersionedFormMixin
from lots.deviations.guard import IntegrityConfirmationForm
from lots.organisation.models import Unit
from lots.reports.models import DenominatorSeries
from lots.reports.periods import MONTH_NAMES

DATE_ERROR = _("Skriv datumet som ÅÅÅÅ-MM-DD.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def unit_label(unit: Unit) -> str:
    """Indented by depth with em spaces (not read aloud), from the department level down."""
    return "\u2003" * max(unit.depth - 2, 0) + unit.name


class UnitChoiceForm(LotsForm):
    """Choose the unit (with its sub-units) a page shows."""

    unit = forms.ModelChoiceField(label=_("Enhet med underenheter"), queryset=Unit.objects.none(), empty_label=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].iterator = CachedChoiceIterator  # before the queryset, which hands the widget its choices
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label
        self.fields["unit"].error_messages["invalid_choice"] = _("Välj en enhet i listan.")


class TrendForm(UnitChoiceForm):
    MEASURES = [("deviations", _("Avvikelser")), ("feedback", _("Synpunkter och klagomål (utom beröm)"))]

    matt = forms.ChoiceField(label=_("Vad räknas"), choices=MEASURES, required=False)


class ReportCreateForm(LotsForm):
    unit = forms.ModelChoiceField(
        label=_("Verksamhet"),
        queryset=Unit.objects.none(),
        empty_label=_("Välj verksamhet"),
        help_text=_("Förvaltningen, en avdelning eller en enhet. Berättelsen omfattar allt under den."),
        error_messages={"required": _("Välj verksamhet."), "invalid_choice": _("Välj en verksamhet i listan.")},
    )
    year = forms.IntegerField(
        label=_("År"),
        error_messages={"required": _("Ange år."), "invalid": _("Ange året med fyra siffror.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].iterator = CachedChoiceIterator  # before the queryset, which hands the widget its choices
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label
        self.fields["year"].initial = timezone.localdate().year - 1


class NarrativeForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Vanlig text. En tom rad mellan styckena."),
    )

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(version)


class EstablishForm(VersionedFormMixin, LotsForm):
    confirm = forms.BooleanField(
        label=_("Jag har läst igenom kvalitetsberättelsen och fastställer den. Siffrorna och texterna låses."),
        error_messages={"required": _("Bekräfta att du fastställer kvalitetsberättelsen.")},
    )

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(version)


class PeriodForm(LotsForm):
    SOURCES = [("avvikelser", _("Avvikelser")), ("synpunkter", _("Synpunkter och klagomål"))]

    kalla = forms.ChoiceField(label=_("Texter från"), choices=SOURCES, required=False)
    unit = forms.ModelChoiceField(label=_("Enhet med underenheter"), queryset=Unit.objects.none(), empty_label=None)
    start = forms.DateField(
        label=_("Från"), widget=DateInput(), error_messages={"invalid": DATE_ERROR, "required": _("Ange startdatum.")}
    )
    end = forms.DateField(
        label=_("Till och med"), widget=DateInput(), error_messages={"invalid": DATE_ERROR, "required": _("Ange slutdatum.")}
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].iterator = CachedChoiceIterator  # before the queryset, which hands the widget its choices
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label
        self.fields["unit"].error_messages["invalid_choice"] = _("Välj en enhet i listan.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Slutdatumet ligger före startdatumet."))
        if start and end and (end - start).days > 3 * 366:
            self.add_error("start", _("Välj en period på högst tre år."))
        return cleaned


class DenominatorForm(VersionedFormMixin, LotsForm):
    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        for month, name in enumerate(MONTH_NAMES, start=1):
            self.fields[f"m{month}"] = forms.DecimalField(
                label=name.capitalize(),
                required=False,
                min_value=0.1,
                max_value=1_000_000,
                decimal_places=1,
                error_messages={
                    "invalid": _("Skriv ett tal, till exempel 42 eller 12,5."),
                    "min_value": _("Ange ett tal större än noll, eller lämna tomt."),
                    "max_value": _("Talet är orimligt stort."),
                    "max_decimal_places": _("Högst en decimal."),
                },
                localize=True,
            )
        self.add_version_field(version)

    def monthly_values(self) -> list:
        return [self.cleaned_data.get(f"m{m}") for m in range(1, 13)]


class DenominatorChoiceForm(LotsForm):
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Nämnare"), choices=DenominatorSeries.Kind.choices)
    year = forms.IntegerField(
        label=_("År"), min_value=2000, max_value=2100, error_messages={"invalid": _("Ange året med fyra siffror.")}
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].iterator = CachedChoiceIterator  # before the queryset, which hands the widget its choices
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label
        self.fields["year"].initial = timezone.localdate().year
        self.fields["unit"].error_messages["invalid_choice"] = _("Välj en enhet i listan.")


class ComparisonUploadForm(LotsForm):
    file = forms.FileField(
        label=_("Fil från Kolada (JSON)"),
        help_text=_("Svaret från Koladas API version 2, till exempel data/kpi/N00945/year/2024, sparat som fil."),
        error_messages={"required": _("Välj en fil.")},
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Filen är för stor (högst 5 MB)."))
        return upload


class IndicatorForm(VersionedFormMixin, LotsForm):
    title = forms.CharField(label=_("Benämning"), max_length=300, required=False)

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(version)


def default_period() -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    return today - datetime.timedelta(days=364), today
