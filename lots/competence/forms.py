"""Forms of the competence pages, with Swedish messages at their fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lots.competence.models import ItemStatus, SupervisionForm
from lots.core.forms import LotsForm, VersionedFormMixin

DATE_ERRORS = {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD."), "required": _("Fyll i ett datum.")}
CHOICE_ERRORS = {"invalid_choice": _("Välj ett av alternativen i listan."), "required": _("Välj ett alternativ.")}
UNIT_ERRORS = {"invalid_choice": _("Välj en enhet i listan."), "required": _("Välj en enhet.")}
YEAR_ERRORS = {
    "invalid": _("Skriv året med fyra siffror."),
    "required": _("Fyll i ett år."),
    "min_value": _("Ange ett år från 2000."),
    "max_value": _("Ange ett år senast 2100."),
}


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )


def text(label, *, max_length: int, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        error_messages={"required": _("Fyll i fältet."), "max_length": _("Skriv högst %(limit_value)d tecken.")},
    )


def text_area(label, *, max_length: int, required: bool = False, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": _("Fyll i fältet."), "max_length": _("Skriv högst %(limit_value)d tecken.")},
    )


def year_field(label=None) -> forms.IntegerField:
    return forms.IntegerField(label=label or _("År"), min_value=2000, max_value=2100, error_messages=YEAR_ERRORS)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return ("– " * unit.depth) + unit.name


class EmploymentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, employment):
        person = employment.person
        name = person.get_full_name() or person.username
        return f"{name}, {employment.title}" if employment.title else name


class Versioned(VersionedFormMixin, LotsForm):
    """A form that edits an existing record: it carries the version the person saw."""

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is not None:
            self.add_version_field(version)


# --- Status list ---------------------------------------------------------------------------------------------------


def _filter_unit_field():
    return UnitChoiceField(
        label=_("Enhet med underenheter"), queryset=None, required=False, empty_label=_("Alla"), error_messages=UNIT_ERRORS
    )


def _filter_year_field(help_text=""):
    return forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=help_text,
        error_messages={**YEAR_ERRORS, "required": ""},
    )


class UnitYearFilterForm(LotsForm):
    """The filters of the supervision and student lists: a unit with its sub-units, and a year the period touches."""

    unit = _filter_unit_field()
    year = _filter_year_field()

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class StatusFilterForm(LotsForm):
    SHOW = [
        ("", _("Alla")),
        ("overdue", _("Medarbetarsamtal försenat")),
        ("no_plan", _("Saknar individuell plan för året")),
        ("attention", _("Något av dem")),
        ("appraised", _("Medarbetarsamtal hållet under året")),
        ("with_plan", _("Har individuell plan för året")),
    ]

    unit = _filter_unit_field()
    year = _filter_year_field(help_text=_("Tomt: i dag. Ett tidigare år: läget vid årets slut."))
    show = forms.ChoiceField(label=_("Visa"), required=False, choices=SHOW, error_messages=CHOICE_ERRORS)
    q = forms.CharField(label=_("Sök namn"), required=False, max_length=100)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


# --- Appraisals and individual plans ---------------------------------------------------------------------------------


class AppraisalForm(LotsForm):
    held_on = date_field(_("Datum för samtalet"))
    goals = text_area(
        _("Mål i den individuella planen"),
        max_length=4000,
        rows=4,
        help_text=_(
            "Målen för årets individuella kompetensutvecklingsplan som ni kom överens om. Aktiviteter läggs till på planen."
        ),
    )


class AppraisalDateForm(Versioned):
    held_on = date_field(_("Datum för samtalet"))


class PlanCreateForm(LotsForm):
    year = year_field()
    goals = text_area(_("Mål"), max_length=4000, rows=4)


class PlanGoalsForm(Versioned):
    goals = text_area(_("Mål"), max_length=4000, rows=4)


class PlanRowForm(LotsForm):
    activity = text(_("Planerad aktivitet"), max_length=300, help_text=_("T.ex. en kurs, en utbildning eller auskultation."))
    planned_when = text(_("När"), max_length=100, required=False, help_text=_("T.ex. vt 2027 eller mars."))


class PlanRowEditForm(Versioned):
    activity = text(_("Planerad aktivitet"), max_length=300)
    planned_when = text(_("När"), max_length=100, required=False)
    done_on = date_field(_("Genomförd"), required=False, help_text=_("Lämna tomt om aktiviteten inte är genomförd."))
    outcome = text_area(_("Vad som gjordes"), max_length=2000)


class MarkDoneForm(Versioned):
    done_on = date_field(_("Genomförd"))
    outcome = text_area(_("Vad som gjordes"), max_length=2000, rows=2)


# --- The unit's plan -------------------------------------------------------------------------------------------------


class UnitPlanCreateForm(LotsForm):
    unit = UnitChoiceField(label=_("Enhet"), queryset=None, error_messages=UNIT_ERRORS)
    year = year_field()
    summary = text_area(_("Inventering av behov"), max_length=4000, rows=4)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class UnitPlanSummaryForm(Versioned):
    summary = text_area(_("Inventering av behov"), max_length=4000, rows=4)


class UnitPlanCopyForm(LotsForm):
    year = year_field(_("Nytt år"))


class UnitPlanItemForm(LotsForm):
    need = text(_("Behov"), max_length=300)
    activity = text(_("Aktivitet"), max_length=300)
    target_group = text(_("Målgrupp"), max_length=200, required=False)
    when = text(_("När"), max_length=100, required=False)
    cost = forms.DecimalField(
        label=_("Kostnad (kr)"),
        required=False,
        min_value=0,
        max_value=9_999_999_999,
        decimal_places=0,
        error_messages={
            "invalid": _("Skriv kostnaden i hela kronor."),
            "min_value": _("Kostnaden kan inte vara negativ."),
            "max_value": _("Kostnaden är för stor."),
            "max_decimal_places": _("Skriv kostnaden i hela kronor."),
            "max_digits": _("Kostnaden är för stor."),
        },
    )
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices, error_messages=CHOICE_ERRORS)


class UnitPlanItemEditForm(Versioned, UnitPlanItemForm):
    pass


# --- Supervision and students ----------------------------------------------------------------------------------------


class PeriodMixin:
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Slutdatumet kan inte ligga före startdatumet."))
        return cleaned


class SupervisionForm(PeriodMixin, Versioned):
    form = forms.ChoiceField(label=_("Form"), choices=SupervisionForm.choices, error_messages=CHOICE_ERRORS)
    given_by = text(_("Handledare"), max_length=200, help_text=_("Vem som ger handledningen, t.ex. en extern psykolog."))
    frequency = text(_("Hur ofta"), max_length=100, help_text=_("T.ex. en gång i månaden."))
    starts_on = date_field(_("Från"))
    ends_on = date_field(_("Till och med"), required=False)


class SupervisionAddForm(SupervisionForm):
    unit = UnitChoiceField(label=_("Enhet"), queryset=None, error_messages=UNIT_ERRORS)
    field_order = ["unit"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class StudentForm(PeriodMixin, Versioned):
    name = text(_("Namn"), max_length=200)
    programme = text(_("Utbildning"), max_length=200, help_text=_("T.ex. socionomprogrammet eller vård- och omsorgsprogrammet."))
    school = text(_("Skola"), max_length=200)
    starts_on = date_field(_("Från"))
    ends_on = date_field(_("Till och med"))
    supervisor = EmploymentChoiceField(
        label=_("Handledare"),
        queryset=None,
        error_messages={"invalid_choice": _("Välj en medarbetare i listan."), "required": _("Välj en handledare.")},
        help_text=_("En medarbetare på enheten."),
    )

    def __init__(self, *args, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors


class StudentAddForm(StudentForm):
    unit = UnitChoiceField(label=_("Enhet"), queryset=None, error_messages=UNIT_ERRORS)
    field_order = ["unit"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
