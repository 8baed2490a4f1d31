"""What changed between two versions of a catalogue.

When a new version is saved, each of its requirements is matched with the
requirement it replaces in the previous version: first identical texts (also
when moved to another section), then the most similar remaining text (at least
60 % alike, preferring the same section). A matched requirement keeps its
lineage; unmatched ones are new, and old ones nobody matched were removed.
"""

import difflib
import re
from dataclasses import dataclass, field

SIMILAR_ENOUGH = 0.6


@dataclass(frozen=True)
class RequirementText:
    """The parts of a requirement that matter for matching and for what counts as a change."""

    text: str
    section: str = ""
    strength: str = "ska"
    binds: str = "both"
    references: tuple[str, ...] = ()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def match(old: list[RequirementText], new: list[RequirementText]) -> dict[int, int]:
    """Map the index of each new requirement to the index of the old one it replaces."""
    matched: dict[int, int] = {}
    free_old = set(range(len(old)))
    by_text: dict[str, list[int]] = {}
    for index, item in enumerate(old):
        by_text.setdefault(_norm(item.text), []).append(index)
    for index, item in enumerate(new):
        candidates = [i for i in by_text.get(_norm(item.text), []) if i in free_old]
        if candidates:
            same_section = [i for i in candidates if old[i].section == item.section]
            chosen = (same_section or candidates)[0]
            matched[index] = chosen
            free_old.discard(chosen)
    pairs = []
    for index, item in enumerate(new):
        if index in matched:
            continue
        for old_index in free_old:
            matcher = difflib.SequenceMatcher(None, _norm(old[old_index].text), _norm(item.text), autojunk=False)
            if matcher.real_quick_ratio() < SIMILAR_ENOUGH or matcher.quick_ratio() < SIMILAR_ENOUGH:
                continue
            ratio = matcher.ratio()
            if ratio >= SIMILAR_ENOUGH:
                bonus = 0.05 if old[old_index].section == item.section else 0.0
                pairs.append((ratio + bonus, -index, -old_index, index, old_index))
    for *_ranking, index, old_index in sorted(pairs, reverse=True):
        if index not in matched and old_index in free_old:
            matched[index] = old_index
            free_old.discard(old_index)
    return matched


def changed_fields(old: RequirementText, new: RequirementText) -> list[str]:
    fields = []
    if _norm(old.text) != _norm(new.text):
        fields.append("text")
    if old.strength != new.strength:
        fields.append("strength")
    if old.binds != new.binds:
        fields.append("binds")
    if tuple(old.references) != tuple(new.references):
        fields.append("references")
    if old.section != new.section:
        fields.append("section")
    return fields


@dataclass
class Change:
    kind: str  # "added", "changed", "removed"
    old: object = None
    new: object = None
    fields: list[str] = field(default_factory=list)

    def text_diff(self) -> list[tuple[str, str]]:
        """Word-level difference of the texts as (op, words) pairs: op is "same", "removed" or "added"."""
        if self.old is None or self.new is None:
            return []
        before, after = self.old.text.split(), self.new.text.split()
        parts: list[tuple[str, str]] = []
        for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
            if op == "equal":
                parts.append(("same", " ".join(before[a1:a2])))
                continue
            if a2 > a1:
                parts.append(("removed", " ".join(before[a1:a2])))
            if b2 > b1:
                parts.append(("added", " ".join(after[b1:b2])))
        return parts


def _as_text(requirement) -> RequirementText:
    return RequirementText(
        text=requirement.text,
        section=requirement.section.title,
        strength=requirement.strength,
        binds=requirement.binds,
        references=tuple(requirement.references),
    )


def version_changes(old_requirements, new_requirements) -> list[Change]:
    """Added, changed and removed requirements between two saved versions, in the new version's order."""
    old_by_lineage = {r.lineage: r for r in old_requirements}
    seen: set[int] = set()
    changes: list[Change] = []
    for requirement in new_requirements:
        before = old_by_lineage.get(requirement.lineage)
        if before is None:
            changes.append(Change("added", new=requirement))
            continue
        seen.add(requirement.lineage)
        fields = changed_fields(_as_text(before), _as_text(requirement))
        if fields:
            changes.append(Change("changed", old=before, new=requirement, fields=fields))
    for requirement in old_requirements:
        if requirement.lineage not in seen:
            changes.append(Change("removed", old=requirement))
    return changes
