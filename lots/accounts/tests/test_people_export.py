"""The people list's Excel/CSV export: the same search and scope as the list, one row a person, logged."""

import pytest
from django.urls import reverse

from lots.accounts.models import RoleAssignment, User
from lots.audit.models import AuditEntry
from lots.testing.browser import DESKTOP, PHONE, assert_accessible
from lots.testing.factories import UserFactory
from lots.testing.lists import export_column, page_rows, queries
from lots.testing.spreadsheets import csv_rows, xlsx_rows

PEOPLE = reverse("accounts:people")
HEADER = ["Namn", "Användarnamn", "E-post", "Titel", "Telefon", "Aktiv", "Roller"]


def export(fmt: str) -> str:
    return reverse("accounts:people_export", args=[fmt])


@pytest.fixture
def placed(world):
    """A staff member on each place; the one on sub is also unit head on own and has left (inactive account)."""
    people = {}
    for place in ("own", "sub", "other", "foreign"):
        person = UserFactory(username=f"p-{place}", first_name="Placerad", last_name=place, title=f"Titel {place}")
        RoleAssignment.objects.create(user=person, role="medarbetare", unit=world.unit(place), include_subunits=False)
        people[place] = person
    RoleAssignment.objects.create(user=people["sub"], role="enhetschef", unit=world.own, include_subunits=True)
    people["sub"].is_active = False
    people["sub"].phone = "08-123 45"
    people["sub"].save()
    return people


def test_the_excel_export_lists_the_people_in_scope_with_their_roles(world, client_for, placed):
    client = client_for(world.persona("enhetschef"))
    response = client.get(export("xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="personer-' in response["Content-Disposition"]
    header, *rows = xlsx_rows(response)
    assert list(header) == HEADER
    by_username = {r[1]: r for r in rows}
    listed = {p.username for p in client.get(PEOPLE).context["page_obj"]}
    assert set(by_username) == listed
    assert {"p-own", "p-sub", "enhetschef", "medarbetare"} <= listed
    assert "p-other" not in listed and "p-foreign" not in listed
    assert by_username["p-own"] == (
        "Placerad own",
        "p-own",
        "p-own@example.invalid",
        "Titel own",
        None,
        "Ja",
        "Medarbetare, Egna avdelningen",
    )
    assert by_username["p-sub"][4:] == ("08-123 45", "Nej", "Enhetschef, Egna avdelningen; Medarbetare, Underenheten")


def test_the_csv_export_applies_the_search(world, client_for, placed):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.get(export("csv"), {"q": "placerad"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = csv_rows(response)
    assert header == HEADER
    assert [r[0] for r in rows] == ["Placerad own", "Placerad sub"]
    assert rows[0] == ["Placerad own", "p-own", "p-own@example.invalid", "Titel own", "", "Ja", "Medarbetare, Egna avdelningen"]
    assert csv_rows(client.get(export("csv"), {"q": "finns inte"})) == [HEADER]


def test_staff_below_a_unit_export_only_their_part(world, client_for, placed):
    chief = UserFactory(username="chef-sub")
    RoleAssignment.objects.create(user=chief, role="enhetschef", unit=world.sub, include_subunits=True)
    client = client_for(chief)
    exported = {r[1] for r in csv_rows(client.get(export("csv")))[1:]}
    assert exported == {p.username for p in client.get(PEOPLE).context["page_obj"]}
    # Of the staff on units only sub's; the municipality's external providers' people are in every municipal scope.
    assert exported == {"chef-sub", "p-sub", "extern_utforare"}


@pytest.mark.parametrize("role", ["medarbetare", "namndledamot", "extern_utforare"])
def test_people_without_the_list_get_no_export(world, client_for, placed, role):
    client = client_for(world.persona(role))
    assert client.get(PEOPLE).status_code == 404
    assert client.get(export("csv")).status_code == 404
    assert client_for(world.outsider).get(export("xlsx")).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_an_unknown_format_is_not_found(world, client_for):
    assert client_for(world.persona("kvalitetssamordnare")).get(export("ods")).status_code == 404


def test_the_export_is_logged(world, client_for, placed):
    coordinator = world.persona("kvalitetssamordnare")
    client_for(coordinator).get(export("xlsx"), {"q": "placerad"})
    logged = AuditEntry.objects.get(action="export")
    assert logged.actor == coordinator
    assert logged.note == "Export av 2 personer (q=placerad)"


def test_the_list_links_to_the_export_with_the_search(world, client_for, placed):
    html = client_for(world.persona("kvalitetssamordnare")).get(PEOPLE, {"q": "a&b c", "page": "2"}).content.decode()
    assert f'href="{export("xlsx")}?q=a%26b+c"' in html
    assert f'href="{export("csv")}?q=a%26b+c"' in html


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_people_list_with_its_export_links_is_accessible(world, new_page, live_server, placed, viewport):
    page = new_page(user=world.persona("kvalitetssamordnare"), viewport=viewport)
    page.goto(live_server.url + PEOPLE + "?q=placerad")
    assert page.get_by_role("link", name="Exportera till Excel").get_attribute("href") == export("xlsx") + "?q=placerad"
    assert_accessible(page, "personlistan")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


@pytest.mark.parametrize("params", [{}, {"q": "placerad"}, {"q": "p-"}])
def test_the_list_and_the_export_have_the_same_people_in_the_same_order(world, client_for, placed, params):
    UserFactory(username="p-twin", first_name="Placerad", last_name="own")
    RoleAssignment.objects.create(user=User.objects.get(username="p-twin"), role="medarbetare", unit=world.own)
    client = client_for(world.persona("enhetschef"))
    listed = [p.username for p in page_rows(client.get(PEOPLE, params))]
    assert listed and listed == export_column(client.get(export("xlsx"), params), "Användarnamn")


def test_a_too_long_search_lists_nobody_and_says_why(world, client_for, placed):
    client = client_for(world.persona("enhetschef"))
    page = client.get(PEOPLE, {"q": "x" * 101})
    assert page.status_code == 422 and page_rows(page) == []
    assert "100 tecken" in page.content.decode()
    assert client.get(export("xlsx"), {"q": "x" * 101}).status_code == 302
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_list_and_the_export_use_as_many_queries_for_thirty_people_as_for_three(world, client_for):
    client = client_for(world.persona("enhetschef"))
    requests = [lambda: client.get(PEOPLE), lambda: client.get(export("xlsx"))]
    for request in requests:
        request()

    def add(start, stop):
        for n in range(start, stop):
            person = UserFactory(username=f"extra-{n}")
            RoleAssignment.objects.create(user=person, role="medarbetare", unit=world.sub if n % 2 else world.own)

    add(0, 3)
    few = [queries(request) for request in requests]
    add(3, 30)
    assert [queries(request) for request in requests] == few
