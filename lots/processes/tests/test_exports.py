"""Excel and CSV exports of the process register and the routine list: same rows, order, filters and scope as the lists,
audited, and in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.processes import services
from lots.processes.models import Process
from lots.processes.tests.helpers import make_process, make_routine
from lots.testing.factories import RoleAssignmentFactory, UserFactory
from lots.testing.lists import Surfaces
from lots.testing.spreadsheets import csv_rows, xlsx_rows

INDEX = reverse("processes:index")
ROUTINES = reverse("processes:routines")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def process_export(fmt="xlsx"):
    return reverse("processes:process_export", args=[fmt])


def routine_export(fmt="xlsx"):
    return reverse("processes:routine_export", args=[fmt])


def person_on(unit, role=Role.KVALITETSSAMORDNARE):
    user = UserFactory(username=f"{role}-{unit.code}")
    RoleAssignmentFactory(user=user, role=role, unit=unit, include_subunits=True)
    return user


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


# The process register.


@pytest.fixture
def register(world):
    """Processes of every kind on own, sub, above (förvaltningen), other and foreign; one established with an owner,
    one a subprocess of it, one with a routine."""
    actor = world.persona(Role.KVALITETSSAMORDNARE)
    reception = make_process(world, world.own, name="Mottagning barn och unga", steps=("Aktualisering", "Förhandsbedömning"))
    services.process_update(
        actor=actor,
        process=reception,
        expected_version=reception.version,
        owner=world.persona(Role.ENHETSCHEF),
        purpose="Barn i behov av skydd får det.",
    )
    services.process_establish(actor=actor, process=reception, review_date=timezone.localdate() + datetime.timedelta(days=30))
    services.process_create(actor=actor, municipality=world.m1, name="Skyddsbedömning", units=[world.sub], parent=reception)
    make_process(world, world.own, name="Ekonomiskt bistånd", steps=("Ansökan",))
    make_process(world, world.own, name="Ledningssystemet")
    Process.objects.filter(name="Ledningssystemet").update(kind=Process.Kind.MANAGEMENT)
    services.process_create(
        actor=actor, municipality=world.m1, name="Arkivering", units=[world.forvaltning], kind=Process.Kind.SUPPORT
    )
    make_process(world, world.other, name="Andra avdelningens process")
    make_process(world, world.foreign, name="Främmande process")
    routine = make_routine(world, world.own)
    routine.processes.add(reception)
    return reception


def test_the_process_export_has_the_register_in_its_order_with_the_details(world, client_for, register):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    table = xlsx_rows(client.get(process_export()))
    header, rows = table[0], table[1:]
    assert header[:4] == ("Process", "Typ", "Huvudprocess", "Status")
    # Core processes by name with the subprocess under its main process, then management, then support.
    assert [r[0] for r in rows] == [
        "Ekonomiskt bistånd",
        "Mottagning barn och unga",
        "Skyddsbedömning",
        "Ledningssystemet",
        "Arkivering",
    ]
    by_name = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    reception = by_name["Mottagning barn och unga"]
    assert reception["Typ"] == "Verksamhetsprocess" and reception["Status"] == "Fastställd"
    assert isinstance(reception["Fastställd"], datetime.datetime)
    assert reception["Nästa översyn"].date() == timezone.localdate() + datetime.timedelta(days=30)
    assert reception["Översyn förfallen"] == "Nej"
    assert reception["Processägare"] == "Enhetschef Persona"
    assert (reception["Enheter"], reception["Steg"], reception["Rutiner"]) == ("Egna avdelningen", 2, 1)
    assert reception["Syfte"] == "Barn i behov av skydd får det."
    assert by_name["Skyddsbedömning"]["Huvudprocess"] == "Mottagning barn och unga"
    assert by_name["Skyddsbedömning"]["Status"] == "Utkast" and by_name["Skyddsbedömning"]["Steg"] == 0
    assert by_name["Ledningssystemet"]["Typ"] == "Ledningsprocess"
    assert by_name["Arkivering"]["Typ"] == "Stödprocess" and by_name["Arkivering"]["Enheter"] == "Förvaltningen"
    assert by_name["Ekonomiskt bistånd"]["Huvudprocess"] is None


def test_the_process_export_as_csv(world, client_for, register):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    response = client.get(process_export("csv"))
    assert response["Content-Disposition"].startswith('attachment; filename="processer-')
    table = csv_rows(response)
    assert table[0][:3] == ["Process", "Typ", "Huvudprocess"]
    assert [r[0] for r in table[1:]][:3] == ["Ekonomiskt bistånd", "Mottagning barn och unga", "Skyddsbedömning"]
    assert table[3][2] == "Mottagning barn och unga"
    assert all("Främmande process" not in r and "Andra avdelningens process" not in r for r in table)


def test_the_process_export_stays_in_the_persons_scope(world, client_for, register):
    staff = xlsx_rows(client_for(world.persona(Role.MEDARBETARE)).get(process_export()))
    # Staff hold their role on their own unit only: the subprocess on the unit below is not theirs, nor named as a child.
    assert [r[0] for r in staff[1:]] == ["Ekonomiskt bistånd", "Mottagning barn och unga", "Ledningssystemet", "Arkivering"]
    elsewhere = xlsx_rows(client_for(person_on(world.other)).get(process_export()))
    assert [r[0] for r in elsewhere[1:]] == ["Andra avdelningens process", "Arkivering"]


@pytest.mark.parametrize("who", ["outsider", "extern_utforare"])
def test_people_without_process_access_get_neither_the_register_nor_its_export(world, client_for, register, who):
    client = client_for(world.outsider if who == "outsider" else world.persona(who))
    assert client.get(INDEX).status_code == 404
    assert client.get(process_export()).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_process_export_is_audited_and_unknown_formats_are_not_found(world, client_for, register):
    actor = world.persona(Role.KVALITETSSAMORDNARE)
    client = client_for(actor)
    client.get(process_export("csv"))
    entry = AuditEntry.objects.get(action="export", actor=actor)
    assert entry.note == "Export av 5 processer (alla)"
    assert client.get(process_export("pdf")).status_code == 404
    assert client.get(process_export("xls")).status_code == 404
    assert AuditEntry.objects.filter(action="export").count() == 1


def test_the_register_links_to_its_export(world, client_for, register):
    html = client_for(world.persona(Role.MEDARBETARE)).get(INDEX).content.decode()
    assert f'href="{process_export("xlsx")}"' in html and f'href="{process_export("csv")}"' in html


def test_the_process_export_runs_a_fixed_number_of_queries(world, client_for):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    make_process(world, world.own, name="Första")
    client.get(process_export())
    few = queries(client, process_export())
    for n in range(4):
        make_process(world, world.sub, name=f"Process {n}")
    assert queries(client, process_export()) == few


# The routine list.


@pytest.fixture
def routines(world):
    """Established routines on own, sub, above, other and foreign; a draft on own; an owner and a process on one."""
    reception = make_process(world, world.own, name="Mottagning barn och unga")
    hidden = make_process(world, world.other, name="Andra avdelningens process")
    protection = make_routine(world, world.own, title="Skyddsbedömning samma dag")
    protection.processes.add(reception, hidden)
    make_routine(world, world.own, title="Utkast till rutin", establish=False)
    make_routine(world, world.sub, title="Underenhetens rutin")
    make_routine(world, world.forvaltning, title="Förvaltningens rutin")
    make_routine(world, world.other, title="Andra avdelningens rutin")
    make_routine(world, world.foreign, title="Främmande rutin")
    return protection


def test_the_routine_export_has_the_filtered_rows_with_the_details(world, client_for, routines):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    page = client.get(ROUTINES, {"status": "established"})
    table = xlsx_rows(client.get(routine_export(), {"status": "established"}))
    header, rows = table[0], table[1:]
    assert (
        [r[0] for r in rows]
        == [r.title for r in page.context["page_obj"]]
        == [
            "Förvaltningens rutin",
            "Skyddsbedömning samma dag",
            "Underenhetens rutin",
        ]
    )
    protection = dict(zip(header, rows[1], strict=True))
    assert protection["Rutinägare"] == "Enhetschef Persona"
    assert protection["Gäller för"] == "Egna avdelningen"
    # Only the processes the person may see are named.
    assert protection["Processer"] == "Mottagning barn och unga"
    assert (protection["Status"], protection["Version"], protection["Nytt utkast"]) == ("Fastställd", 1, "Nej")
    assert isinstance(protection["Fastställd"], datetime.datetime)
    assert protection["Nästa översyn"] is not None and protection["Översyn förfallen"] == "Nej"
    assert protection["Läst av dig"] == "Nej"
    drafts = xlsx_rows(client.get(routine_export(), {"status": "draft"}))[1:]
    assert [(r[0], r[4], r[5], r[12]) for r in drafts] == [("Utkast till rutin", "Utkast", None, "–")]


def test_the_routine_export_filters_on_the_unit_as_the_list_does(world, client_for, routines):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    params = {"unit": world.sub.pk}
    listed = {r.title for r in client.get(ROUTINES, params).context["page_obj"]}
    exported = csv_rows(client.get(routine_export("csv"), params))
    assert exported[0][:4] == ["Rutin", "Rutinägare", "Gäller för", "Processer"]
    assert (
        {r[0] for r in exported[1:]}
        == listed
        == {
            "Förvaltningens rutin",
            "Skyddsbedömning samma dag",
            "Underenhetens rutin",
            "Utkast till rutin",
        }
    )
    assert [r[0] for r in exported[1:]] == sorted(listed)


def test_the_routine_export_stays_in_the_persons_scope(world, client_for, routines):
    elsewhere = xlsx_rows(client_for(person_on(world.other)).get(routine_export()))
    assert [r[0] for r in elsewhere[1:]] == ["Andra avdelningens rutin", "Förvaltningens rutin"]
    staff = csv_rows(client_for(world.persona(Role.MEDARBETARE)).get(routine_export("csv")))
    assert "Underenhetens rutin" not in {r[0] for r in staff[1:]} and "Främmande rutin" not in {r[0] for r in staff[1:]}
    # Staff are asked to read the routines of their own unit.
    assert {r[0]: r[12] for r in staff[1:]}["Skyddsbedömning samma dag"] == "Nej"


@pytest.mark.parametrize("who", ["outsider", "extern_utforare"])
def test_people_without_routine_access_get_neither_the_list_nor_its_export(world, client_for, routines, who):
    client = client_for(world.outsider if who == "outsider" else world.persona(who))
    assert client.get(ROUTINES).status_code == 404
    assert client.get(routine_export("csv")).status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [({"status": "gammal"}, "status"), ("foreign-unit", "unit"), ({"unit": "abc"}, "unit")],
)
def test_a_filter_error_is_shown_on_the_list_and_the_export_sends_the_person_there(world, client_for, routines, params, field):
    if params == "foreign-unit":
        params = {"unit": world.foreign.pk}
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    page = client.get(ROUTINES, params)
    assert page.status_code == 422 and field in page.context["form"].errors
    assert "Exportera till Excel" not in page.content.decode()
    response = client.get(routine_export(), params)
    assert response.status_code == 302
    assert response.url == ROUTINES + "?" + "&".join(f"{k}={v}" for k, v in params.items())
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_routine_export_is_audited_with_its_filters(world, client_for, routines):
    actor = world.persona(Role.KVALITETSSAMORDNARE)
    client = client_for(actor)
    client.get(routine_export("csv"), {"status": "draft", "page": "1"})
    entry = AuditEntry.objects.get(action="export", actor=actor)
    assert entry.note == "Export av 1 rutiner (status=draft&page=1)"
    assert client.get(routine_export("docx")).status_code == 404


def test_the_routine_list_links_to_the_export_with_its_filters_but_not_the_page(world, client_for, routines):
    html = client_for(world.persona(Role.KVALITETSSAMORDNARE)).get(ROUTINES, {"status": "draft", "page": "1"}).content.decode()
    assert f'href="{routine_export("xlsx")}?status=draft"' in html
    assert f'href="{routine_export("csv")}?status=draft"' in html


def test_the_routine_export_runs_a_fixed_number_of_queries(world, client_for):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    process = make_process(world, world.own)
    make_routine(world, world.own, title="Första").processes.add(process)
    client.get(routine_export())
    few = queries(client, routine_export())
    for n in range(4):
        make_routine(world, world.sub if n % 2 else world.own, title=f"Rutin {n}").processes.add(process)
    assert queries(client, routine_export()) == few


@pytest.fixture
def routine_surfaces(client):
    def for_user(user):
        return Surfaces(
            client=client,
            user=user,
            page=ROUTINES,
            api="/api/v1/routines",
            export=routine_export(),
            page_key=lambda r: r.title,
            api_key=lambda r: r["title"],
            export_header="Rutin",
        )

    return for_user


@pytest.mark.parametrize(
    "params", [{}, {"status": "established"}, {"status": "draft"}, {"unit": "sub"}, {"q": "rutin"}, {"q": "rutin", "unit": "sub"}]
)
def test_the_page_the_api_and_the_export_list_the_same_routines_in_the_same_order(world, routine_surfaces, routines, params):
    params = {key: world.sub.pk if value == "sub" else value for key, value in params.items()}
    assert routine_surfaces(world.persona(Role.KVALITETSSAMORDNARE)).rows(params)


def test_routines_with_the_same_title_are_in_the_order_they_were_made_everywhere(world, routine_surfaces):
    made = [make_routine(world, unit, title="Samma titel") for unit in (world.sub, world.own, world.sub)]
    surfaces = routine_surfaces(world.persona(Role.KVALITETSSAMORDNARE))
    page = surfaces.get_page()
    assert [r.pk for r in page.context["page_obj"]] == [r.pk for r in made]
    assert [r["id"] for r in surfaces.get_api().json()] == [r.pk for r in made]


def test_an_invalid_routine_filter_lists_nothing_and_says_why(world, routine_surfaces, routines):
    routine_surfaces(world.persona(Role.KVALITETSSAMORDNARE)).assert_invalid(
        {"status": "gammal"}, "status", "Välj ett giltigt alternativ"
    )


def test_the_routine_page_api_and_export_use_as_many_queries_for_thirty_routines_as_for_three(world, routine_surfaces):
    process = make_process(world, world.own)

    def add(n):
        for i in range(n):
            make_routine(world, world.sub if i % 2 else world.own, title=f"Rutin {i}").processes.add(process)

    routine_surfaces(world.persona(Role.KVALITETSSAMORDNARE)).assert_queries_do_not_grow(add)
