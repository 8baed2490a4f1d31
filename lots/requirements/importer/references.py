"""Finding the law references a requirement cites: "3 kap. 3 § SoL", "26 kap 1 § offentlighets- och sekretesslagen".

A reference needs a section (§), an article, or a statute number (SFS/SOSFS year:number);
a bare mention of a law ("enligt SoL") is not a citation. References come back as
written in the text, with whitespace tidied, in the order they appear, without repeats.
"""

import re

from lots.requirements.importer.text import squash

_STATUTE_NUMBER = r"(?:SOSFS|HSLF-FS|SFS|AFS)\s?\d{4}:\d+"
_ABBREVIATION = r"(?:SoL|Sol|SOL|LSS|LVU|LVM|HSL|OSL|PDL|SFB|BrB|FB|FL|KL|GDPR)\b"
# "socialtjänstlagen", "offentlighets- och sekretesslagen", "dataskyddsförordningen (2016/679)".
_NAMED_LAW = (
    r"(?:[a-zåäö]+-\s(?:och|eller)\s)?[a-zåäö]*(?:lagen|lag|balken|förordningen|föreskrifterna|konventionen)"
    r"(?:\s\(\d{4}[:/]\d+\))?"
)
_LAW = rf"(?:{_STATUTE_NUMBER}|{_ABBREVIATION}|{_NAMED_LAW})"
_NUMBER = r"\d+(?:\s?[a-z]\b)?"
_PARAGRAPHS = rf"{_NUMBER}(?:\s?(?:–|-|,|och)\s?{_NUMBER})*\s?§§?"
_STYCKE = r"(?:\s(?:första|andra|tredje|fjärde|femte|sjätte|sjunde|\d+)\s(?:stycket|st\.))?"
_PUNKT = r"(?:\s(?:\d+|första|andra|tredje)\s(?:punkten|p\.))?"

_SECTION_REFERENCE = re.compile(
    rf"(?:\d+\s?kap\.?\s?)?(?:{_PARAGRAPHS}(?:\s?(?:,|och)\s?{_PARAGRAPHS})*|§§?\s?\d+)"
    rf"{_STYCKE}{_PUNKT}\s(?:i\s)?{_LAW}"
)
_ARTICLE_REFERENCE = re.compile(r"[Aa]rtikel\s\d+(?:\.\d+)?\s(?:i\s)?(?:FN:s\s)?[a-zåäö]*(?:konventionen|förordningen)")
_BARE_STATUTE = re.compile(_STATUTE_NUMBER)


def find_references(text: str) -> list[str]:
    """The citations in ``text``, as written."""
    text = squash(text)
    found: list[tuple[int, int, str]] = []
    for pattern in (_SECTION_REFERENCE, _ARTICLE_REFERENCE):
        for match in pattern.finditer(text):
            found.append((match.start(), match.end(), match.group(0)))
    for match in _BARE_STATUTE.finditer(text):
        if not any(start <= match.start() < end for start, end, _ in found):
            found.append((match.start(), match.end(), match.group(0)))
    references: list[str] = []
    for _start, _end, reference in sorted(found):
        reference = squash(reference)
        if reference not in references:
            references.append(reference)
    return references
