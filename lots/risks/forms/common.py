"""Form pieces shared across the risk module."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.forms import LotsForm

DATE_ERRORS = {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD."), "required": _("Fyll i ett datum.")}


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )


def text_area(label, *, required: bool = True, rows: int = 3, help_text: str = "", max_length: int | None = None):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return ("– " * unit.depth) + unit.name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.get_full_name() or user.username}{f', {user.title}' if user.title else ''}"


def year_choices(today, back: int = 2, ahead: int = 1) -> list[tuple[int, int]]:
    return [(y, y) for y in range(today.year + ahead, today.year - back - 1, -1)]


def step_choices(scale, labels: list[str], *, blank: str | None = None) -> list[tuple]:
    choices = [(s, f"{s} – {labels[s - 1]}" if s <= len(labels) else str(s)) for s in scale.steps()]
    return ([("", blank)] if blank is not None else []) + choices


class ActionForm(LotsForm):
    """An improvement action created from a risk, a self-inspection round or an internal control activity."""

    title = forms.CharField(label=_("Åtgärd"), max_length=200, help_text=_("Vad ska göras?"))
    owner = PersonChoiceField(label=_("Ansvarig"), queryset=None)
    due_date = date_field(_("Klart senast"))
    description = text_area(_("Beskrivning"), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("Datumet har redan passerat."))
        return due
