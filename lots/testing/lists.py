"""Comparing a list's web page, API list and export in tests (lots.core.lists defines each list once)."""

from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lots.accounts.services import api_token_create
from lots.testing.spreadsheets import xlsx_rows


def page_rows(response) -> list:
    """The rows of the page a list view rendered."""
    return list(response.context["page_obj"])


def export_column(response, header: str) -> list:
    """One column of an Excel download, the header left out."""
    rows = xlsx_rows(response)
    index = list(rows[0]).index(str(header))
    return [row[index] for row in rows[1:]]


def queries(fn, status: int = 200) -> int:
    """How many database queries ``fn()`` (a request) makes; fails unless it answers ``status``."""
    with CaptureQueriesContext(connection) as captured:
        response = fn()
    assert response.status_code == status, response.status_code
    return len(captured.captured_queries)


@dataclass
class Surfaces:
    """One list's three surfaces for one person: ``page`` and ``export`` (xlsx) URLs, the ``api`` path, and how a
    row is recognised on each (``page_key(obj)``, ``api_key(dict)``, the export column ``export_header``)."""

    client: object
    user: object
    page: str
    api: str
    export: str
    page_key: object
    api_key: object
    export_header: str

    def __post_init__(self):
        self.client.force_login(self.user)
        _token, key = api_token_create(actor=self.user, name="lists")
        self.bearer = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def get_page(self, params=None):
        return self.client.get(self.page, params or {})

    def get_api(self, params=None):
        return self.client.get(self.api, params or {}, **self.bearer)

    def get_export(self, params=None):
        return self.client.get(self.export, params or {})

    def rows(self, params=None) -> list:
        """The keys the page, the API and the export list for ``params``, asserted equal and in the same order."""
        page_response, api_response = self.get_page(params), self.get_api(params)
        assert page_response.status_code == 200 and api_response.status_code == 200, (
            page_response.status_code,
            api_response.status_code,
        )
        page = [self.page_key(obj) for obj in page_rows(page_response)]
        api = [self.api_key(row) for row in api_response.json()]
        export = export_column(self.get_export(params), self.export_header)
        assert page == api == export
        return page

    def assert_invalid(self, params, field: str, message: str):
        """An invalid filter value: the page says why at the field (422) and lists nothing, the API answers 422 with
        the same message, and the export makes no file."""
        page = self.get_page(params)
        assert page.status_code == 422
        assert page_rows(page) == []
        assert message in page.content.decode()
        api = self.get_api(params)
        assert api.status_code == 422
        assert any(message in text for text in api.json()["detail"][field])
        assert self.get_export(params).status_code == 302

    def assert_queries_do_not_grow(self, add_rows, params=None):
        """The page, the API and the export use as many queries for 30 rows as for 3 (``add_rows(n)`` adds rows)."""
        requests = [lambda: self.get_page(params), lambda: self.get_api(params), lambda: self.get_export(params)]
        for request in requests:
            request()
        add_rows(3)
        few = [queries(request) for request in requests]
        add_rows(27)
        assert [queries(request) for request in requests] == few
