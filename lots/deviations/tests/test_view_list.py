import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lots.audit.models import AuditEntry
from lots.deviations import services
from lots.deviations.models import Deviation, DeviationCategory, LexSarahInvestigation

URL = reverse("deviations:index")
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
    # Session, user, roles, count, the page's ids, its rows with relations, filter form (2), session save (3).
    with django_assert_num_queries(11) as first:
        client.get(URL)
    for _ in range(12):
        report(possible_lex_sarah=True, unit=world.sub)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(URL)


def test_the_excel_export_follows_the_filter_and_is_logged(world, client_for, spread):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.get(reverse("deviations:export"), {"lex_sarah": "ja"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Nummer", "Rapporterad", "Inträffade")
    assert sorted(r[0] for r in rows[1:]) == sorted([spread["lex"].number, spread["serious"].number])
    serious_row = next(r for r in rows if r[0] == spread["serious"].number)
    assert serious_row[7] == "Allvarligt missförhållande"
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == world.persona("kvalitetssamordnare") and "2 avvikelser" in entry.note


def test_people_who_only_report_cannot_export(world, client_for):
    assert client_for(world.persona("medarbetare")).get(reverse("deviations:export")).status_code == 404
