"""The feedback list's Excel and CSV export: the list's filters and scope, the formats, the audit entry and bad input."""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.feedback.models import FeedbackCase
from lots.feedback.tests.conftest import aware
from lots.testing.factories import RoleAssignmentFactory, UserFactory
from lots.testing.grants import audit_grant
from lots.testing.lists import Surfaces
from lots.testing.spreadsheets import csv_rows, xlsx_rows

C = FeedbackCase
LIST = reverse("feedback:index")
XLSX = reverse("feedback:export", args=["xlsx"])
CSV = reverse("feedback:export", args=["csv"])
HEADER = ["Diarienummer", "Inkom", "Typ", "Myndighet", "Enhet", "Kanal", "Avsändare", "Gäller", "Status"]


def shown(response) -> set[str]:
    return {c.reference for c in response.context["page_obj"]}


@pytest.fixture
def cases(world, make_case):
    """A complaint and a praise on "own", an IVO report on "sub", and complaints on "other" and "foreign"."""
    return {
        "complaint": make_case(received_at=aware(datetime.date.today() - datetime.timedelta(days=3))),
        "praise": make_case(kind=C.Kind.PRAISE, channel=C.Channel.EMAIL),
        "ivo": make_case(world.sub, authority=C.Authority.IVO, sender_role="", external_reference="IVO 8.5-77/2026"),
        "other": make_case(world.other, actor=world.outsider),
        "foreign": make_case(world.foreign, actor=world.outsider),
    }


