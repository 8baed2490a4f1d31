"""The SQLite side of the append-only guard: the triggers ask ``lots_audit_unlocked()`` before refusing.

The function exists only on connections the application opens, and answers yes only inside
``unlocked()``, which ``manage.py flush`` uses to empty the whole database. Any other program that
opens the file has no such function, so its UPDATE or DELETE on the log fails as well.
"""

import contextlib
import contextvars

_unlocked = contextvars.ContextVar("lots_audit_unlocked", default=False)


@contextlib.contextmanager
def unlocked():
    token = _unlocked.set(True)
    try:
        yield
    finally:
        _unlocked.reset(token)


def register(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: gives SQLite connections the function the triggers call."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("lots_audit_unlocked", 0, lambda: int(_unlocked.get()))
