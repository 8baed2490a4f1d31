"""Forms of the deadline watch: the list filters, the CSV upload and the compliance page's choices."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lots.core.forms import CachedChoiceIterator, LotsForm, VersionedFormMixin
from lots.organisation.models import Unit
from lots.watch.models import MAX_MONTHS, PlacementKind, WatchSettings

DATE_ERROR = _("Skriv datumet som ÅÅÅÅ-MM-DD.")
DUE_SOON_DAYS = 30


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def unit_label(unit: Unit) -> str:
    """Indented by depth with em spaces (not read aloud, unlike dashes), from the department level down."""
    return "\u2003" * max(unit.depth - 2, 0) + unit.name


class FilterForm(LotsForm):
    STATUS = [
        ("", _("Alla pågående")),
        ("forsenade", _("Försenade")),
        ("snart", _("Ska göras inom 30 dagar")),
        ("avslutade", _("Avslutade")),
    ]
    DEADLINE = [("", _("Besök och övervägande")), ("besok", _("Besök")), ("overvagande", _("Övervägande/omprövning"))]

    unit = forms.ModelChoiceField(
        label=_("Enhet med underenheter"), required=False, queryset=Unit.objects.none(), empty_label=_("Alla")
    )
    worker = forms.CharField(
        label=_("Ansvarig handläggare (användarnamn)"),
        required=False,
        max_length=150,
        error_messages={"max_length": _("Högst 150 tecken.")},
    )
    status = forms.ChoiceField(label=_("Läge"), required=False, choices=STATUS)
    deadline = forms.ChoiceField(label=_("Bevakning"), required=False, choices=DEADLINE)
    kind = forms.ChoiceField(label=_("Placeringstyp"), required=False, choices=[("", _("Alla"))] + list(PlacementKind.choices))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].iterator = CachedChoiceIterator
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label


class UploadForm(LotsForm):
    file = forms.FileField(
        label=_("CSV-fil"),
        help_text=_("Exportera placeringarna från verksamhetssystemet som CSV (semikolon- eller kommaseparerad, UTF-8)."),
        error_messages={"required": _("Välj en CSV-fil.")},
    )


class KnownAtForm(LotsForm):
    """Which unit's placements, as known on which day."""

    unit = forms.ModelChoiceField(
        label=_("Enhet"), queryset=Unit.objects.none(), error_messages={"required": _("Välj en enhet.")}
    )
    day = forms.DateField(
        label=_("Datum"), widget=DateInput(), error_messages={"invalid": DATE_ERROR, "required": _("Ange ett datum.")}
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label


class SettingsForm(VersionedFormMixin, LotsForm):
    """The municipality's intervals in months; none longer than the rule."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, most in MAX_MONTHS.items():
            self.fields[name] = forms.IntegerField(
                label=WatchSettings._meta.get_field(name).verbose_name.capitalize(),
                min_value=1,
                max_value=most,
                help_text=_("Högst %(n)s.") % {"n": most},
                error_messages={
                    "required": _("Ange antal månader."),
                    "invalid": _("Ange ett helt antal månader."),
                    "min_value": _("Minst en månad."),
                    "max_value": _("Högst %(limit_value)s månader."),
                },
            )
