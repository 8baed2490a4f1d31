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
that looks like a surname. A word in lower case counts when it is a common first
name that is not also an ordinary Swedish word ("kalle", not "per" or "klara"),
or ends like a surname ("andersson"). Words the caller knows are not people (unit
names) are passed in ``known_words``; words in capitals only (HVB, IVO) or with a
capital inside (SoL, BankID) are never names.

``check`` is the one gate every service calls before it saves text that others
will read: it raises a ``ValidationError`` naming each field, unless the person
has confirmed the text as it stands.
"""

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from personnummer import personnummer

CODE = "integrity"
PERSONAL_NUMBER = "personal_number"
NAME = "name"

_PERSONAL_NUMBER_RE = re.compile(r"(?<![\d])(\d{2})?(\d{6})([-+ ]?)(\d{4})(?![\d])")
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_END = ".!?:;\n|"
# What may stand between two findings that are one person ("Kalle Svensson, 19121212-1212" or "Kalle (ÄR-1)"):
# replacing them leaves one reference, not one per finding.
_JOINERS = frozenset(" \t,()[]/–—-:")

# Common Swedish first names, both sexes: the most frequent given names in Statistics Sweden's name statistics
# (SCB, "Namn i Sverige"), with their everyday short forms (Kalle, Pelle, Lasse). Enough to catch a name that opens a
# sentence or is typed in lower case; elsewhere in a sentence capitalisation alone is the signal.
FIRST_NAMES = frozenset(
    """
    adam agnes agneta ahmed albin alexander alexandra alfred ali alice alma alva amanda amir anders andreas ann
    anna anne anneli annika anton arne arvid astrid axel barbro bengt benjamin berit bertil birgitta björn bo
    britt britta camilla carina carl caroline cecilia charlotte christer christina christoffer claes dan daniel
    david dennis ebba edvin elias elin elisabeth elisabet ella ellen elsa emelie emil emilia emelie emma eric erik
    eva evelina fatima felix filip frida fredrik gabriel gunilla gunnar gustav göran hampus hanna hannes hans harry
    hassan hedvig helen helena henrik hugo ida inger ingrid ingvar isabella isabelle isak jakob jan jenny jesper
    jessica joakim joel johan johanna johannes john jonas jonathan josefin josefine julia kalle karin karl kenneth
    kerstin kevin kim kjell klara kristian kristina kristoffer lars lasse leif lena lennart leo liam lina linda
    linn linnea linus lisa liv louise lucas ludvig lukas magnus maja malin marcus margareta maria marianne marie
    markus martin mats matilda mattias max maximilian melker melvin mikael mohamed mohammad mohammed moa monica
    muhammad nils nisse noah nora olivia olle omar oscar oskar patrik pelle per peter rasmus rebecka robert robin
    roger rolf ronja rut sandra sanna sara sebastian selma simon siv sofia sofie stefan stig stina sune susanne sven
    svea theo thomas tilde tobias tomas tove tuva ulf ulla ulrika valter vera viktor viktoria vilgot vilma wilma
    tolvan william yasmin ylva yusuf zakaria åsa åke
    """.split()
)
# First names that are also ordinary Swedish words ("per dag", "hans mamma", "klara sig", "en stig"): in lower case,
# or opening a sentence, they are the word, not the name.
ORDINARY_WORDS = frozenset(
    "björn bo dan helen hans kim klara lina linnea lisa liv max per rut sanna stig sune svea tilde tuva".split()
)
# Words that start with a capital in Swedish social-services text without being a person; never flagged.
DOMAIN_WORDS = frozenset(
    w.casefold()
    for w in """
    IVO Lex Sarah SoL LSS LVU LVM HVB BBIC Socialstyrelsen Socialtjänsten Socialnämnden Socialförvaltningen
    Inspektionen Polisen Försäkringskassan Arbetsförmedlingen Kronofogden Migrationsverket Skatteverket Region
    Regionen Kommunen Vårdcentralen Akuten BUP Psykiatrin Skolan Förskolan Sverige Stockholm Teams Outlook Excel
    Word Lots BankID SITHS Treserva Procapita Lifecare Viva Combine
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


# What may stand between a sentence's end and its first word: quotes, brackets, list bullets, heading marks,
# markup tags and a heading's number ("4.1 Riskanalyser").
_LEAD_IN_RE = re.compile(r"(?:<[^<>\n]*>|[ \t\"'«»“”‘’(\[{–—\-•*#>]|(?<![^\n])\d+(?:\.\d+)*\.?|(?<=[ \t#*>])\d+(?:\.\d+)*)+$")


_QUOTES = "\"'«»“”‘’"


def _starts_sentence(text: str, start: int) -> bool:
    prefix = text[:start]
    before = _LEAD_IN_RE.sub("", prefix)
    if not before or before[-1] in _SENTENCE_END:
        return True
    # A quoted title opens with a capital as a sentence does ("efter riskanalysen ”Årlig riskanalys …”").
    lead_in = prefix[len(before) :] if prefix.startswith(before) else ""
    return any(quote in lead_in for quote in _QUOTES)


def _is_capitalised(word: str) -> bool:
    """'Anna', 'Anna-Karin'; not 'IVO', 'SoL' or 'HVB-personal' (an acronym first) and not 'brukaren'."""
    first = word.split("-", 1)[0]
    return first[0].isupper() and len(first) > 1 and first[1:].islower()


