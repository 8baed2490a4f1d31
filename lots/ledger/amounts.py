"""Amounts in öre: read as people type kronor (``1 234,50``, ``1234.5``, ``75``) and shown the Swedish way."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from lots.ledger.models import MAX_AMOUNT

_AMOUNT_RE = re.compile(r"^(\d{1,9})(?:[,.](\d{1,2}))?$")


def parse_kronor(text: str) -> int | None:
    """Öre from a typed amount in kronor with at most two decimals; None when it cannot be read. Spaces (also
    non-breaking ones) group thousands; a trailing "kr" is allowed."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    cleaned = re.sub(r"(?i)kr$", "", cleaned).rstrip(":-")
    match = _AMOUNT_RE.match(cleaned)
    if not match:
        return None
    whole, fraction = match.group(1), (match.group(2) or "").ljust(2, "0")
    return int(whole) * 100 + int(fraction)


def kronor(ore: int | None, *, unit: bool = True) -> str:
    """``123456`` → ``1 234,56 kr`` (a non-breaking space groups thousands); a minus sign for negative amounts."""
    if ore is None:
        return ""
    sign = "−" if ore < 0 else ""
    whole, fraction = divmod(abs(int(ore)), 100)
    grouped = f"{whole:,}".replace(",", "\u00a0")
    text = f"{sign}{grouped},{fraction:02d}"
    return f"{text}\u00a0kr" if unit else text


class KronorField(forms.Field):
    """A form field for an amount in kronor, cleaned to öre (an int)."""

    def __init__(self, *, allow_zero: bool = False, **kwargs):
        self.allow_zero = allow_zero
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": 20}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if text in self.empty_values:
            return None
        ore = parse_kronor(text) if len(text) <= 20 else None
        if ore is None:
            raise forms.ValidationError(_("Skriv beloppet i kronor, t.ex. 1 250,50."), code="invalid")
        if ore > MAX_AMOUNT:
            raise forms.ValidationError(_("Beloppet är för stort."), code="max_value")
        if ore == 0 and not self.allow_zero:
            raise forms.ValidationError(_("Beloppet kan inte vara noll."), code="zero")
        return ore