def test_the_excel_export_has_the_filtered_cases(world, client_for, cases):
    response = client_for(world.persona("kvalitetssamordnare")).get(XLSX, {"kind": "klagomal"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert re.fullmatch(r'attachment; filename="synpunkter-\d{4}-\d{2}-\d{2}\.xlsx"', response["Content-Disposition"])
    rows = xlsx_rows(response)
    assert list(rows[0][: len(HEADER)]) == HEADER
    assert {r[0] for r in rows[1:]} == {cases["complaint"].reference, cases["ivo"].reference}
    complaint = next(r for r in rows if r[0] == cases["complaint"].reference)
    assert complaint[1] == datetime.datetime.combine(cases["complaint"].received_on, datetime.time())
    assert complaint[2] == "Klagomål" and complaint[4] == "Egna avdelningen"
    ivo = next(r for r in rows if r[0] == cases["ivo"].reference)
    assert ivo[3] == C.Authority.IVO.label and ivo[4] == "Underenheten"


def test_the_csv_export_has_the_filtered_cases(world, client_for, cases):
    response = client_for(world.persona("kvalitetssamordnare")).get(CSV, {"channel": C.Channel.EMAIL})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="synpunkter-\d{4}-\d{2}-\d{2}\.csv"', response["Content-Disposition"])
    rows = csv_rows(response)
    assert rows[0][: len(HEADER)] == HEADER
    assert [r[0] for r in rows[1:]] == [cases["praise"].reference]
    assert rows[1][2] == "Beröm" and rows[1][4] == "Egna avdelningen"


@pytest.mark.parametrize(
    "query",
    [{}, {"unit": "sub"}, {"origin": "enskild"}, {"q": "8.5-77"}, {"status": "oppna", "kind": "berom"}],
)
def test_both_files_have_exactly_the_rows_of_the_list(world, client_for, cases, query):
    query = {k: world.unit(v).pk if k == "unit" else v for k, v in query.items()}
    client = client_for(world.persona("avdelningschef"))
    listed = shown(client.get(LIST, query))
    assert listed  # every query here matches something
    assert {r[0] for r in xlsx_rows(client.get(XLSX, query))[1:]} == listed
    assert {r[0] for r in csv_rows(client.get(CSV, query))[1:]} == listed


def test_an_unknown_format_is_not_found(world, client_for, cases):
    client = client_for(world.persona("kvalitetssamordnare"))
    assert client.get(reverse("feedback:export", args=["pdf"])).status_code == 404
    assert client.get("/synpunkter/export/").status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_export_stays_in_the_persons_scope(world, client_for, cases):
    own = {cases[k].reference for k in ("complaint", "praise", "ivo")}
    assert {r[0] for r in csv_rows(client_for(world.persona("enhetschef")).get(CSV))[1:]} == own
    other_manager = UserFactory(username="annan")
    RoleAssignmentFactory(user=other_manager, role=Role.ENHETSCHEF, unit=world.other, include_subunits=True)
    client = client_for(other_manager)
    assert [r[0] for r in xlsx_rows(client.get(XLSX))[1:]] == [cases["other"].reference]
    # A unit outside the scope is not a choice: the filter has an error and nothing is exported.
    refused = client.get(CSV, {"unit": world.own.pk})
    assert refused.status_code == 302 and refused.url.startswith(LIST)


def test_people_without_the_list_cannot_export(world, client_for, cases):
    for user in (world.persona("medarbetare"), world.persona("namndledamot"), world.outsider):
        client = client_for(user)
        assert client.get(XLSX).status_code == 404
        assert client.get(CSV).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_export_is_audited_with_its_filters(world, client_for, cases):
    user = world.persona("granskare")
    audit_grant(world)
    client_for(user).get(CSV, {"kind": "klagomal"})
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == user
    assert "2 synpunkter" in entry.note and "kind=klagomal" in entry.note


def test_a_filter_with_errors_sends_the_export_back_to_the_list(world, client_for, cases):
    params = {"date_from": "igår", "kind": "klagomal"}
    response = client_for(world.persona("kvalitetssamordnare")).get(XLSX, params)
    assert response.status_code == 302
    assert response.url == LIST + "?" + urlencode(params)
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_list_links_both_exports_with_the_active_filters(world, client_for, cases):
    client = client_for(world.persona("kvalitetssamordnare"))
    html = client.get(LIST, {"kind": "klagomal", "page": "1"}).content.decode()
    assert f'href="{XLSX}?kind=klagomal"' in html and f'href="{CSV}?kind=klagomal"' in html
    assert XLSX not in client.get(LIST, {"date_from": "igår"}).content.decode()


@pytest.fixture
def surfaces(client, world):
    def for_user(user):
        return Surfaces(
            client=client,
            user=user,
            page=LIST,
            api="/api/v1/feedback",
            export=XLSX,
            page_key=lambda c: c.reference,
            api_key=lambda c: c["reference"],
            export_header="Diarienummer",
        )

    return for_user


@pytest.mark.parametrize(
    "params",
    [{}, {"kind": C.Kind.PRAISE}, {"status": "oppna"}, {"origin": "myndighet"}, {"unit": "sub"}, {"channel": C.Channel.EMAIL}],
)
def test_the_page_the_api_and_the_export_list_the_same_cases_in_the_same_order(world, surfaces, cases, params):
    params = {key: world.sub.pk if value == "sub" else value for key, value in params.items()}
    assert surfaces(world.persona(Role.KVALITETSSAMORDNARE)).rows(params)


def test_cases_received_at_the_same_moment_are_newest_first_everywhere(world, surfaces, make_case):
    moment = aware(datetime.date.today() - datetime.timedelta(days=1))
    made = [make_case(received_at=moment) for _ in range(3)]
    listed = surfaces(world.persona(Role.KVALITETSSAMORDNARE)).rows()
    assert listed == [c.reference for c in reversed(made)]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"date_from": "2026-02-01", "date_to": "2026-01-01"}, "date_to", "Slutdatumet kan inte vara före startdatumet."),
        ({"status": "kanske"}, "status", "Välj ett giltigt alternativ"),
    ],
)
def test_an_invalid_filter_lists_no_cases_and_says_why(world, surfaces, cases, params, field, message):
    surfaces(world.persona(Role.KVALITETSSAMORDNARE)).assert_invalid(params, field, message)


def test_the_page_the_api_and_the_export_use_as_many_queries_for_thirty_cases_as_for_three(world, surfaces, make_case):
    def add(n):
        for i in range(n):
            make_case(world.sub if i % 2 else world.own)

    surfaces(world.persona(Role.KVALITETSSAMORDNARE)).assert_queries_do_not_grow(add)
