"""Forms of the staff side. None of them has a file field: the criminal-record extract is never uploaded, only
that it was shown (a test holds every form to that)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lots.core.forms import LotsForm, VersionedFormMixin
from lots.staff.models import CheckKind, ExtractType, HiringCheck, ItemKind, Outcome

DATE_ERRORS = {"required": _("Ange ett datum."), "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")}
CHOICE_ERRORS = {"invalid_choice": _("Välj ett av alternativen i listan."), "required": _("Välj ett alternativ.")}
UNIT_ERRORS = {"invalid_choice": _("Välj en enhet i listan.")}


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return ("– " * unit.depth) + unit.name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


def date_field(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}), error_messages=DATE_ERRORS
    )


STATUSES = [
    ("", _("Alla")),
    ("introduced", _("Med introduktion")),
    ("intro_finished", _("Introduktionen klar")),
    ("intro_unfinished", _("Introduktionen inte klar")),
    ("signed", _("Med introduktion, förbindelsen bekräftad")),
    ("unsigned", _("Med introduktion, förbindelsen inte bekräftad")),
    ("record_required", _("Registerutdrag krävs")),
    ("record_required_done", _("Registerutdrag krävs och har visats")),
    ("record_required_missing", _("Registerutdrag krävs men saknas")),
]


class StaffFilterForm(LotsForm):
    SHOW = [
        ("", _("Nuvarande anställda")),
        ("new", _("Med introduktion eller kontroll kvar")),
        ("ended", _("Avslutade")),
        ("all", _("Alla")),
    ]

    unit = UnitChoiceField(
        label=_("Enhet med underenheter"), queryset=None, required=False, empty_label=_("Alla"), error_messages=UNIT_ERRORS
    )
    show = forms.ChoiceField(label=_("Visa"), required=False, choices=SHOW, error_messages=CHOICE_ERRORS)
    q = forms.CharField(label=_("Sök namn"), required=False, max_length=100)
    year = forms.IntegerField(
        label=_("Anställd under år"),
        required=False,
        min_value=1900,
        max_value=2999,
        error_messages={
            "invalid": _("Ange ett år, till exempel 2026."),
            "min_value": _("Ange ett år från 1900."),
            "max_value": _("Ange ett år före 3000."),
        },
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUSES, error_messages=CHOICE_ERRORS)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CheckFilterForm(LotsForm):
    unit = UnitChoiceField(
        label=_("Enhet med underenheter"), queryset=None, required=False, empty_label=_("Alla"), error_messages=UNIT_ERRORS
    )
    kind = forms.ChoiceField(
        label=_("Kontroll"), required=False, choices=[("", _("Alla")), *CheckKind.choices], error_messages=CHOICE_ERRORS
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alla")), *HiringCheck.Status.choices], error_messages=CHOICE_ERRORS
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class UnitOnlyFilterForm(LotsForm):
    unit = UnitChoiceField(
        label=_("Enhet med underenheter"), queryset=None, required=False, empty_label=_("Alla"), error_messages=UNIT_ERRORS
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ImportUploadForm(LotsForm):
    # The HR system's export of employments; never a criminal-record extract.
    file = forms.FileField(
        label=_("CSV-fil från personalsystemet"),
        help_text=_("Semikolon- eller kommaseparerad, UTF-8 eller Windows-1252, med en rubrikrad."),
        error_messages={"required": _("Välj en fil."), "empty": _("Filen är tom.")},
    )


class CheckForm(VersionedFormMixin, LotsForm):
    """A check at hiring: the date and, for the record check, the extract's type and the outcome. Never the
    extract itself."""

    done_on = date_field(_("Datum"))

    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, prefix=f"check-{check.pk}", **kwargs)
        if check.kind == CheckKind.RECORD_EXTRACT:
            self.fields["done_on"].label = _("Utdraget visades")
            self.fields["extract_type"] = forms.ChoiceField(
                label=_("Typ av registerutdrag"), choices=[("", "–"), *ExtractType.choices], error_messages=CHOICE_ERRORS
            )
            self.fields["outcome"] = forms.ChoiceField(
                label=_("Utfall"), choices=[("", "–"), *Outcome.choices], error_messages=CHOICE_ERRORS
            )
        self.add_version_field(check.version)


class IntroducerForm(VersionedFormMixin, LotsForm):
    introducer = PersonChoiceField(
        label=_("Introduktör"), queryset=None, required=False, empty_label=_("Ingen utsedd"), error_messages=CHOICE_ERRORS
    )

    def __init__(self, *args, people, version: int, **kwargs):
        super().__init__(*args, prefix="introducer", **kwargs)
        self.fields["introducer"].queryset = people
        self.add_version_field(version)


class TemplateItemForm(LotsForm):
    kind = forms.ChoiceField(label=_("Typ"), choices=ItemKind.choices, error_messages=CHOICE_ERRORS)
    title = forms.CharField(
        label=_("Moment"), required=False, max_length=200, help_text=_("Inte för rutiner: där visas rutinens rubrik.")
    )
    routine = forms.ModelChoiceField(
        label=_("Rutin att läsa"), queryset=None, required=False, empty_label="–", error_messages=CHOICE_ERRORS
    )
    due_days = forms.IntegerField(
        label=_("Klart inom (dagar från start)"),
        min_value=0,
        max_value=365,
        initial=14,
        error_messages={
            "required": _("Ange antal dagar."),
            "invalid": _("Ange ett heltal."),
            "min_value": _("Ange 0 eller fler dagar."),
            "max_value": _("Högst 365 dagar."),
        },
    )

    def __init__(self, *args, routines, **kwargs):
        super().__init__(*args, prefix="item", **kwargs)
        self.fields["routine"].queryset = routines


class UnitSettingForm(VersionedFormMixin, LotsForm):
    works_with_children = forms.BooleanField(
        label=_("Enheten arbetar med barn (registerutdrag krävs innan anställningen börjar)"), required=False
    )

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, prefix="setting", **kwargs)
        self.add_version_field(version)


class UndertakingTextForm(LotsForm):
    body = forms.CharField(
        label=_("Förbindelsens text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20000,
        error_messages={"required": _("Skriv förbindelsens text."), "max_length": _("Högst 20 000 tecken.")},
    )
