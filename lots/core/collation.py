"""Swedish alphabetical order in the database: case ignored, å, ä and ö after z (and æ, ø, ü as Swedish sorts them).

``.order_by(Swedish("name"), "pk")`` orders by the text's Swedish collation: PostgreSQL's ICU collation
``sv-x-icu``, and on SQLite a collation of the same name order registered on every connection (``register``,
connected in ``CoreConfig.ready``) from ``swedish_key``. The databases' own ordering sorts Ö before Å (by code
point) or å with a (by English rules).
"""

import unicodedata

from django.db.models import Func

POSTGRESQL = "sv-x-icu"
SQLITE = "swedish"

# Stand-ins above every letter of the alphabets names are written in, so that å, ä and ö come after z.
RING, A_DOTS, O_DOTS = "\uffe1", "\uffe2", "\uffe3"
_LETTERS = {
    ("a", "\u030a"): RING,  # å
    ("a", "\u0308"): A_DOTS,  # ä
    ("o", "\u0308"): O_DOTS,  # ö
    ("u", "\u0308"): "y",  # ü is sorted as y
}
_WHOLE = {"æ": A_DOTS, "ø": O_DOTS}


def swedish_key(text: str) -> tuple[str, str]:
    """A sort key putting ``text`` in Swedish alphabetical order; the text itself breaks ties (case, accents)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    letters = []
    for char in decomposed:
        if unicodedata.combining(char):
            previous = letters[-1] if letters else ""
            replaced = _LETTERS.get((previous, char))
            if replaced is not None:
                letters[-1] = replaced
            continue  # any other accent is ignored, as in a Swedish dictionary (é as e)
        letters.append(_WHOLE.get(char, char))
    return "".join(letters), text


def _compare(left: str, right: str) -> int:
    a, b = swedish_key(left), swedish_key(right)
    return (a > b) - (a < b)


def register(sender=None, connection=None, **kwargs) -> None:
    """``connection_created`` receiver: gives a new SQLite connection the Swedish collation."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE, _compare)


class Swedish(Func):
    """A text column compared in Swedish alphabetical order: ``order_by(Swedish("name"))``."""

    arity = 1

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        name = POSTGRESQL if connection.vendor == "postgresql" else SQLITE
        return f'{sql} COLLATE "{name}"', params
