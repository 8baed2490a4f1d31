"""Plain-text search helpers for databases without full-text search (SQLite in development and tests).

Text is stored case-folded, so a plain ``LIKE`` matches "Översyn" and "översyn"
(SQLite only folds ASCII itself). Query words are cut to a crude Swedish stem so
"rutinerna" still finds "rutin". PostgreSQL uses its own Swedish stemmer instead.
"""

import re

_WORD = re.compile(r"[\w-]+", re.UNICODE)
# Longest first. Only stripped when at least MIN_STEM letters remain.
_SUFFIXES = (
    "arnas",
    "ernas",
    "ornas",
    "heten",
    "andet",
    "arna",
    "erna",
    "orna",
    "ande",
    "ende",
    "else",
    "ning",
    "het",
    "ast",
    "are",
    "ar",
    "er",
    "or",
    "en",
    "et",
    "na",
    "a",
    "e",
    "s",
)
MIN_STEM = 4


def normalise(text: str) -> str:
    """Case-folded with runs of whitespace collapsed: the form stored for searching."""
    return re.sub(r"\s+", " ", (text or "").casefold()).strip()


def stem(word: str) -> str:
    word = word.casefold()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def query_terms(query: str, *, limit: int = 8) -> list[str]:
    """The distinct stems of the words in ``query`` (at most ``limit``), ignoring one-letter words."""
    seen: list[str] = []
    for word in _WORD.findall(query or ""):
        if len(word) < 2:
            continue
        term = stem(word)
        if term not in seen:
            seen.append(term)
    return seen[:limit]
