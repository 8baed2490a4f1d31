"""The log search's Excel/CSV export: the same filters and scope as the search, readable columns, logged itself."""

import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lots.accounts.models import Role
from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.testing.factories import RoleAssignmentFactory, UserFactory
from lots.testing.lists import page_rows, queries
from lots.testing.spreadsheets import csv_rows, xlsx_rows

SEARCH = reverse("audit:search")
HEADER = [
    "Tid (svensk tid)",
    "Person",
    "Användarnamn",
    "Händelse",
    "Typ av post",
    "Post",
    "Postens id",
    "Enhet",
    "Ändringar",
    "Anteckning",
]


def export(fmt: str) -> str:
    return reverse("audit:search_export", args=[fmt])


@pytest.fixture
def entries(world):
    """One entry on each place, the one on own with changes, a note and a fixed winter time (UTC+1 in Stockholm)."""
    chief = world.persona("enhetschef")
    on_own = audit.record(
        actor=chief, action="update", obj=world.own, changes={"public_name": ("", "Publikt namn")}, note="ändrade namnet"
    )
    winter = AuditEntry.objects.create(
        at=datetime.datetime(2026, 1, 15, 11, 30, 5, 123456, tzinfo=datetime.UTC),
        actor=chief,
        actor_name="Enhetschef Persona",
        action="view",
        object_id=str(world.sub.pk),
        object_repr="Underenheten",
        unit_id=world.sub.pk,
        unit_path=world.sub.path,
    )
    on_other = audit.record(actor=None, action="update", obj=world.other, note="på andra avdelningen")
    on_foreign = audit.record(actor=None, action="update", obj=world.foreign, note="i andra kommunen")
    return {"own": on_own, "sub": winter, "other": on_other, "foreign": on_foreign}


