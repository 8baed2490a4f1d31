"""The kinds of background job, declared by the modules: ``lots.<app>.background`` with ``KINDS``, a list of
``JobKind``. A kind's ``run`` does the work for the job's person, reports its progress and returns the file."""

from collections.abc import Callable
from dataclasses import dataclass

from lots.core.discovery import app_modules


class JobRefused(Exception):
    """The work cannot be done (the person no longer reaches what they asked for, a filter is no longer valid).
    ``message`` is shown to the person as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Output:
    content: bytes
    filename: str
    content_type: str


Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class JobKind:
    key: str
    run: Callable[..., Output]  # run(job, progress) -> Output


def kinds() -> dict[str, JobKind]:
    found: dict[str, JobKind] = {}
    for module in app_modules("background"):
        for kind in module.KINDS:
            if kind.key in found:
                raise ValueError(f"Two background job kinds are called {kind.key!r}")
            found[kind.key] = kind
    return found


def kind(key: str) -> JobKind:
    return kinds()[key]
