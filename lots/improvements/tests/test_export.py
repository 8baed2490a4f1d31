"""The improvement list's Excel and CSV export: the list's filters and scope, the formats, the audit entry and bad input."""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.improvements import services
from lots.improvements.tests.helpers import make_action
from lots.testing.factories import RoleAssignmentFactory, UserFactory
from lots.testing.lists import Surfaces
from lots.testing.spreadsheets import csv_rows, xlsx_rows

TODAY = datetime.date.today()
LIST = reverse("improvements:index")
XLSX = reverse("improvements:export", args=["xlsx"])
CSV = reverse("improvements:export", args=["csv"])
HEADER = ["Åtgärd", "Enhet", "Ursprung", "Steg", "Ansvarig", "Klart senast", "Försenad", "Registrerad"]


def titles(rows) -> set[str]:
    return {r[0] for r in rows[1:]}


def listed(response) -> set[str]:
    return {a.title for a in response.context["page_obj"]}


@pytest.fixture
def owner(world):
    """The owner is someone else, so that owning an action does not widen any persona's view here."""
    user = UserFactory(username="agare", first_name="Åsa", last_name="Ägare")
    for unit in (world.own, world.foreign):
        RoleAssignmentFactory(user=user, role=Role.MEDARBETARE, unit=unit, include_subunits=False)
    return user


@pytest.fixture
def actions(world, owner):
    made = {
        "doing": make_action(world, world.own, owner=owner, title="På egna", stage="do", due=TODAY + datetime.timedelta(days=9)),
        "sub": make_action(world, world.sub, owner=owner, title="På underenheten", source_kind="complaint"),
        "late": make_action(world, world.own, owner=owner, title="Försenad", due=TODAY - datetime.timedelta(days=2)),
        "closed": make_action(
            world, world.own, owner=owner, title="Avslutad", stage="act", due=TODAY - datetime.timedelta(days=5)
        ),
        "other": make_action(world, world.other, owner=owner, title="På andra avdelningen"),
        "foreign": make_action(world, world.foreign, owner=owner, title="I andra kommunen"),
    }
    services.improvement_close(
        actor=owner, action=made["closed"], effect_measure="Antal avvikelser", effect_result="Från sex till en"
    )
    return made


