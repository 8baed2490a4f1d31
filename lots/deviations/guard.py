"""The integrity guard with a municipality's own words: unit, municipality and category names are not people.

Every service that saves free text which ends up in a document or in another person's view calls ``check``;
the web forms and the API turn its error into a warning the person can answer by changing the text, replacing
the findings with a case reference, or confirming the text as it stands.
"""

from collections.abc import Iterable, Mapping

from django import forms
from django.utils.translation import gettext_lazy as _

from lots.lib import integrity
from lots.organisation.models import Municipality, Unit

describe = integrity.describe


def known_words(municipality: Municipality) -> set[str]:
    """Unit, municipality and category names, and common domain words: capitalised, but not people."""
    words = set(integrity.DOMAIN_WORDS)
    words.update(municipality.name.split())
    names = Unit.objects.filter(municipality=municipality).values_list("name", "public_name")
    categories = municipality.deviation_categories.values_list("name", flat=True)
    for name, public_name in names:
        words.update(name.replace(",", " ").split())
        words.update(public_name.replace(",", " ").split())
    for name in categories:
        words.update(name.split())
    return words


def scan_report(
    municipality: Municipality, fields: dict[str, str], *, also_known: Iterable[str] = ()
) -> dict[str, list[integrity.Finding]]:
    return integrity.scan_fields(fields, known_words=known_words(municipality) | set(also_known))


def check(
    municipality: Municipality,
    fields: Mapping[str, str],
    *,
    confirmed: bool = False,
    also_known: Iterable[str] = (),
    message: str = "",
) -> dict[str, list[integrity.Finding]]:
    """``integrity.check`` with the municipality's words; raises ValidationError naming each field unless confirmed."""
    texts = {name: value for name, value in fields.items() if isinstance(value, str)}
    if not any(texts.values()):
        return {}
    known = known_words(municipality) | set(also_known)
    return integrity.check(texts, known_words=known, confirmed=confirmed, message=message)


def changed(record, data: Mapping, fields: Iterable[str]) -> dict[str, str]:
    """The texts among ``fields`` that ``data`` changes on ``record``: text already saved was guarded when it was."""
    return {
        name: data[name]
        for name in fields
        if name in data and isinstance(data[name], str) and data[name].strip() != (getattr(record, name) or "").strip()
    }


def answer(data: Mapping) -> tuple[dict, bool]:
    """A form's cleaned data without the guard's answer, and the answer: the service takes them apart."""
    return {k: v for k, v in data.items() if k != "integrity_confirmed"}, bool(data.get("integrity_confirmed"))


class IntegrityConfirmationForm(forms.Form):
    """Adds the answer to the guard's warning. Hidden until a service's integrity error lands on the form;
    then the person sees a checkbox to keep the text as it stands (or changes the text and saves again)."""

    integrity_confirmed = forms.BooleanField(
        label=_("Spara texten som den står"),
        help_text=_("Texten kan innehålla namn eller personnummer. Kryssa i bara om uppgifterna behövs där."),
        required=False,
        widget=forms.HiddenInput,
    )

    def add_error(self, field, error):
        super().add_error(field, error)
        if any(e.code == integrity.CODE for errors in self.errors.as_data().values() for e in errors):
            self.fields["integrity_confirmed"].widget = forms.CheckboxInput()
