import datetime
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.deviations import services
from lots.deviations.models import Deviation, DeviationCategory, LexSarahInvestigation
from lots.deviations.views.lists import HEADERS
from lots.testing.factories import RoleAssignmentFactory, UserFactory
from lots.testing.spreadsheets import csv_rows, xlsx_rows

URL = reverse("deviations:index")
EXPORT_XLSX = reverse("deviations:export", args=["xlsx"])
EXPORT_CSV = reverse("deviations:export", args=["csv"])
C = LexSarahInvestigation.Classification


def numbers(response) -> set[str]:
    return {d.number for d in response.context["page_obj"]}


@pytest.fixture
def spread(world, report):
    """Reports on every place, in two categories, over time, some lex Sarah and one serious."""
    handling = DeviationCategory.objects.get(municipality=world.m1, name="Handläggning")
    long_ago = timezone.now() - datetime.timedelta(days=400)
    made = {
        "own": report(),
        "sub": report(unit=world.sub, category=handling),
        "other": report(unit=world.other),
        "foreign": report(unit=world.foreign),
        "old": report(reported_at=long_ago, occurred_at=long_ago - datetime.timedelta(hours=3)),
        "lex": report(possible_lex_sarah=True),
        "serious": report(possible_lex_sarah=True, unit=world.sub),
    }
    services.investigation_update(
        actor=None, investigation=made["serious"].lex_sarah, expected_version=None, data={"classification": C.SERIOUS}
    )
    services.deviation_transition(actor=None, deviation=made["own"], to_state=Deviation.State.RECEIVED)
    return made


def test_the_list_shows_only_reports_in_scope(world, client_for, spread):
    response = client_for(world.persona("enhetschef")).get(URL)
    expected = {spread[k].number for k in ("own", "sub", "old", "lex", "serious")}
    assert numbers(response) == expected


@pytest.mark.parametrize(
    ("params", "keys"),
    [
        ({"unit": "sub"}, {"sub", "serious"}),
        ({"category": "Handläggning"}, {"sub"}),
        ({"state": "received"}, {"own"}),
        ({"state": "open"}, {"own", "sub", "old", "lex", "serious"}),
        ({"lex_sarah": "ja"}, {"lex", "serious"}),
        ({"lex_sarah": "nej"}, {"own", "sub", "old"}),
        ({"seriousness": "allvarligt"}, {"serious"}),
        ({"seriousness": "obedomd"}, {"lex"}),
        ({"start": "today-30"}, {"own", "sub", "lex", "serious"}),
        ({"end": "today-30"}, {"old"}),
    ],
)
def test_filters(world, client_for, spread, params, keys):
    query = {}
    for name, value in params.items():
        if name == "unit":
            value = world.unit(value).pk
        elif name == "category":
            value = DeviationCategory.objects.get(municipality=world.m1, name=value).pk
        elif value.startswith("today-"):
            value = (timezone.localdate() - datetime.timedelta(days=int(value.split("-")[1]))).isoformat()
        query[name] = value
    response = client_for(world.persona("kvalitetssamordnare")).get(URL, query)
    assert response.status_code == 200
    assert numbers(response) == {spread[k].number for k in keys}