def _is_lower_case_name(word: str) -> bool:
    """'kalle', 'anna-karin', 'andersson'; not 'per' or 'klara', which are ordinary words too."""
    if not word.islower():
        return False
    parts = word.split("-")
    if all(part in FIRST_NAMES and part not in ORDINARY_WORDS for part in parts):
        return True
    return word.endswith("sson") and len(word) > 5


def find_likely_names(text: str, *, known_words: Iterable[str] = ()) -> list[Finding]:
    text = text or ""
    known = DOMAIN_WORDS | {w.casefold() for w in known_words}
    words = list(_WORD_RE.finditer(text))
    flagged: list[Finding] = []
    for index, match in enumerate(words):
        word = match.group(0)
        lowered_first = word.split("-", 1)[0].casefold()
        if len(word) < 2 or lowered_first in known or lowered_first.removesuffix("s") in known:
            continue
        if _is_lower_case_name(word):
            flagged.append(Finding(NAME, match.start(), match.end(), word))
            continue
        if not _is_capitalised(word):
            continue
        likely = not _starts_sentence(text, match.start())
        if not likely:
            lowered = word.casefold()
            following = words[index + 1] if index + 1 < len(words) else None
            followed_by_surname = (
                following is not None
                and text[match.end() : following.start()].strip(" \t") == ""
                and _is_capitalised(following.group(0))
                and following.group(0).casefold() not in known
                and following.group(0).casefold().endswith(_SURNAME_ENDINGS)
            )
            first_name = lowered in FIRST_NAMES and lowered not in ORDINARY_WORDS
            likely = first_name or lowered.endswith(_SURNAME_ENDINGS) or followed_by_surname
        if likely:
            flagged.append(Finding(NAME, match.start(), match.end(), word))
    return _merge_adjacent(text, flagged)


def _merge_adjacent(text: str, findings: list[Finding]) -> list[Finding]:
    """'Anna Svensson' is one finding, so replacing it leaves one reference rather than two."""
    merged: list[Finding] = []
    for finding in findings:
        previous = merged[-1] if merged else None
        if previous is not None and text[previous.end : finding.start].strip(" \t") == "":
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
    """``text`` with every finding replaced by ``replacement``. Call only after the person has agreed.

    Findings that stand together ("Kalle Svensson (19121212-1212)"), or next to the reference already written
    ("Kalle ÄR-2026-4711"), become one reference, so the text never says the reference twice in a row.
    Findings that no longer match the text are skipped.
    """
    spans = [(f.start, f.end, True) for f in findings if text[f.start : f.end] == f.text]
    if replacement:
        spans += [(m.start(), m.end(), False) for m in re.finditer(re.escape(replacement), text)]
    groups: list[list] = []
    for start, end, found in sorted(spans):
        if groups and (start <= groups[-1][1] or set(text[groups[-1][1] : start]) <= _JOINERS):
            groups[-1][1] = max(end, groups[-1][1])
            groups[-1][2] = groups[-1][2] or found
        else:
            groups.append([start, end, found])
    result = text
    for start, end, found in reversed(groups):
        if not found:
            continue
        start, end = _trim_joiners(text, start, end)
        result = result[:start] + replacement + result[end:]
    return result


def _trim_joiners(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a group over brackets it opened, so "Kalle (19121212-1212)" leaves no stray ")"."""
    while end < len(text) and text[end] in ")]" and _open_brackets(text[start:end]) > 0:
        end += 1
    return start, end


def _open_brackets(span: str) -> int:
    return span.count("(") + span.count("[") - span.count(")") - span.count("]")


def fingerprint(findings_by_field: Mapping[str, list[Finding]]) -> str:
    """A stable token for a set of findings: lets a form know the person confirmed exactly these."""
    items = sorted(f"{field}:{f.kind}:{f.text}" for field, findings in findings_by_field.items() for f in findings)
    return hashlib.sha256("\n".join(items).encode()).hexdigest()[:32]


def describe(finding: Finding) -> str:
    if finding.is_personal_number:
        return _("ett personnummer eller samordningsnummer: %(text)s") % {"text": finding.text}
    return _("ett namn: %(text)s") % {"text": finding.text}


def check(
    fields: Mapping[str, str], *, known_words: Iterable[str] = (), confirmed: bool = False, message: str = ""
) -> dict[str, list[Finding]]:
    """The findings in ``fields``; raises ``ValidationError`` naming each field with findings unless ``confirmed``.

    The error's code is ``integrity``, so a form or the API can offer to confirm or replace instead of only refusing.
    ``message`` (with ``%(found)s``) replaces the staff wording, e.g. for the public.
    """
    findings = scan_fields(fields, known_words=known_words)
    if findings and not confirmed:
        raise ValidationError(
            {
                field: [
                    ValidationError(
                        message
                        or _(
                            "Texten kan innehålla %(found)s. Skriv en ärendereferens i stället, "
                            "eller bekräfta att texten ska sparas som den står."
                        ),
                        code=CODE,
                        params={"found": "; ".join(describe(f) for f in found)},
                    )
                ]
                for field, found in findings.items()
            }
        )
    return findings
