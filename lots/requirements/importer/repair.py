"""Repairs of a parsed catalogue's structure in the import preview: heading ↔ requirement, move, merge, split.

The tree is the catalogue dictionary (``ParsedCatalogue.to_data()``). Sections and
requirements are named by their place in reading order, as the preview's fields are:
section ``n`` is the n-th section in a walk of the tree, requirement ``n`` the n-th
requirement. Every repair keeps the reading order of everything it does not move and
returns a new tree; an impossible repair raises ``RepairError`` with a Swedish message.
"""

import copy
import re

from django.utils.translation import gettext as _

from lots.requirements.importer.references import find_references
from lots.requirements.importer.text import binds_of, squash, strength_of

OPERATIONS = ("heading", "requirement", "up", "down", "merge", "split")


class RepairError(Exception):
    """The repair cannot be made; the message says why, in Swedish."""


def _sections(tree: dict) -> list[tuple[dict, list, dict | None]]:
    """Every section in reading order with the list that holds it and its parent section."""
    found: list[tuple[dict, list, dict | None]] = []

    def walk(siblings: list, parent: dict | None) -> None:
        for section in siblings:
            found.append((section, siblings, parent))
            walk(section.setdefault("sections", []), section)

    walk(tree.setdefault("sections", []), None)
    return found


def _requirements(tree: dict) -> list[tuple[dict, dict]]:
    """Every requirement in reading order with its section."""
    return [(r, section) for section, _siblings, _parent in _sections(tree) for r in section.setdefault("requirements", [])]


def _requirement(text: str, like: dict | None = None) -> dict:
    text = squash(text)
    return {
        "text": text,
        "strength": strength_of(text),
        "binds": (like or {}).get("binds") or binds_of(text),
        "references": find_references(text),
    }


def apply(tree: dict, operation: str, index: int) -> dict:
    """``tree`` with one repair made to requirement (or, for "requirement", section) number ``index``."""
    tree = copy.deepcopy(tree)
    handler = {
        "heading": _to_heading,
        "requirement": _to_requirement,
        "up": lambda t, i: _move(t, i, -1),
        "down": lambda t, i: _move(t, i, 1),
        "merge": _merge,
        "split": _split,
    }.get(operation)
    if handler is None:
        raise RepairError(_("Okänd ändring."))
    handler(tree, index)
    return tree


def _find_requirement(tree: dict, index: int) -> tuple[dict, dict]:
    requirements = _requirements(tree)
    if not 0 <= index < len(requirements):
        raise RepairError(_("Kravet finns inte längre. Ladda om sidan."))
    return requirements[index]


def _to_heading(tree: dict, index: int) -> None:
    """The requirement becomes a heading under its section; the requirements after it move under the new heading."""
    requirement, section = _find_requirement(tree, index)
    text = requirement["text"].strip()
    if len(text) > 255:
        raise RepairError(_("Texten är för lång för en rubrik (högst 255 tecken). Korta den först."))
    position = section["requirements"].index(requirement)
    following = section["requirements"][position + 1 :]
    del section["requirements"][position:]
    heading = {
        "number": "",
        "title": text.rstrip(". "),
        "description": "",
        "references": [],
        "requirements": following,
        "sections": [],
    }
    section["sections"].insert(0, heading)


def _to_requirement(tree: dict, index: int) -> None:
    """The heading becomes a requirement at the end of what comes before it; its requirements follow it there."""
    sections = _sections(tree)
    if not 0 <= index < len(sections):
        raise RepairError(_("Avsnittet finns inte längre. Ladda om sidan."))
    if index == 0:
        raise RepairError(_("Det första avsnittet kan inte bli ett krav: det finns inget avsnitt före som kan ta emot det."))
    section, siblings, _parent = sections[index]
    before = sections[index - 1][0]
    description = (section.get("description") or "").strip()
    moved = [_requirement(section["title"])] + section.get("requirements", [])
    before.setdefault("requirements", []).extend(moved)
    if description:
        before["description"] = "\n\n".join(part for part in (before.get("description") or "", description) if part)
    position = siblings.index(section)
    siblings[position : position + 1] = section.get("sections", [])


def _move(tree: dict, index: int, step: int) -> None:
    """One place up or down; past the first or last in a section it moves to the end or start of the neighbouring one."""
    requirement, section = _find_requirement(tree, index)
    requirements = section["requirements"]
    position = requirements.index(requirement)
    target = position + step
    if 0 <= target < len(requirements):
        requirements[position], requirements[target] = requirements[target], requirements[position]
        return
    order = [s for s, _siblings, _parent in _sections(tree)]
    neighbour = order.index(section) + step
    if not 0 <= neighbour < len(order):
        raise RepairError(_("Kravet är redan först.") if step < 0 else _("Kravet är redan sist."))
    requirements.remove(requirement)
    other = order[neighbour].setdefault("requirements", [])
    if step < 0:
        other.append(requirement)
    else:
        other.insert(0, requirement)


def _merge(tree: dict, index: int) -> None:
    """The requirement and the next one in the same section become one."""
    requirement, section = _find_requirement(tree, index)
    requirements = section["requirements"]
    position = requirements.index(requirement)
    if position + 1 >= len(requirements):
        raise RepairError(_("Det finns inget krav efter det här i avsnittet att slå ihop med."))
    following = requirements.pop(position + 1)
    merged = _requirement(f"{requirement['text']} {following['text']}", like=requirement)
    references = list(requirement.get("references", []))
    references += [r for r in following.get("references", []) + merged["references"] if r not in references]
    merged["references"] = references
    requirements[position] = merged


def _split(tree: dict, index: int) -> None:
    """The requirement is split where its text has line breaks: one requirement a line."""
    requirement, section = _find_requirement(tree, index)
    parts = [squash(part) for part in re.split(r"\r?\n", requirement["text"]) if part.strip()]
    if len(parts) < 2:
        raise RepairError(_("Skriv en radbrytning i texten där kravet ska delas, och välj Dela igen."))
    position = section["requirements"].index(requirement)
    section["requirements"][position : position + 1] = [_requirement(part, like=requirement) for part in parts]