def test_the_excel_export_has_the_filtered_actions(world, client_for, actions):
    response = client_for(world.persona(Role.AVDELNINGSCHEF)).get(XLSX, {"stage": "do"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert re.fullmatch(r'attachment; filename="forbattringsatgarder-\d{4}-\d{2}-\d{2}\.xlsx"', response["Content-Disposition"])
    rows = xlsx_rows(response)
    assert list(rows[0][: len(HEADER)]) == HEADER
    assert len(rows) == 2
    row = rows[1]
    assert row[:7] == (
        "På egna",
        "Egna avdelningen",
        "Annat",
        "Göra",
        "Åsa Ägare",
        datetime.datetime.combine(TODAY + datetime.timedelta(days=9), datetime.time()),
        "Nej",
    )
    assert row[7].date() == TODAY and row[8] == str(world.persona(Role.KVALITETSSAMORDNARE))


def test_the_csv_export_has_the_filtered_actions(world, client_for, actions):
    response = client_for(world.persona(Role.AVDELNINGSCHEF)).get(CSV, {"overdue": "on"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="forbattringsatgarder-\d{4}-\d{2}-\d{2}\.csv"', response["Content-Disposition"])
    rows = csv_rows(response)
    assert rows[0][: len(HEADER)] == HEADER
    assert [r[:7] for r in rows[1:]] == [
        ["Försenad", "Egna avdelningen", "Annat", "Planera", "Åsa Ägare", (TODAY - datetime.timedelta(days=2)).isoformat(), "Ja"]
    ]


def test_a_closed_action_is_exported_with_its_evaluation(world, client_for, actions):
    rows = csv_rows(client_for(world.persona(Role.AVDELNINGSCHEF)).get(CSV, {"stage": "closed"}))
    assert titles(rows) == {"Avslutad"}
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Steg"] == "Avslutad" and row["Försenad"] == "Nej"  # past its date, but closed
    assert row["Avslutad"] == TODAY.isoformat()
    assert row["Vad mättes"] == "Antal avvikelser" and row["Resultat av mätningen"] == "Från sex till en"


@pytest.mark.parametrize(
    "query",
    [{}, {"unit": "sub"}, {"stage": "all"}, {"stage": "plan"}, {"source_kind": "complaint"}, {"overdue": "on", "unit": "own"}],
)
def test_both_files_have_exactly_the_rows_of_the_list(world, client_for, actions, query):
    query = {k: world.unit(v).pk if k == "unit" else v for k, v in query.items()}
    client = client_for(world.persona(Role.AVDELNINGSCHEF))
    shown = listed(client.get(LIST, query))
    assert shown  # every query here matches something
    assert titles(xlsx_rows(client.get(XLSX, query))) == shown
    assert titles(csv_rows(client.get(CSV, query))) == shown


def test_an_unknown_format_is_not_found(world, client_for, actions):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    assert client.get(reverse("improvements:export", args=["pdf"])).status_code == 404
    assert client.get("/forbattringar/export.xlsx.csv").status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_export_stays_in_the_persons_scope(world, client_for, actions):
    client = client_for(world.persona(Role.ENHETSCHEF))
    assert titles(csv_rows(client.get(CSV, {"stage": "all"}))) == {"På egna", "På underenheten", "Försenad", "Avslutad"}
    other_manager = UserFactory(username="annan")
    RoleAssignmentFactory(user=other_manager, role=Role.ENHETSCHEF, unit=world.other, include_subunits=True)
    client = client_for(other_manager)
    assert titles(xlsx_rows(client.get(XLSX))) == {"På andra avdelningen"}
    # A unit outside the scope is not a choice: the filter has an error and nothing is exported.
    refused = client.get(CSV, {"unit": world.own.pk})
    assert refused.status_code == 302 and refused.url.startswith(LIST)


def test_the_owner_exports_their_own_actions_as_the_list_shows_them(world, client_for, actions, owner):
    client = client_for(owner)
    shown = listed(client.get(LIST))
    assert "I andra kommunen" in shown and "På underenheten" in shown  # owned, though outside the medarbetare's scope
    assert titles(csv_rows(client.get(CSV))) == shown


def test_people_without_the_list_cannot_export(world, client_for, actions):
    for user in (world.persona(Role.EXTERN_UTFORARE), world.outsider):
        client = client_for(user)
        assert client.get(XLSX).status_code == 404
        assert client.get(CSV).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_export_is_audited_with_its_filters(world, client_for, actions):
    user = world.persona(Role.AVDELNINGSCHEF)
    client_for(user).get(XLSX, {"stage": "all", "source_kind": "complaint"})
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == user
    assert "1 förbättringsåtgärder" in entry.note and "source_kind=complaint" in entry.note


def test_a_filter_with_errors_sends_the_export_back_to_the_list(world, client_for, actions):
    client = client_for(world.persona(Role.AVDELNINGSCHEF))
    params = {"stage": "klar", "unit": world.own.pk}
    response = client.get(CSV, params)
    assert response.status_code == 302
    assert response.url == LIST + "?" + urlencode(params)
    assert not AuditEntry.objects.filter(action="export").exists()
    page = client.get(response.url)
    assert page.status_code == 422 and XLSX not in page.content.decode()


def test_the_list_links_both_exports_with_the_active_filters(world, client_for, actions):
    html = client_for(world.persona(Role.AVDELNINGSCHEF)).get(LIST, {"stage": "do", "page": "1"}).content.decode()
    assert f'href="{XLSX}?stage=do"' in html and f'href="{CSV}?stage=do"' in html


@pytest.fixture
def surfaces(client, world):
    def for_user(user):
        return Surfaces(
            client=client,
            user=user,
            page=LIST,
            api="/api/v1/improvements",
            export=XLSX,
            page_key=lambda a: a.title,
            api_key=lambda a: a["title"],
            export_header="Åtgärd",
        )

    return for_user


@pytest.mark.parametrize(
    "params",
    [{}, {"stage": "all"}, {"stage": "do"}, {"overdue": "on"}, {"source_kind": "complaint"}, {"unit": "sub"}, {"mine": "on"}],
)
def test_the_page_the_api_and_the_export_list_the_same_actions_in_the_same_order(world, surfaces, actions, owner, params):
    params = {key: world.sub.pk if value == "sub" else value for key, value in params.items()}
    user = owner if "mine" in params else world.persona(Role.KVALITETSSAMORDNARE)
    listed_titles = surfaces(user).rows(params)
    assert listed_titles


def test_actions_due_the_same_day_are_in_the_order_they_were_made_everywhere(world, surfaces, owner):
    for title in ("Tredje", "Första", "Andra"):
        make_action(world, world.own, owner=owner, title=title, due=TODAY)
    assert surfaces(world.persona(Role.KVALITETSSAMORDNARE)).rows() == ["Tredje", "Första", "Andra"]


def test_an_invalid_filter_lists_no_actions_and_says_why(world, surfaces, actions):
    surfaces(world.persona(Role.ENHETSCHEF)).assert_invalid({"unit": world.foreign.pk}, "unit", "Välj ett giltigt alternativ")


def test_the_page_the_api_and_the_export_use_as_many_queries_for_thirty_actions_as_for_three(world, surfaces, owner):
    def add(n):
        for i in range(n):
            make_action(world, world.sub if i % 2 else world.own, owner=owner, title=f"Åtgärd {i}")

    surfaces(world.persona(Role.KVALITETSSAMORDNARE)).assert_queries_do_not_grow(add)
