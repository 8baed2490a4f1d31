"""The lists across analyses and plans: risks, self-inspection rounds and internal-control activities.
Filters, scope, bad input, exports and query counts."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.risks.models import InspectionPlan, InternalControlPlan, Risk, RiskScale
from lots.risks.services import analysis as analysis_services
from lots.risks.services import control as control_services
from lots.risks.services import inspection as inspection_services
from lots.risks.services.scale import risk_scale_save
from lots.risks.tests.helpers import make_analysis, make_plan, make_risk
from lots.risks.tests.listdata import (
    RISKS,
    build_activities,
    build_risks,
    build_rounds,
    expected_progress,
    expected_risks_by_level,
    level_of,
)
from lots.testing.factories import RoleAssignmentFactory, UserFactory
from lots.testing.lists import Surfaces, export_column, page_rows

RISK_LIST = reverse("risks:risk_list")
ROUNDS = reverse("risks:rounds")
ACTIVITIES = reverse("risks:activities")


def count(response) -> int:
    return response.context["page_obj"].paginator.count


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))[1:]


def xlsx_rows(response) -> list[tuple]:
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))[1:]


def person_on(unit, role=Role.AVDELNINGSCHEF, username="annan"):
    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, role=role, unit=unit, include_subunits=True)
    return user


# Risks.


@pytest.fixture
def risks(world):
    return build_risks(world)


def test_the_risk_list_shows_every_risk_in_scope_highest_value_first(world, client_for, risks):
    response = client_for(world.persona("kvalitetssamordnare")).get(RISK_LIST)
    assert response.status_code == 200
    rows = list(response.context["page_obj"])
    in_scope = [s for s in RISKS if s.place in ("own", "sub")]
    assert len(rows) == len(in_scope)
    assert [r.value for r in rows] == sorted((s.value for s in in_scope), reverse=True)
    assert all(r.level.name == level_of(r.value) for r in rows)
    html = response.content.decode()
    assert "Mycket hög (16)" in html and "Analys other" not in html and "Analys foreign" not in html


@pytest.mark.parametrize("level", ["Låg", "Måttlig", "Hög", "Mycket hög"])
def test_the_level_filter_uses_the_scales_value_ranges(world, client_for, risks, level):
    response = client_for(world.persona("kvalitetssamordnare")).get(RISK_LIST, {"level": level})
    assert count(response) == expected_risks_by_level(within_days=None)[level]
    assert {r.level.name for r in response.context["page_obj"]} <= {level}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"unit": "sub"}, [8, 3]),
        ({"unit": "sub", "level": "Hög"}, [8]),
        ({"performed_from": 364}, [16, 12, 9, 8, 6, 4, 3, 1]),
        ({"performed_from": 365, "performed_to": 100}, [12, 8, 6, 3]),
        ({"performed_to": 400}, [16]),
        ({"q": "SKYDD"}, [16, 16, 12, 12, 9, 8, 6, 4, 3, 1]),
        ({"q": "finns inte"}, []),
    ],
)
def test_the_risk_list_filters(world, client_for, risks, params, expected):
    today = timezone.localdate()
    query = {}
    for name, value in params.items():
        if name == "unit":
            value = world.unit(value).pk
        elif name.startswith("performed_"):
            value = (today - datetime.timedelta(days=value)).isoformat()
        query[name] = value
    response = client_for(world.persona("kvalitetssamordnare")).get(RISK_LIST, query)
    assert response.status_code == 200
    assert [r.value for r in response.context["page_obj"]] == expected


def test_the_risk_list_filters_on_the_handling_decision_and_the_analysis_status(world, client_for):
    actor = world.persona("kvalitetssamordnare")
    analysis = make_analysis(world)
    undecided = make_risk(analysis, description="Inte beslutad")
    accepted = make_risk(analysis, description="Accepterad")
    analysis_services.risk_decide(
        actor=actor, risk=accepted, expected_version=accepted.version, treatment="accept", justification="Låg", approver=actor
    )
    make_risk(make_analysis(world, "sub"), description="I en annan analys")
    client = client_for(actor)

    def shown(**params):
        return {r.pk for r in client.get(RISK_LIST, params).context["page_obj"]}

    assert shown(treatment="undecided") == set(Risk.objects.exclude(pk=accepted.pk).values_list("pk", flat=True))
    assert shown(treatment="awaiting") == shown(treatment="accept") == {accepted.pk}
    assert shown(treatment="reduce") == set()
    assert shown(analysis_status="in_progress") == set(Risk.objects.values_list("pk", flat=True))
    assert shown(analysis_status="completed") == set()
    assert undecided.pk in shown(unit=world.own.pk)


def test_the_level_filter_follows_each_municipalitys_own_scale(world, client_for, risks):
    """Another municipality whose "Hög" begins at 6: one list over both counts each risk by its own scale."""
    levels = [
        {"name": "Låg", "min": 1, "colour": "#2e7d32", "requirement": "Löpande.", "action_days": 90},
        {"name": "Hög", "min": 6, "colour": "#c62828", "requirement": "Genast.", "action_days": 7, "high": True},
    ]
    risk_scale_save(
        actor=None, municipality=world.m2, expected_version=None, size=4, severity_labels=["a", "b", "c", "d"],
        probability_labels=["a", "b", "c", "d"], levels=levels,
    )
    make_risk(make_analysis(world, "foreign"), severity=2, probability=3)  # 6: Hög there, Måttlig here
    both = person_on(world.namnd, Role.KVALITETSSAMORDNARE, "bada")
    RoleAssignmentFactory(user=both, role=Role.KVALITETSSAMORDNARE, unit=world.foreign, include_subunits=True)
    client = client_for(both)
    high = client.get(RISK_LIST, {"level": "Hög"})
    m1_high = [s for s in RISKS if s.place != "foreign" and level_of(s.value) == "Hög"]
    assert sorted(r.value for r in high.context["page_obj"]) == sorted([16, 6] + [s.value for s in m1_high])
    foreign_only = client.get(RISK_LIST, {"level": "Hög", "unit": world.foreign.pk})
    assert sorted(r.value for r in foreign_only.context["page_obj"]) == [6, 16]
    assert "Mycket hög" in dict(high.context["form"].fields["level"].choices)
    assert client.get(RISK_LIST, {"level": "Mycket hög", "unit": world.foreign.pk}).context["page_obj"].paginator.count == 0


def test_value_ranges_agree_with_level_for_value():
    scale = RiskScale(
        size=5,
        levels=[
            {"name": "B", "min": 4, "colour": "#000000"},
            {"name": "A", "min": 2, "colour": "#000000"},  # values below 2 belong to the lowest level too
            {"name": "C", "min": 10, "colour": "#000000"},
            {"name": "D", "min": 10, "colour": "#000000"},  # same minimum: D wins, C is empty
        ],
    )
    for value in range(0, 40):
        name = scale.level_for_value(value).name
        holders = [
            n
            for n in "ABCD"
            for low, high in scale.value_ranges(n)
            if (low is None or value >= low) and (high is None or value <= high)
        ]
        assert holders == [name], value
    assert scale.value_ranges("C") == [] and scale.value_ranges("Saknas") == []


def test_a_scale_with_a_single_level_holds_every_risk(world, risks):
    only = RiskScale(municipality=world.m1, levels=[{"name": "Alla", "min": 1, "colour": "#000000"}])
    assert only.value_ranges("Alla") == [(None, None)]
    m1_risks = Risk.objects.filter(analysis__unit__municipality=world.m1)
    assert Risk.objects.at_level({world.m1.pk: only}, "Alla").count() == m1_risks.count() == len(RISKS) - 1
    assert Risk.objects.at_level({world.m1.pk: only}, "Hög").count() == 0


def test_only_the_persons_own_units_are_listed(world, client_for, risks):
    elsewhere = person_on(world.other)
    response = client_for(elsewhere).get(RISK_LIST)
    assert sorted(r.value for r in response.context["page_obj"]) == [2, 16]
    refused = client_for(elsewhere).get(RISK_LIST, {"unit": world.own.pk})
    assert refused.status_code == 422
    assert "Välj en enhet i listan." in refused.content.decode()
    staff = client_for(world.persona("medarbetare")).get(RISK_LIST)
    assert {r.analysis.unit for r in staff.context["page_obj"]} == {world.own}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"level": "Extrem"}, "level", "Välj en nivå i listan."),
        ({"performed_from": "igår"}, "performed_from", "Skriv datumet som ÅÅÅÅ-MM-DD."),
        ({"performed_from": "2026-05-01", "performed_to": "2026-04-01"}, "performed_to", "Slutdatumet ligger före startdatumet."),
        ({"treatment": "glömd"}, "treatment", "Välj ett av alternativen i listan."),
        ({"unit": "abc"}, "unit", "Välj en enhet i listan."),
    ],
)
def test_bad_filter_values_are_explained_at_the_field(world, client_for, risks, params, field, message):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.get(RISK_LIST, params)
    assert response.status_code == 422
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    export = client.get(reverse("risks:risk_export", args=["xlsx"]), params)
    assert export.status_code == 302 and export.url.startswith(RISK_LIST)


def test_the_risk_export_has_exactly_the_filtered_rows_and_is_logged(world, client_for, risks):
    client = client_for(world.persona("kvalitetssamordnare"))
    params = {"unit": world.own.pk, "level": "Mycket hög"}
    page = client.get(RISK_LIST, params)
    rows = xlsx_rows(client.get(reverse("risks:risk_export", args=["xlsx"]), params))
    assert sorted(r[9] for r in rows) == sorted(r.value for r in page.context["page_obj"]) == [12, 12, 16, 16]
    assert {r[10] for r in rows} == {"Mycket hög"} and {r[6] for r in rows} == {"Egna avdelningen"}
    text = csv_rows(client.get(reverse("risks:risk_export", args=["csv"]), {"level": "Låg"}))
    assert sorted(int(r[9]) for r in text) == [1, 3]
    assert AuditEntry.objects.filter(action="export", actor=world.persona("kvalitetssamordnare")).count() == 2
    assert client.get(reverse("risks:risk_export", args=["pdf"])).status_code == 404


def test_people_without_risk_access_get_no_list(world, client_for):
    for user in (world.outsider, world.persona("extern_utforare")):
        assert client_for(user).get(RISK_LIST).status_code == 404
        assert client_for(user).get(reverse("risks:risk_export", args=["csv"])).status_code == 404


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_risk_list_uses_a_fixed_number_of_queries(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    make_risk(make_analysis(world))
    client.get(RISK_LIST)
    few = _queries(client, RISK_LIST, {"level": "Måttlig"})
    for place in ("own", "sub", "sub"):
        analysis = make_analysis(world, place)
        for severity in range(1, 5):
            make_risk(analysis, severity=severity, probability=2)
    assert _queries(client, RISK_LIST, {"level": "Måttlig"}) == few
    assert count(client.get(RISK_LIST)) == 13


# Self-inspection rounds and internal-control activities.


LISTS = [("rounds", ROUNDS, "risks:round_export"), ("activities", ACTIVITIES, "risks:activity_export")]


@pytest.fixture
def specs(request, world):
    return build_rounds(world) if request.param == "rounds" else build_activities(world)


@pytest.mark.parametrize(("specs", "url", "export"), LISTS, indirect=["specs"])
@pytest.mark.parametrize("status", ["", "done", "not_done", "overdue"])
def test_the_progress_lists_filter_on_unit_year_and_status(world, client_for, specs, url, export, status):
    client = client_for(world.persona("kvalitetssamordnare"))
    year = timezone.localdate().year
    response = client.get(url, {"unit": world.own.pk, "year": year, "status": status})
    assert response.status_code == 200
    assert count(response) == expected_progress(specs)[status or "total"]
    sub_only = client.get(url, {"unit": world.sub.pk, "year": year, "status": status})
    assert count(sub_only) == expected_progress(specs, places=("sub",))[status or "total"]
    exported = csv_rows(client.get(reverse(export, args=["csv"]), {"unit": world.own.pk, "year": year, "status": status}))
    assert len(exported) == count(response)


@pytest.mark.parametrize(("specs", "url", "export"), LISTS, indirect=["specs"])
def test_the_progress_lists_default_to_this_year_and_can_show_every_year(world, client_for, specs, url, export):
    client = client_for(world.persona("kvalitetssamordnare"))
    this_year = expected_progress(specs)["total"]
    assert count(client.get(url)) == this_year
    assert count(client.get(url, {"page": "1"})) == this_year
    assert count(client.get(url, {"year": ""})) == this_year + 2  # last year's plan on own
    assert count(client.get(url, {"year": timezone.localdate().year - 1})) == 2
    xlsx = xlsx_rows(client.get(reverse(export, args=["xlsx"]), {"year": ""}))
    assert len(xlsx) == this_year + 2


@pytest.mark.parametrize(("specs", "url", "export"), LISTS, indirect=["specs"])
def test_the_progress_lists_stay_in_scope(world, client_for, specs, url, export):
    elsewhere = person_on(world.other, Role.KVALITETSSAMORDNARE)
    response = client_for(elsewhere).get(url)
    assert count(response) == expected_progress(specs, places=("other",))["total"] == 2
    assert client_for(elsewhere).get(url, {"unit": world.own.pk}).status_code == 422
    staff = client_for(world.persona("medarbetare")).get(url, {"year": ""})
    assert count(staff) == len([s for s in specs if s.place == "own"])
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(world.outsider).get(reverse(export, args=["csv"])).status_code == 404


@pytest.mark.parametrize(("specs", "url", "export"), LISTS, indirect=["specs"])
@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"status": "snart"}, "status", "Välj ett av alternativen i listan."),
        ({"year": "1999"}, "year", "Välj ett år i listan."),
        ({"year": "i år"}, "year", "Välj ett år i listan."),
        ({"unit": "0"}, "unit", "Välj en enhet i listan."),
    ],
)
def test_bad_progress_filters_are_explained_at_the_field(world, client_for, specs, url, export, params, field, message):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.get(url, params)
    assert response.status_code == 422
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert client.get(reverse(export, args=["csv"]), params).status_code == 302


def test_each_row_links_to_its_round_or_internal_control(world, client_for):
    build_rounds(world)
    build_activities(world)
    client = client_for(world.persona("kvalitetssamordnare"))
    round_page = client.get(ROUNDS, {"unit": world.own.pk})
    first = round_page.context["page_obj"][0]
    assert reverse("risks:round", args=[first.pk]) in round_page.content.decode()
    activity_page = client.get(ACTIVITIES, {"unit": world.own.pk})
    activity = activity_page.context["page_obj"][0]
    link = reverse("risks:internal_control", args=[activity.plan_id]) + f"#aktivitet-{activity.pk}"
    assert link in activity_page.content.decode()


def _add_controls(world, kind: str, n: int) -> None:
    """``n`` more rounds or activities on own this year, each with its own responsible person."""
    year = timezone.localdate().year
    actor = world.persona("kvalitetssamordnare")
    if kind == "rounds":
        plan = InspectionPlan.objects.filter(unit=world.own, year=year).first() or make_plan(world)
    else:
        plan = InternalControlPlan.objects.filter(unit=world.own, year=year).first()
        plan = plan or control_services.internal_control_plan_create(actor=actor, unit=world.own, year=year)
    for i in range(n):
        responsible = UserFactory()
        RoleAssignmentFactory(user=responsible, role=Role.ENHETSCHEF, unit=world.own, include_subunits=True)
        if kind == "rounds":
            inspection_services.control_point_create(
                actor=actor, plan=plan, title=f"Punkt {i}", method="routines", frequency=1, responsible=responsible,
                first_due=datetime.date(year, 12, 31), criteria=["Rutinen följs"],
            )
        else:
            control_services.control_activity_create(
                actor=actor, plan=plan, risk_description="Risk.", severity=1, probability=1, what=f"Aktivitet {i}",
                method="Stickprov.", responsible=responsible, due_date=datetime.date(year, 12, 31), reporting="interim",
            )


@pytest.mark.parametrize(("url", "kind"), [(ROUNDS, "rounds"), (ACTIVITIES, "activities")])
def test_the_progress_lists_use_a_fixed_number_of_queries(world, client_for, url, kind):
    client = client_for(world.persona("kvalitetssamordnare"))
    _add_controls(world, kind, 1)
    client.get(url)
    few = _queries(client, url, {"status": "not_done"})
    _add_controls(world, kind, 12)
    assert _queries(client, url, {"status": "not_done"}) == few
    assert count(client.get(url, {"status": "not_done"})) == 13


def test_the_module_start_page_links_its_overdue_counts_to_the_lists(world, client_for):
    rounds, activities = build_rounds(world), build_activities(world)
    client = client_for(world.persona("kvalitetssamordnare"))
    page = client.get(reverse("risks:index"))
    html = page.content.decode()
    for key, url, specs in (("rounds_overdue", ROUNDS, rounds), ("activities_overdue", ACTIVITIES, activities)):
        assert f'{url}?year=&amp;status=overdue"' in html
        last_year_late = 1  # own's plan from last year has one control not done
        expected = expected_progress(specs)["overdue"] + last_year_late
        assert page.context[key] == count(client.get(url, {"year": "", "status": "overdue"})) == expected


# The page, the API list (where there is one) and the export have the same rows in the same order (lots.core.lists).


def _page_and_export(client, url, export, params, key, column) -> list:
    listed = [key(row) for row in page_rows(client.get(url, params))]
    assert listed == export_column(client.get(reverse(export, args=["xlsx"]), params), column)
    return listed


@pytest.mark.parametrize("params", [{}, {"level": "Mycket hög"}, {"unit": "sub"}, {"treatment": "undecided"}])
def test_the_risk_list_and_its_export_have_the_same_risks_in_the_same_order(world, client_for, risks, params):
    params = {key: world.sub.pk if value == "sub" else value for key, value in params.items()}
    client = client_for(world.persona("kvalitetssamordnare"))
    assert _page_and_export(client, RISK_LIST, "risks:risk_export", params, lambda r: r.label, "Risk")


def test_an_invalid_risk_filter_lists_no_risks(world, client_for, risks):
    page = client_for(world.persona("kvalitetssamordnare")).get(RISK_LIST, {"level": "Extrem"})
    assert page.status_code == 422 and page_rows(page) == []


@pytest.mark.parametrize(("specs", "url", "export"), LISTS, indirect=["specs"])
@pytest.mark.parametrize("params", [{}, {"status": "not_done"}, {"year": ""}])
def test_the_progress_lists_and_their_exports_have_the_same_rows_in_the_same_order(
    world, client_for, specs, url, export, params
):
    client = client_for(world.persona("kvalitetssamordnare"))
    column = "Kontrollpunkt" if url == ROUNDS else "Vad kontrolleras"
    key = (lambda r: r.control_point.title) if url == ROUNDS else (lambda a: a.what)
    assert _page_and_export(client, url, export, params, key, column)


@pytest.mark.parametrize(("specs", "url", "export"), LISTS, indirect=["specs"])
def test_an_invalid_progress_filter_lists_nothing(world, client_for, specs, url, export):
    page = client_for(world.persona("kvalitetssamordnare")).get(url, {"year": "1999"})
    assert page.status_code == 422 and page_rows(page) == []


@pytest.mark.parametrize(
    ("url", "export", "kind"), [(ROUNDS, "risks:round_export", "rounds"), (ACTIVITIES, "risks:activity_export", "activities")]
)
def test_the_progress_exports_use_as_many_queries_for_thirty_rows_as_for_three(world, client_for, url, export, kind):
    client = client_for(world.persona("kvalitetssamordnare"))
    _add_controls(world, kind, 3)
    client.get(reverse(export, args=["xlsx"]))
    few = _queries(client, reverse(export, args=["xlsx"]))
    _add_controls(world, kind, 27)
    assert _queries(client, reverse(export, args=["xlsx"])) == few


ANALYSES = reverse("risks:analyses")
ANALYSES_API = "/api/v1/risk-analyses"


@pytest.fixture
def analysis_surfaces(client):
    def for_user(user):
        return Surfaces(
            client=client,
            user=user,
            page=ANALYSES,
            api=ANALYSES_API,
            export=reverse("risks:analysis_export", args=["xlsx"]),
            page_key=lambda a: a.title,
            api_key=lambda a: a["title"],
            export_header="Riskanalys",
        )

    return for_user


@pytest.fixture
def analyses(world):
    same_day = timezone.localdate() - datetime.timedelta(days=3)
    made = [
        make_analysis(world, place, title=f"Analys {place} {i}", performed_on=same_day)
        for i, place in enumerate(("own", "sub", "own"))
    ]
    make_risk(made[0])
    make_analysis(world, "other", title="Analys other")
    return made


@pytest.mark.parametrize("params", [{}, {"unit": "sub"}, {"status": "in_progress"}, {"year": "this"}])
def test_the_analysis_page_api_and_export_have_the_same_analyses_in_the_same_order(
    world, analysis_surfaces, analyses, params
):
    values = {"sub": world.sub.pk, "this": timezone.localdate().year}
    params = {key: values.get(value, value) for key, value in params.items()}
    titles = analysis_surfaces(world.persona("kvalitetssamordnare")).rows(params)
    assert titles, "the filter should keep some analyses"
    # Performed the same day: the latest made comes first everywhere.
    assert titles == [a.title for a in reversed(analyses) if a.title in titles]


def test_an_invalid_analysis_filter_lists_nothing_and_says_why(world, analysis_surfaces, analyses):
    analysis_surfaces(world.persona("kvalitetssamordnare")).assert_invalid({"year": "1999"}, "year", "Välj ett år i listan.")


def test_the_analysis_page_api_and_export_use_as_many_queries_for_thirty_analyses_as_for_three(world, analysis_surfaces):
    def add(n):
        for i in range(n):
            make_risk(make_analysis(world, "sub" if i % 2 else "own", title=f"Analys {i}"))

    analysis_surfaces(world.persona("kvalitetssamordnare")).assert_queries_do_not_grow(add)
