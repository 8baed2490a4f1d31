"""Cleaning text at the edge, before it is stored.

Typed or pasted text can carry characters nobody sees: C0 control characters
(a bell, an escape, a NUL) that break spreadsheet exports and XML documents, and
Unicode bidirectional controls that make text read differently on screen from
what it says (``‮gpj.exe`` shown as ``exe.jpg``). Neither belongs in a case record,
so every form and API input drops them; tabs and line breaks stay.
"""

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean_input(value: str) -> str:
    """``value`` without control characters (tab and line breaks kept) and without bidirectional controls."""
    return _BIDI.sub("", _CONTROL.sub("", value))
