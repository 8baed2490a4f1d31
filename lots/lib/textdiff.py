"""Side-by-side comparison of two texts given as lists of blocks (paragraphs, list items).

Blocks are matched with difflib; a changed block pair is compared word by word so
the reader sees exactly what was removed (``<del>``) and added (``<ins>``). Every
piece of text is escaped here, so the result can be marked safe in a template.
"""

import difflib
import re
from dataclasses import dataclass
from html import escape

# Words carry their trailing space, so a changed phrase is marked as one piece rather than word by word.
_TOKENS = re.compile(r"\w+\s*|[^\w\s]+\s*|\s+")
DEL_LABEL = "Borttaget:"
INS_LABEL = "Tillagt:"


@dataclass(frozen=True)
class Row:
    kind: str  # "equal", "changed", "removed", "added"
    left: str  # HTML (escaped, with <del>)
    right: str  # HTML (escaped, with <ins>)


def _mark(tag: str, label: str, text: str) -> str:
    if not text.strip():
        return escape(text)
    return f'<{tag}><span class="visually-hidden">{label} </span>{escape(text)}</{tag}>'


def word_diff(old: str, new: str, *, del_label: str = DEL_LABEL, ins_label: str = INS_LABEL) -> tuple[str, str]:
    """Two HTML strings: ``old`` with deletions marked, ``new`` with additions marked."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            left.append(escape(removed))
            right.append(escape(added))
            continue
        if removed:
            left.append(_mark("del", del_label, removed))
        if added:
            right.append(_mark("ins", ins_label, added))
    return "".join(left), "".join(right)


def side_by_side(old_blocks: list[str], new_blocks: list[str], **labels) -> list[Row]:
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, old_blocks, new_blocks, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend(Row("equal", escape(text), escape(text)) for text in old_blocks[i1:i2])
            continue
        old_part, new_part = old_blocks[i1:i2], new_blocks[j1:j2]
        paired = min(len(old_part), len(new_part)) if op == "replace" else 0
        for k in range(paired):
            left, right = word_diff(old_part[k], new_part[k], **labels)
            rows.append(Row("changed", left, right))
        for text in old_part[paired:]:
            rows.append(Row("removed", _mark("del", labels.get("del_label", DEL_LABEL), text), ""))
        for text in new_part[paired:]:
            rows.append(Row("added", "", _mark("ins", labels.get("ins_label", INS_LABEL), text)))
    return rows


def has_changes(rows: list[Row]) -> bool:
    return any(row.kind != "equal" for row in rows)