def test_the_excel_export_has_readable_columns_in_swedish_time(world, client_for, entries):
    response = client_for(world.persona("kvalitetssamordnare")).get(export("xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert (
        response["Content-Disposition"].startswith('attachment; filename="logg-') and ".xlsx" in response["Content-Disposition"]
    )
    header, *rows = xlsx_rows(response)
    assert list(header) == HEADER
    by_note = {r[9]: r for r in rows}
    assert set(by_note) == {"ändrade namnet", None}  # own and sub; other and foreign are outside the scope
    own = by_note["ändrade namnet"]
    assert own[1:9] == (
        "Enhetschef Persona",
        "enhetschef",
        "Ändrade",
        "Enhet",
        "Egna avdelningen",
        str(world.own.pk),
        "Egna avdelningen",
        "Namn i e-tjänsten: – → text, 12 tecken",
    )
    winter = by_note[None]
    assert winter[0] == datetime.datetime(2026, 1, 15, 12, 30, 5)  # 11:30 UTC is 12:30 in Stockholm in January
    assert winter[3:8] == ("Läste", None, "Underenheten", str(world.sub.pk), "Underenheten")
    assert [r[9] for r in rows] == ["ändrade namnet", None]  # newest first, as on the page


def test_the_csv_export_applies_the_search_filters(world, client_for, entries):
    client = client_for(world.persona("kvalitetssamordnare"))
    params = {"person": "enhetschef", "action": "view"}
    page = client.get(SEARCH, params)
    response = client.get(export("csv"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = csv_rows(response)
    assert header == HEADER
    assert [e.pk for e in page.context["page_obj"]] == [entries["sub"].pk]
    sub = str(world.sub.pk)
    assert rows == [
        ["2026-01-15 12:30:05", "Enhetschef Persona", "enhetschef", "Läste", "", "Underenheten", sub, "Underenheten", "", ""]
    ]
    period = csv_rows(client.get(export("csv"), {"date_from": "2026-01-15", "date_to": "2026-01-15"}))[1:]
    assert [r[5] for r in period] == ["Underenheten"]
    record = csv_rows(client.get(export("csv"), {"record": "Egna"}))[1:]
    assert [r[9] for r in record] == ["ändrade namnet"]


def test_an_auditor_elsewhere_exports_only_their_part_of_the_log(world, client_for, entries):
    elsewhere = UserFactory(username="granskare-andra")
    RoleAssignmentFactory(user=elsewhere, role=Role.GRANSKARE, unit=world.other, include_subunits=True)
    rows = xlsx_rows(client_for(elsewhere).get(export("xlsx")))[1:]
    assert [r[9] for r in rows] == ["på andra avdelningen"]
    auditor_on_own = csv_rows(client_for(world.persona("granskare")).get(export("csv")))[1:]
    assert sorted(r[7] for r in auditor_on_own) == ["Egna avdelningen", "Underenheten"]


def test_the_export_is_logged_with_its_count_and_filters(world, client_for, entries):
    coordinator = world.persona("kvalitetssamordnare")
    client = client_for(coordinator)
    client.get(export("csv"), {"person": "enhetschef"})
    logged = AuditEntry.objects.get(action="export")
    assert logged.actor == coordinator and logged.actor_name == "Kvalitetssamordnare Persona"
    assert logged.note == "Export av 2 loggposter (person=enhetschef)"
    again = csv_rows(client.get(export("csv"), {"action": "export"}))[1:]
    assert [r[3] for r in again] == []  # the coordinator's own export has no unit, so it is outside the unit scope
    assert AuditEntry.objects.filter(action="export").count() == 2


@pytest.mark.parametrize("role", ["enhetschef", "medarbetare", "extern_utforare"])
def test_people_without_the_log_get_no_export(world, client_for, entries, role):
    client = client_for(world.persona(role))
    assert client.get(SEARCH).status_code == 404
    assert client.get(export("xlsx")).status_code == 404
    assert client_for(world.outsider).get(export("csv")).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_an_unknown_format_is_not_found(world, client_for, entries):
    assert client_for(world.persona("kvalitetssamordnare")).get(export("pdf")).status_code == 404


@pytest.mark.parametrize(
    "params",
    [{"date_from": "igår"}, {"date_from": "2026-05-01", "date_to": "2026-04-01"}, {"action": "glömd", "person": "x y"}],
)
def test_a_search_with_errors_sends_the_export_back_to_the_search(world, client_for, entries, params):
    client = client_for(world.persona("kvalitetssamordnare"))
    assert client.get(SEARCH, params).status_code == 422
    response = client.get(export("xlsx"), params)
    assert response.status_code == 302
    assert response.url == SEARCH + "?" + urlencode(params)
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_search_page_links_to_the_export_with_its_filters(world, client_for, entries):
    client = client_for(world.persona("kvalitetssamordnare"))
    html = client.get(SEARCH, {"person": "enhetschef", "page": "1"}).content.decode()
    assert f'href="{export("xlsx")}?person=enhetschef"' in html
    assert f'href="{export("csv")}?person=enhetschef"' in html
    assert export("xlsx") not in client.get(SEARCH, {"date_from": "igår"}).content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(export("xlsx")).status_code == 200
    return len(captured.captured_queries)


def test_the_export_reads_the_log_in_a_fixed_number_of_queries(world, client_for, entries):
    client = client_for(world.persona("kvalitetssamordnare"))
    _queries(client)  # the first export entry also starts the global chain's head
    few = _queries(client)
    for i in range(30):
        audit.record(actor=world.persona("enhetschef"), action="update", obj=world.sub, changes={"name": (f"{i}", f"{i + 1}")})
    assert _queries(client) == few
    assert len(xlsx_rows(client.get(export("xlsx")))) == 1 + 2 + 30


def test_summer_times_are_exported_in_swedish_summer_time(world, client_for):
    AuditEntry.objects.create(
        at=datetime.datetime(2026, 7, 1, 10, 0, tzinfo=datetime.UTC),
        action="view",
        object_repr="Sommarposten",
        unit_id=world.own.pk,
        unit_path=world.own.path,
    )
    rows = csv_rows(client_for(world.persona("kvalitetssamordnare")).get(export("csv"), {"record": "Sommar"}))[1:]
    assert [(r[0], r[5], r[1]) for r in rows] == [("2026-07-01 12:00:00", "Sommarposten", "")]


def _page_and_export(client, params) -> tuple[list, list]:
    page = [(e.object_repr, e.note) for e in page_rows(client.get(SEARCH, params))]
    rows = xlsx_rows(client.get(export("xlsx"), params))[1:]
    return page, [(row[5] or "", row[9] or "") for row in rows]


@pytest.mark.parametrize("params", [{}, {"action": "update"}, {"person": "Enhetschef"}, {"record": "Underenheten"}])
def test_the_search_and_its_export_have_the_same_entries_in_the_same_order(world, client_for, entries, params):
    for i in range(3):  # entries at the same moment: the id decides, on the page and in the file
        AuditEntry.objects.create(
            at=entries["sub"].at,
            actor=world.persona("enhetschef"),
            actor_name="Enhetschef Persona",
            action="update",
            object_id=str(world.sub.pk),
            object_repr="Underenheten",
            unit_id=world.sub.pk,
            unit_path=world.sub.path,
            note=f"samtidig {i}",
        )
    page, exported = _page_and_export(client_for(world.persona("kvalitetssamordnare")), params)
    assert page and page == exported


def test_a_search_with_errors_lists_no_entries(world, client_for, entries):
    page = client_for(world.persona("kvalitetssamordnare")).get(SEARCH, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert page.status_code == 422 and page_rows(page) == []
    assert "Slutdatumet kan inte vara före startdatumet." in page.content.decode()


def test_the_search_page_reads_the_log_in_a_fixed_number_of_queries(world, client_for, entries):
    client = client_for(world.persona("kvalitetssamordnare"))
    client.get(SEARCH)
    for i in range(3):
        audit.record(actor=world.persona("enhetschef"), action="update", obj=world.sub, note=f"{i}")
    few = queries(lambda: client.get(SEARCH))
    for i in range(27):
        audit.record(actor=world.persona("enhetschef"), action="update", obj=world.sub, note=f"fler {i}")
    assert queries(lambda: client.get(SEARCH)) == few
