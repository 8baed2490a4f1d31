"""The list of reports, its API list and its export have the same rows in the same order (lots.core.lists)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.accounts.services import api_token_create
from lots.audit.models import AuditEntry
from lots.deviations.models import Deviation
from lots.testing.lists import export_column, page_rows, queries

URL = reverse("deviations:index")
EXPORT = reverse("deviations:export", args=["xlsx"])
API = "/api/v1/deviations"


@pytest.fixture
def surfaces(client, world):
    """``surfaces(user)``: a function giving the numbers the page, the API and the export list for some filters."""

    def for_user(user):
        client.force_login(user)
        _token, key = api_token_create(actor=user, name="test")
        bearer = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

        def numbers(params):
            page = [d.number for d in page_rows(client.get(URL, params))]
            api = [d["number"] for d in client.get(API, params, **bearer).json()]
            export = export_column(client.get(EXPORT, params), "Nummer")
            return page, api, export

        numbers.client = client
        numbers.bearer = bearer
        return numbers

    return for_user


@pytest.fixture
def spread(world, report):
    now = timezone.now()
    made = [
        report(occurred_at=now - datetime.timedelta(days=2)),
        report(unit=world.sub, possible_lex_sarah=True),
        report(unit=world.other),
        report(possible_lex_sarah=True),
    ]
    # Two reports in the same second: the primary key decides their order everywhere.
    Deviation.objects.filter(pk__in=[made[0].pk, made[3].pk]).update(reported_at=now - datetime.timedelta(days=1))
    return made


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"lex_sarah": "ja"},
        {"lex_sarah": "nej", "state": "open"},
        {"unit": "sub"},
        {"start": "today-1"},
    ],
)
def test_the_page_the_api_and_the_export_list_the_same_reports_in_the_same_order(world, surfaces, spread, params):
    today = timezone.localdate()
    params = {
        key: world.sub.pk if value == "sub" else (today - datetime.timedelta(days=1)).isoformat() if value == "today-1" else value
        for key, value in params.items()
    }
    page, api, export = surfaces(world.persona("kvalitetssamordnare"))(params)
    assert page == api == export
    assert page, "the filter should keep some reports"
    expected = Deviation.objects.filter(pk__in=[d.pk for d in spread]).order_by("-reported_at", "-pk")
    assert set(page) <= {d.number for d in expected}
    assert page == [d.number for d in expected if d.number in page]


def test_an_invalid_filter_lists_nothing_and_says_why(world, surfaces, spread):
    numbers = surfaces(world.persona("kvalitetssamordnare"))
    bad = {"end": "2026-01-01", "start": "2026-02-01"}
    page = numbers.client.get(URL, bad)
    assert page.status_code == 422
    assert page_rows(page) == []
    assert "Slutdatumet ligger före startdatumet." in page.content.decode()
    api = numbers.client.get(API, bad, **numbers.bearer)
    assert api.status_code == 422
    assert api.json()["detail"] == {"end": ["Slutdatumet ligger före startdatumet."]}
    export = numbers.client.get(EXPORT, bad)
    assert export.status_code == 302 and not AuditEntry.objects.filter(action="export").exists()


def test_a_unit_outside_the_scope_is_an_error_in_the_api_too(world, surfaces, spread):
    numbers = surfaces(world.persona("enhetschef"))
    response = numbers.client.get(API, {"unit": world.other.pk}, **numbers.bearer)
    assert response.status_code == 422
    assert "unit" in response.json()["detail"]


@pytest.mark.parametrize(
    ("params", "status"),
    [({"limit": 0}, 422), ({"limit": 501}, 422), ({"offset": -1}, 422), ({"offset": 10**40}, 422), ({"offset": 10**9}, 200)],
)
def test_the_api_pages_with_a_bounded_limit_and_offset(world, surfaces, spread, params, status):
    numbers = surfaces(world.persona("kvalitetssamordnare"))
    response = numbers.client.get(API, params, **numbers.bearer)
    assert response.status_code == status
    if status == 200:
        assert response.json() == [] and response["X-Total-Count"] == str(len(numbers({})[0]))


def test_the_api_pages_through_the_list_in_its_order(world, surfaces, spread):
    numbers = surfaces(world.persona("kvalitetssamordnare"))
    page, _api, _export = numbers({})
    first = numbers.client.get(API, {"limit": 3}, **numbers.bearer)
    rest = numbers.client.get(API, {"limit": 3, "offset": 3}, **numbers.bearer)
    assert first["X-Total-Count"] == rest["X-Total-Count"] == str(len(page))
    assert [d["number"] for d in first.json() + rest.json()] == page


def test_the_openapi_schema_documents_the_paging(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"][API]["get"]
    parameters = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert parameters["limit"]["maximum"] == 500 and parameters["limit"]["default"] == 100
    assert parameters["offset"]["minimum"] == 0
    assert {"unit", "start", "end", "state", "lex_sarah", "seriousness", "overdue"} <= set(parameters)
    assert "X-Total-Count" in operation["responses"]["200"]["headers"]


@pytest.mark.parametrize("surface", ["page", "api", "export"])
def test_the_number_of_queries_does_not_grow_with_the_rows(world, surfaces, report, surface):
    numbers = surfaces(world.persona("kvalitetssamordnare"))
    client, bearer = numbers.client, numbers.bearer
    request = {
        "page": lambda: client.get(URL),
        "api": lambda: client.get(API, **bearer),
        "export": lambda: client.get(EXPORT),
    }[surface]
    request()
    for i in range(3):
        report(unit=world.sub if i % 2 else world.own, possible_lex_sarah=True)
    few = queries(request)
    for i in range(27):
        report(unit=world.sub if i % 2 else world.own, possible_lex_sarah=True)
    assert queries(request) == few


def test_my_reports_are_newest_first_and_use_as_many_queries_for_thirty_as_for_three(client_for, reporter, report):
    client = client_for(reporter)
    url = reverse("deviations:mine")
    client.get(url)
    for _ in range(3):
        report()
    few = queries(lambda: client.get(url))
    for _ in range(27):
        report()
    assert queries(lambda: client.get(url)) == few
    newest = Deviation.objects.filter(reported_by=reporter).order_by("-reported_at", "-pk")[:25]
    assert [d.pk for d in page_rows(client.get(url))] == [d.pk for d in newest]