def test_an_invalid_period_is_explained_at_the_field(world, client_for, spread):
    response = client_for(world.persona("kvalitetssamordnare")).get(URL, {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 422
    assert "Slutdatumet ligger före startdatumet." in response.content.decode()


def test_the_list_uses_a_fixed_number_of_queries(world, client_for, report, django_assert_num_queries):
    client = client_for(world.persona("kvalitetssamordnare"))
    client.get(URL)  # warm the session and the content types
    for _ in range(3):
        report(possible_lex_sarah=True)
    # Session, user, roles, whether own reports lie outside one's units, count, the page's ids, its rows with
    # relations, filter form (2), session save (3), and the access log: the units of the rows read, then the entry
    # as the next link of its chain (the chain's head locked, the entry, its read rows in one batch, the head moved).
    with django_assert_num_queries(17) as first:
        client.get(URL)
    for _ in range(12):
        report(possible_lex_sarah=True, unit=world.sub)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(URL)


def test_the_excel_export_follows_the_filter_and_is_logged(world, client_for, spread):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.get(EXPORT_XLSX, {"lex_sarah": "ja"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert re.fullmatch(r'attachment; filename="avvikelser-\d{4}-\d{2}-\d{2}\.xlsx"', response["Content-Disposition"])
    rows = xlsx_rows(response)
    assert rows[0] == tuple(HEADERS)
    assert sorted(r[0] for r in rows[1:]) == sorted([spread["lex"].number, spread["serious"].number])
    serious_row = next(r for r in rows if r[0] == spread["serious"].number)
    assert serious_row[HEADERS.index("Enhet")] == "Underenheten"
    assert serious_row[HEADERS.index("Bedömning")] == "Allvarligt missförhållande"
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == world.persona("kvalitetssamordnare") and "2 avvikelser" in entry.note and "lex_sarah=ja" in entry.note


def test_the_csv_export_has_the_same_filtered_rows(world, client_for, spread):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.get(EXPORT_CSV, {"unit": world.sub.pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="avvikelser-\d{4}-\d{2}-\d{2}\.csv"', response["Content-Disposition"])
    rows = csv_rows(response)
    assert rows[0] == HEADERS
    assert sorted(r[0] for r in rows[1:]) == sorted([spread["sub"].number, spread["serious"].number])
    sub_row = next(r for r in rows if r[0] == spread["sub"].number)
    assert sub_row[HEADERS.index("Kategori")] == "Handläggning" and sub_row[HEADERS.index("Lex Sarah")] == "Nej"
    assert AuditEntry.objects.filter(action="export", actor=world.persona("kvalitetssamordnare")).count() == 1


def test_the_export_has_the_rows_of_the_list(world, client_for, spread):
    client = client_for(world.persona("kvalitetssamordnare"))
    query = {"state": "open", "lex_sarah": "nej"}
    listed = numbers(client.get(URL, query))
    assert listed == {spread[k].number for k in ("own", "sub", "old")}
    assert {r[0] for r in xlsx_rows(client.get(EXPORT_XLSX, query))[1:]} == listed
    assert {r[0] for r in csv_rows(client.get(EXPORT_CSV, query))[1:]} == listed


def test_an_unknown_format_is_not_found(world, client_for, spread):
    client = client_for(world.persona("kvalitetssamordnare"))
    assert client.get(reverse("deviations:export", args=["pdf"])).status_code == 404
    assert client.get("/avvikelser/export.xlsx.csv").status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_export_stays_in_the_persons_scope(world, client_for, spread):
    own_manager = csv_rows(client_for(world.persona("enhetschef")).get(EXPORT_CSV))
    assert {r[0] for r in own_manager[1:]} == {spread[k].number for k in ("own", "sub", "old", "lex", "serious")}
    other_manager = UserFactory(username="annan")
    RoleAssignmentFactory(user=other_manager, role=Role.ENHETSCHEF, unit=world.other, include_subunits=True)
    client = client_for(other_manager)
    assert {r[0] for r in csv_rows(client.get(EXPORT_CSV))[1:]} == {spread["other"].number}
    # A unit outside the scope is not a choice: the filter has an error and nothing is exported.
    refused = client.get(EXPORT_XLSX, {"unit": world.own.pk})
    assert refused.status_code == 302 and refused.url.startswith(URL)


def test_people_who_only_report_or_have_no_role_cannot_export(world, client_for, spread):
    for user in (world.persona("medarbetare"), world.outsider):
        client = client_for(user)
        assert client.get(EXPORT_XLSX).status_code == 404
        assert client.get(EXPORT_CSV).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_a_filter_with_errors_sends_the_export_back_to_the_list(world, client_for, spread):
    client = client_for(world.persona("kvalitetssamordnare"))
    params = {"start": "2026-05-01", "end": "2026-04-01", "lex_sarah": "ja"}
    response = client.get(EXPORT_CSV, params)
    assert response.status_code == 302
    assert response.url == URL + "?" + urlencode(params)
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_list_links_both_exports_with_the_active_filters(world, client_for, spread):
    client = client_for(world.persona("kvalitetssamordnare"))
    html = client.get(URL, {"lex_sarah": "ja", "page": "1"}).content.decode()
    assert f'href="{EXPORT_XLSX}?lex_sarah=ja"' in html and f'href="{EXPORT_CSV}?lex_sarah=ja"' in html
    with_errors = client.get(URL, {"start": "2026-05-01", "end": "2026-04-01"}).content.decode()
    assert EXPORT_XLSX not in with_errors
