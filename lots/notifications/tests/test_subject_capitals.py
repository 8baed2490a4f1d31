"""Every mail subject starts with a capital letter: the subject lines of the mail templates and the subjects written
in Python, in Swedish and in the English catalogue, and whatever reaches the queue."""

import ast
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import translation

from lots.notifications.delivery import queue_mail

LOTS = Path(__file__).resolve().parents[2]
GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "ngettext"}


def _mail_templates() -> list[Path]:
    return sorted(p for p in LOTS.glob("*/templates/*/mail/*.txt"))


def _first_text(line: str) -> str:
    """The first words a reader sees on a template's first line: tags and a leading ``{{ variable }}`` dropped."""
    line = re.sub(r"\{%\s*load [^%]*%\}", "", line)
    line = re.sub(r"\{%[^%]*%\}", "\n", line)
    for piece in line.split("\n"):
        if piece.strip():
            return piece.strip()
    return ""


def _template_subjects() -> list[tuple[str, str]]:
    return [(str(p.relative_to(LOTS)), _first_text(p.read_text().split("\n", 1)[0])) for p in _mail_templates()]


def _message_id(node) -> str | None:
    """The Swedish text of ``_("…")`` (or ``_("…") % {…}``), or None when ``node`` is not one."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        node = node.left
    if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in GETTEXT:
        first = node.args[0] if node.args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    return None


def _python_subjects() -> list[tuple[str, str]]:
    found = []
    for path in sorted(LOTS.glob("**/*.py")):
        if "tests" in path.parts or "migrations" in path.parts or not path.is_file():
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            values = []
            if isinstance(node, ast.Call):
                values = [k.value for k in node.keywords if k.arg == "subject"]
            elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "subject" for t in node.targets):
                values = [node.value]
            for value in values:
                text = _message_id(value)
                if text:
                    found.append((f"{path.relative_to(LOTS)}:{node.lineno}", text))
    return found


def _starts_lower(text: str) -> bool:
    # A placeholder first (a number, a reference, a name) is the queue's to capitalise (tested below).
    return bool(text) and text[0].isalpha() and text[0].islower()


def test_the_scan_finds_the_mail_templates_and_the_python_subjects():
    assert len(_template_subjects()) > 20
    assert len(_python_subjects()) > 10


@pytest.mark.parametrize("where, text", _template_subjects() + _python_subjects())
def test_a_subject_starts_with_a_capital_letter_in_swedish_and_english(where, text):
    assert not _starts_lower(text), where
    with translation.override("en"):
        english = translation.gettext(text)
    assert not _starts_lower(english), (where, english)


@pytest.mark.django_db(transaction=True)
def test_the_queue_capitalises_a_subject_that_starts_with_a_lower_case_letter():
    queue_mail(to="anna@example.org", subject="överenskommelse att läsa", body="Text")
    assert [m.subject for m in mail.outbox] == ["Överenskommelse att läsa"]
