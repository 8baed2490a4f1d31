"""Integrity guard: finds Swedish personal identity numbers and likely personal names in free text.

Used before saving text that should identify people only by a pseudonymous
reference (deviation reports, feedback). It never changes text by itself: it
reports what it found, and ``replace`` rewrites the text only when the caller
(after asking the person) decides to.

Personal numbers are found in every common form — with or without century,
with ``-``, ``+``, a space or no separator — and count only when the check digit
(Luhn) and the date are valid, which includes coordination numbers (day + 60).

Names are a heuristic. Swedish capitalises proper nouns only, so a capitalised
word in the middle of a sentence is most likely a name (of a person, a place or
an organisation). At the start of a sentence a word counts only when it is a
common first name, looks like a surname, or is followed by a capitalised word
that looks like a surname. Words the caller knows are not people (unit names)
are passed in ``known_words``; words in capitals only (HVB, IVO) are never names.
"""

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from personnummer import personnummer

PERSONAL_NUMBER = "personal_number"
NAME = "name"

_PERSONAL_NUMBER_RE = re.compile(r"(?<![\d])(\d{2})?(\d{6})([-+ ]?)(\d{4})(?![\d])")
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_END = ".!?:;\n"
_OPENERS = "\"'«»“”‘’([{–—-•*"

# Common Swedish first names (Statistics Sweden's most frequent, both sexes) — enough to catch a name
# that opens a sentence. Elsewhere in a sentence capitalisation alone is the signal.
FIRST_NAMES = frozenset(
    """
    adam agnes ahmed albin alexander alfred ali alice alma alva amanda amir andreas anders anna anneli annika anton
    arvid astrid axel barbro bengt birgitta bo britt camilla carina carl caroline cecilia charlotte christer christina
    claes daniel david ebba edvin elias elin elisabeth ella ellen elsa emil emilia emma eric erik eva filip frida
    fredrik gunnar gustav hanna hans harry helena henrik hugo ida ingrid isak jakob jan jenny jesper joakim johan
    johanna jonas josefin julia karin karl kerstin kevin klara kristina lars lena leo liam linda linnea lisa louise
    lucas ludvig lukas magnus maja malin maria marie martin mats matilda mattias max mikael moa mohammad mohammed
    nils noah nora olivia olle omar oscar oskar patrik per peter rasmus robert sara sebastian simon sofia sofie
    stefan susanne sven thomas tilde tobias tomas ulf ulla viktor vilma wilma william yasmin ylva zakaria
    """.split()
)
_SURNAME_ENDINGS = ("sson", "ström", "berg", "qvist", "kvist", "gren", "lund", "holm", "dahl", "stedt", "blom", "sjö")


@dataclass(frozen=True)
class Finding:
    """One piece of text that may identify a person: ``text`` at ``start``–``end`` of the checked text."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def is_personal_number(self) -> bool:
        return self.kind == PERSONAL_NUMBER


def is_personal_number(value: str) -> bool:
    """True when ``value`` (on its own, any common form) is a valid personal or coordination number."""
    value = (value or "").strip()
    match = _PERSONAL_NUMBER_RE.fullmatch(value)
    return match is not None and _valid(match)


def _valid(match: re.Match) -> bool:
    century, date_part, separator, tail = match.groups()
    separator = separator if separator in "-+" else ""
    return personnummer.valid(f"{century or ''}{date_part}{separator}{tail}")


def find_personal_numbers(text: str) -> list[Finding]:
    return [
        Finding(PERSONAL_NUMBER, m.start(), m.end(), m.group(0)) for m in _PERSONAL_NUMBER_RE.finditer(text or "") if _valid(m)
    ]


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start]
    stripped = before.rstrip(" \t")
    while stripped and stripped[-1] in _OPENERS:
        stripped = stripped[:-1].rstrip(" \t")
    return not stripped or stripped[-1] in _SENTENCE_END


def _is_capitalised(word: str) -> bool:
    """'Anna', 'Anna-Karin'; not 'IVO' or 'HVB-personal' (an acronym first) and not 'brukaren'."""
    first = word.split("-", 1)[0]
    return first[0].isupper() and any(c.islower() for c in first)


def find_likely_names(text: str, *, known_words: Iterable[str] = ()) -> list[Finding]:
    text = text or ""
    known = {w.casefold() for w in known_words}
    words = list(_WORD_RE.finditer(text))
    flagged: list[Finding] = []
    for index, match in enumerate(words):
        word = match.group(0)
        if len(word) < 2 or not _is_capitalised(word) or word.casefold() in known:
            continue
        likely = not _starts_sentence(text, match.start())
        if not likely:
            lowered = word.casefold()
            following = words[index + 1] if index + 1 < len(words) else None
            followed_by_surname = (
                following is not None
                and text[match.end() : following.start()].strip() == ""
                and _is_capitalised(following.group(0))
                and following.group(0).casefold() not in known
                and following.group(0).casefold().endswith(_SURNAME_ENDINGS)
            )
            likely = lowered in FIRST_NAMES or lowered.endswith(_SURNAME_ENDINGS) or followed_by_surname
        if likely:
            flagged.append(Finding(NAME, match.start(), match.end(), word))
    return _merge_adjacent(text, flagged)


def _merge_adjacent(text: str, findings: list[Finding]) -> list[Finding]:
    """'Anna Svensson' is one finding, so replacing it leaves one reference rather than two."""
    merged: list[Finding] = []
    for finding in findings:
        previous = merged[-1] if merged else None
        if previous is not None and text[previous.end : finding.start].strip() == "":
            merged[-1] = Finding(NAME, previous.start, finding.end, text[previous.start : finding.end])
        else:
            merged.append(finding)
    return merged


def scan(text: str, *, known_words: Iterable[str] = ()) -> list[Finding]:
    """Everything in ``text`` that may identify a person, in order. Personal numbers win over overlapping names."""
    numbers = find_personal_numbers(text)
    names = [
        n
        for n in find_likely_names(text, known_words=known_words)
        if not any(n.start < p.end and p.start < n.end for p in numbers)
    ]
    return sorted(numbers + names, key=lambda f: f.start)


def scan_fields(fields: Mapping[str, str], *, known_words: Iterable[str] = ()) -> dict[str, list[Finding]]:
    """``scan`` for several texts at once; only fields with findings are returned."""
    known = list(known_words)
    result = {}
    for name, text in fields.items():
        findings = scan(text or "", known_words=known)
        if findings:
            result[name] = findings
    return result


def replace(text: str, findings: Iterable[Finding], replacement: str) -> str:
    """``text`` with every finding replaced by ``replacement``. Call only after the person has agreed."""
    result = text
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        if result[finding.start : finding.end] == finding.text:
            result = result[: finding.start] + replacement + result[finding.end :]
    return result


def fingerprint(findings_by_field: Mapping[str, list[Finding]]) -> str:
    """A stable token for a set of findings: lets a form know the person confirmed exactly these."""
    items = sorted(f"{field}:{f.kind}:{f.text}" for field, findings in findings_by_field.items() for f in findings)
    return hashlib.sha256("\n".join(items).encode()).hexdigest()[:32]
