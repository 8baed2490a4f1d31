"""Reading a CSV file that people export from another system, and mapping its columns to what a module imports.

Three modules import such files (deviations, employments, placements). What they share lives here: the file is read
as UTF-8 (with or without BOM) or Windows-1252, separated by semicolons, commas or tabs, its text cleaned of control
characters; each module names its columns (``Target``), guesses them from the headers, and asks the person to confirm
the mapping in one form. What each module does with the rows stays in the module.
"""

import csv
import io
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _

from lots.core.forms import LotsForm
from lots.lib.text import clean_input


@dataclass(frozen=True)
class Target:
    """A field the import fills: its name, the label the person sees, whether a column must hold it, and header texts
    that name it (lower case)."""

    name: str
    label: str
    required: bool
    guesses: tuple[str, ...]


class ImportFileError(Exception):
    """The file cannot be read as CSV; the message says why, in Swedish."""


def read_csv(data: bytes, *, max_bytes: int, max_rows: int, what: str, split_hint: str = "") -> tuple[list[str], list[list[str]]]:
    """Headers and rows from CSV bytes, blank rows left out. ``what`` names the rows in plural ("avvikelser") for the
    message about a file with headers only; ``split_hint`` ends the message about too many rows ("per enhet")."""
    if len(data) > max_bytes:
        megabytes = max_bytes // (1024 * 1024)
        raise ImportFileError(_("Filen är för stor. Dela upp den i filer på högst %(n)s MB.") % {"n": megabytes})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise ImportFileError(_("Filen är tom."))
    first_line = text.strip().splitlines()[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    try:
        rows = [
            [clean_input(cell) for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)
            if any(cell.strip() for cell in row)
        ]
    except csv.Error:
        raise ImportFileError(_("Filen går inte att läsa som CSV.")) from None
    headers = [h.strip() for h in rows[0]]
    if len(headers) < 2:
        raise ImportFileError(_("Filen verkar inte vara en CSV-fil med kolumner. Kontrollera att den har en rubrikrad."))
    body = rows[1:]
    if not body:
        raise ImportFileError(_("Filen har bara en rubrikrad och inga %(what)s.") % {"what": what})
    if len(body) > max_rows:
        message = _("Filen har fler än %(n)s rader. Dela upp den.") % {"n": max_rows}
        if split_hint:
            message = _("Filen har fler än %(n)s rader. Dela upp den %(how)s.") % {"n": max_rows, "how": split_hint}
        raise ImportFileError(message)
    return headers, body


def guess_mapping(targets: list[Target], headers: list[str]) -> dict[str, int | None]:
    """Which column holds each target, by its header: the target's name or one of its guesses; each column once."""
    lowered = [h.casefold() for h in headers]
    mapping: dict[str, int | None] = {}
    taken: set[int] = set()
    for target in targets:
        mapping[target.name] = None
        for guess in (target.name.casefold(), *target.guesses):
            index = next((i for i, h in enumerate(lowered) if h == guess and i not in taken), None)
            if index is not None:
                mapping[target.name] = index
                taken.add(index)
                break
    return mapping


class ColumnMappingForm(LotsForm):
    """One select per target (``targets``, set by the subclass): which column of the file holds it; a column is chosen
    for one target only."""

    targets: list[Target] = []

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("– Finns inte i filen –"))] + [
            (str(i), h or _("Kolumn %(n)s") % {"n": i + 1}) for i, h in enumerate(headers)
        ]
        for target in self.targets:
            self.fields[target.name] = forms.ChoiceField(
                label=target.label,
                choices=choices,
                required=target.required,
                error_messages={"required": _("Välj vilken kolumn som innehåller detta.")},
            )

    @classmethod
    def guessed(cls, headers: list[str]) -> "ColumnMappingForm":
        """The form before the person has chosen: each target's column as guessed from the headers."""
        guessed = guess_mapping(cls.targets, headers)
        return cls(initial={k: ("" if v is None else str(v)) for k, v in guessed.items()}, headers=headers)

    def clean(self):
        cleaned = super().clean()
        used: dict[str, str] = {}
        for target in self.targets:
            column = cleaned.get(target.name)
            if column in (None, ""):
                continue
            if column in used:
                self.add_error(target.name, _("Kolumnen är redan vald för ”%(other)s”.") % {"other": used[column]})
            used[column] = str(target.label)
        return cleaned

    def mapping(self) -> dict[str, int | None]:
        return {t.name: (int(v) if (v := self.cleaned_data.get(t.name)) not in (None, "") else None) for t in self.targets}
