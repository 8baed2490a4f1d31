"""The parsed catalogue: a title, metadata and a tree of sections holding requirements.

Two dictionary shapes come out of it. ``to_json()`` is the documented output of
``import_requirements --dry-run --json`` and nothing more. ``to_data()`` is the full
shape, the same as the YAML catalogue files (see catalogues/README.md), which the
services turn into a catalogue version.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class ParsedRequirement:
    text: str
    strength: str
    references: list[str] = field(default_factory=list)
    binds: str = "both"

    def to_json(self) -> dict:
        return {"text": self.text, "strength": self.strength, "references": list(self.references)}

    def to_data(self) -> dict:
        return {**self.to_json(), "binds": self.binds}


@dataclass
class ParsedSection:
    title: str
    number: str = ""
    description: str = ""
    requirements: list[ParsedRequirement] = field(default_factory=list)
    sections: list["ParsedSection"] = field(default_factory=list)
    references: list[str] = field(default_factory=list)  # a catalogue file's, for the section as a whole

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "requirements": [r.to_json() for r in self.requirements],
            "sections": [s.to_json() for s in self.sections],
        }

    def to_data(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "description": self.description,
            "references": list(self.references),
            "requirements": [r.to_data() for r in self.requirements],
            "sections": [s.to_data() for s in self.sections],
        }

    def walk(self, depth: int = 0) -> Iterator[tuple["ParsedSection", int]]:
        yield self, depth
        for child in self.sections:
            yield from child.walk(depth + 1)


@dataclass
class ParsedCatalogue:
    title: str
    sections: list[ParsedSection] = field(default_factory=list)
    issuer: str = ""
    version: str = ""
    issued_on: datetime.date | None = None
    reference: str = ""
    description: str = ""
    source: str = ""
    format: str = ""
    key: str = ""  # a catalogue file's short name; a document has none

    def to_json(self) -> dict:
        return {"title": self.title, "sections": [s.to_json() for s in self.sections]}

    def to_data(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "issuer": self.issuer,
            "version": self.version,
            "date": self.issued_on.isoformat() if self.issued_on else None,
            "reference": self.reference,
            "source": self.source,
            "description": self.description,
            "sections": [s.to_data() for s in self.sections],
        }

    def walk(self) -> Iterator[tuple[ParsedSection, int]]:
        for section in self.sections:
            yield from section.walk()

    def requirements(self) -> list[ParsedRequirement]:
        return [r for section, _depth in self.walk() for r in section.requirements]
