"""Comparing a list's web page, API list and export in tests (lots.core.lists defines each list once)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lots.testing.spreadsheets import xlsx_rows


def page_rows(response) -> list:
    """The rows of the page a list view rendered."""
    return list(response.context["page_obj"])


def export_column(response, header: str) -> list:
    """One column of an Excel download, the header left out."""
    rows = xlsx_rows(response)
    index = list(rows[0]).index(header)
    return [row[index] for row in rows[1:]]


def queries(fn, status: int = 200) -> int:
    """How many database queries ``fn()`` (a request) makes; fails unless it answers ``status``."""
    with CaptureQueriesContext(connection) as captured:
        response = fn()
    assert response.status_code == status, response.status_code
    return len(captured.captured_queries)
