"""A role held on a unit without its sub-units: the overview, the control charts and the API count that unit alone.

The world's "own" has "sub" below it. A person whose role on "own" leaves out the sub-units must not see sub's
figures or signals through the overview (they are outside their scope), and every figure must equal the list it
links to, which access already limits to "own". Those whose role includes the sub-units still get the subtree.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.deviations import services as deviation_services
from lots.deviations.models import Deviation, DeviationSettings, LexSarahInvestigation
from lots.deviations.steps import pending_steps
from lots.feedback import services as feedback_services
from lots.improvements.services import improvement_create
from lots.reports import dashboard
from lots.reports.periods import add_months, last_complete_month
from lots.risks.tests.listdata import build_activities, build_risks, build_rounds, expected_progress, expected_risks_by_level
from lots.testing.factories import RoleAssignmentFactory, UserFactory

OWN_ONLY = "Siffrorna gäller bara Egna avdelningen, inte enheterna under den."


@pytest.fixture
def unit_manager(world):
    """An enhetschef on "own" without its sub-units: may open every list, but only for "own"."""
    user = UserFactory(username="bara_egna", first_name="Bara", last_name="Egna")
    RoleAssignmentFactory(user=user, role=Role.ENHETSCHEF, unit=world.own, include_subunits=False)
    return user


def _moment(days_ago: int) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() - datetime.timedelta(days=days_ago), datetime.time(10, 0))
    )


def _at(days_ago: int) -> dict:
    moment = _moment(days_ago)
    return {"reported_at": moment, "occurred_at": moment - datetime.timedelta(hours=1)}


@pytest.fixture
def data(world, report, make_case):
    """Cases on own, on sub (more of them, and the only serious one) and on other; what "own" alone should count
    is returned, worked out by hand."""
    manager = world.persona("enhetschef")
    report(**_at(40))  # own, never received: late
    report(possible_lex_sarah=True, **_at(3))  # own
    report(unit=world.sub, **_at(1))
    report(unit=world.sub, **_at(40))
    serious = report(unit=world.sub, possible_lex_sarah=True, **_at(20))
    deviation_services.investigation_update(
        actor=manager,
        investigation=serious.lex_sarah,
        expected_version=None,
        data={"classification": LexSarahInvestigation.Classification.SERIOUS},
    )
    report(unit=world.other, **_at(50))
    actor = world.persona("kvalitetssamordnare")
    today = timezone.localdate()
    improvement_create(actor=actor, unit=world.own, title="Åtgärd", owner=actor, due_date=today - datetime.timedelta(days=3))
    improvement_create(actor=actor, unit=world.sub, title="Åtgärd", owner=actor, due_date=today - datetime.timedelta(days=3))
    improvement_create(actor=actor, unit=world.sub, title="Åtgärd", owner=actor)
    now = timezone.now()
    make_case(received_at=now - datetime.timedelta(days=40))  # own, open past its deadline
    make_case(unit=world.sub, received_at=now - datetime.timedelta(days=2))
    make_case(unit=world.sub, received_at=now - datetime.timedelta(days=50))
    in_time = make_case(unit=world.sub, received_at=now - datetime.timedelta(days=20))
    late = make_case(received_at=now - datetime.timedelta(days=50))
    for case, days in ((in_time, 3), (late, 30)):
        feedback_services.feedback_receive(actor=manager, case=case, at=case.received_at)
        feedback_services.feedback_close(
            actor=manager,
            case=case,
            expected_version=None,
            category="bemotande",
            at=case.received_at + datetime.timedelta(days=days),
        )
    build_risks(world)
    rounds, activities = build_rounds(world), build_activities(world)
    return {
        "deviations": {"open": 2, "lex_sarah": 1, "serious": 0, "recent": 1},
        "improvements": {"plan": 1, "overdue": 1},
        # Of own's two cases in the last year one is open and late and one was closed late: none in time.
        "feedback": {"open": 1, "overdue": 1, "complaints": 1, "recent": 0, "share_in_time": 0},
        "risks": expected_risks_by_level(places=("own",)),
        "rounds": expected_progress(rounds, places=("own",)),
        "activities": expected_progress(activities, places=("own",)),
    }


def _figures(widgets, key) -> dict:
    return {f.key: f for f in next(w for w in widgets if w.key == key).figures}


def _listed(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    if "page_obj" in response.context:
        return response.context["page_obj"].paginator.count
    return response.context["result"].total  # a compilation page


def test_the_overview_counts_only_the_unit_and_each_figure_equals_its_list(world, data, unit_manager, client_for):
    today = timezone.localdate()
    widgets = dashboard.widgets_for(unit_manager, world.own, today)
    deviations = _figures(widgets, "deviations")
    assert {k: deviations[k].value for k in data["deviations"]} == data["deviations"]
    config = DeviationSettings.for_municipality(world.m1)
    late_on_own = [
        d
        for d in Deviation.objects.open().filter(unit=world.own)
        if any(step.due is not None and step.due < today for step in pending_steps(d, config))
    ]
    assert deviations["overdue"].value == len(late_on_own) >= 1
    improvements = _figures(widgets, "improvements")
    assert improvements["plan"].value == 1 and improvements["overdue"].value == 1
    assert sum(f.value for k, f in improvements.items() if k != "overdue") == 1
    feedback = _figures(widgets, "feedback")
    assert {k: feedback[k].value for k in data["feedback"]} == data["feedback"]
    risks = _figures(widgets, "risks")
    assert {f.label: f.value for k, f in risks.items() if k.startswith("level-")} == data["risks"]
    inspection = _figures(widgets, "inspection")
    for prefix in ("rounds", "activities"):
        assert inspection[prefix].value == data[prefix]["total"]
        assert inspection[f"{prefix}_done"].value == data[prefix]["done"]
        assert inspection[f"{prefix}_overdue"].value == data[prefix]["overdue"]

    client = client_for(unit_manager)
    checked = 0
    for key in ("deviations", "improvements", "feedback", "risks", "inspection"):
        for figure in _figures(widgets, key).values():
            if figure.key in ("share_in_time", "departments_missing"):
                continue  # a share (checked below), and a page of every department not filtered on the unit
            assert figure.url, f"{key}/{figure.key} has no link"
            assert _listed(client, figure.url) == figure.value, f"{figure.label}: {figure.url}"
            checked += 1
    assert checked == 5 + 6 + 4 + 4 + 6
    share = client.get(feedback["share_in_time"].url)
    assert share.context["result"].share_in_time == feedback["share_in_time"].value
    overdue_steps = client.get(next(w for w in widgets if w.key == "deviations").more_url)
    assert overdue_steps.context["page_obj"].paginator.count == deviations["overdue"].value


def test_staff_without_the_lists_get_the_units_own_figures_and_compilations(world, data, client_for):
    staff = world.persona("medarbetare")
    widgets = dashboard.widgets_for(staff, world.own, timezone.localdate())
    deviations, feedback = _figures(widgets, "deviations"), _figures(widgets, "feedback")
    assert {k: deviations[k].value for k in data["deviations"]} == data["deviations"]
    assert {k: feedback[k].value for k in data["feedback"]} == data["feedback"]
    client = client_for(staff)
    assert deviations["recent"].url.startswith(reverse("deviations:compilation"))
    assert _listed(client, deviations["recent"].url) == deviations["recent"].value == 1
    assert _listed(client, feedback["recent"].url) == feedback["recent"].value == 0
    assert client.get(feedback["share_in_time"].url).context["result"].share_in_time == 0


def test_those_with_sub_units_still_get_the_subtree(world, data, client_for):
    manager = world.persona("enhetschef")
    widgets = dashboard.widgets_for(manager, world.own, timezone.localdate())
    deviations = _figures(widgets, "deviations")
    assert (deviations["open"].value, deviations["lex_sarah"].value, deviations["serious"].value) == (5, 2, 1)
    assert deviations["recent"].value == 3
    assert _figures(widgets, "feedback")["open"].value == 3
    levels = {f.label: f.value for k, f in _figures(widgets, "risks").items() if k.startswith("level-")}
    assert levels == expected_risks_by_level()
    html = client_for(manager).get(reverse("reports:dashboard"), {"unit": world.own.pk}).content.decode()
    assert "Egna avdelningen med underenheter" in html and OWN_ONLY not in html


def test_the_overview_page_tells_that_the_figures_cover_the_unit_alone(world, data, unit_manager, client_for):
    client = client_for(unit_manager)
    page = client.get(reverse("reports:dashboard"), {"unit": world.own.pk})
    assert page.status_code == 200 and page.context["unit"] == world.own
    html = page.content.decode()
    assert OWN_ONLY in html and "med underenheter" not in html
    export = client.get(reverse("reports:dashboard_export", args=["csv"]), {"unit": world.own.pk}).content.decode("utf-8-sig")
    assert "Avvikelser och lex Sarah;Öppna avvikelser;2" in export
    # The sub-unit cannot be chosen: it is outside the scope.
    assert client.get(reverse("reports:dashboard"), {"unit": world.sub.pk}).status_code == 422


def test_a_unit_with_nothing_below_it_gets_no_note(world, client_for):
    staff = UserFactory(username="underenhet")
    RoleAssignmentFactory(user=staff, role=Role.MEDARBETARE, unit=world.sub, include_subunits=False)
    html = client_for(staff).get(reverse("reports:dashboard")).content.decode()
    # Nothing below it: neither "med underenheter" in the heading nor the unit-only note.
    assert '<p class="lead">Underenheten, ' in html
    assert "Underenheten med underenheter" not in html and "Siffrorna gäller bara" not in html


def test_people_without_the_overview_get_404(world, client_for):
    for user in (world.outsider, world.persona("extern_utforare")):
        client = client_for(user)
        assert client.get(reverse("reports:dashboard"), {"unit": world.own.pk}).status_code == 404
        assert client.get(reverse("reports:trends"), {"unit": world.own.pk}).status_code == 404


def _query_counts(user, unit) -> dict:
    counts = {}
    for key, build in dashboard.WIDGETS:
        with CaptureQueriesContext(connection) as captured:
            build(user, unit, timezone.localdate())
        counts[key] = len(captured.captured_queries)
    return counts


def test_the_widgets_query_counts_for_the_unit_alone_do_not_grow_with_the_data(world, report, make_case, unit_manager):
    dashboard.widgets_for(unit_manager, world.own, timezone.localdate())  # warm caches (assignments, units below)
    report(**_at(5))
    before = _query_counts(unit_manager, world.own)
    for days in range(1, 200, 9):
        report(unit=world.sub, **_at(days))
        report(**_at(days))
    for days in range(3):
        make_case(received_at=timezone.now() - datetime.timedelta(days=days * 40))
    assert _query_counts(unit_manager, world.own) == before
    # Fewer than with the sub-units: the charted units are the unit itself, and a C chart needs no denominators.
    assert before == {"deviations": 3, "signals": 4, "feedback": 3, "improvements": 1, "risks": 3, "inspection": 2}


# --- Control charts: the trends page, the overview's signals and the API -------------------------------


@pytest.fixture
def spike(world, report):
    """One report a month on own and on sub for a year, then twelve on sub in the last complete month: a signal on
    sub (and on own with sub). Returns own's own total."""
    last = last_complete_month(timezone.localdate())
    for back in range(1, 13):
        # On the 1st: the first month with reports counts in full.
        day = timezone.make_aware(datetime.datetime.combine(add_months(last, -back), datetime.time(10)))
        for unit in (world.own, world.sub):
            report(unit=unit, reported_at=day, occurred_at=day)
    moment = timezone.make_aware(datetime.datetime.combine(last, datetime.time(10)))
    for _ in range(12):
        report(unit=world.sub, reported_at=moment, occurred_at=moment)
    report(reported_at=moment, occurred_at=moment)
    return 13


def test_the_trends_page_charts_the_unit_alone(world, spike, unit_manager, client_for):
    page = client_for(unit_manager).get(reverse("reports:trends"), {"unit": world.own.pk})
    assert page.status_code == 200
    assert [row["unit"] for row in page.context["rows"]] == [world.own]
    assert page.context["rows"][0]["recent"] + page.context["rows"][0]["before"] == spike
    assert sum(page.context["series"].counts) == spike
    assert all(s.unit_id == world.own.pk for s in page.context["signals"])
    html = page.content.decode()
    assert "Underenheten" not in html
    assert "Diagrammen gäller bara Egna avdelningen, inte enheterna under den." in html


def test_the_trends_page_and_overview_signals_still_cover_the_sub_units_for_those_with_them(world, spike, client_for):
    manager = world.persona("enhetschef")
    page = client_for(manager).get(reverse("reports:trends"), {"unit": world.own.pk})
    assert [row["unit"] for row in page.context["rows"]] == [world.own, world.sub]
    assert sum(page.context["series"].counts) == spike + 24
    assert any(s.unit_id == world.sub.pk and s.kind == "high" for s in page.context["signals"])
    assert "Diagrammen gäller bara" not in page.content.decode()
    signals = next(w for w in dashboard.widgets_for(manager, world.own, timezone.localdate()) if w.key == "signals")
    assert any("Underenheten" in s["text"] for s in signals.signals)


def test_the_overview_signals_leave_out_the_sub_units(world, spike, unit_manager):
    signals = next(w for w in dashboard.widgets_for(unit_manager, world.own, timezone.localdate()) if w.key == "signals")
    assert signals.signals == [] or all("Underenheten" not in s["text"] for s in signals.signals)
    assert all(s["url"].endswith(f"unit={world.own.pk}") for s in signals.signals)
    assert signals.chart is not None and "Underenheten" not in signals.chart["title"]
    assert sum(row[1] for row in signals.chart["table"]["rows"]) == spike


@pytest.fixture
def api(client):
    def as_user(user):
        _token, key = api_token_create(actor=user, name="test")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        return client

    return as_user


def test_the_api_figures_count_the_unit_alone(world, data, unit_manager, api):
    body = api(unit_manager).get("/api/v1/reports/dashboard", {"unit": world.own.pk}).json()
    assert body["unit_id"] == world.own.pk and body["subunits_included"] is False
    deviations = {f["key"]: f["value"] for f in next(w for w in body["widgets"] if w["key"] == "deviations")["figures"]}
    assert {k: deviations[k] for k in data["deviations"]} == data["deviations"]
    feedback = {f["key"]: f["value"] for f in next(w for w in body["widgets"] if w["key"] == "feedback")["figures"]}
    assert {k: feedback[k] for k in data["feedback"]} == data["feedback"]


def test_the_api_control_charts_chart_the_unit_alone(world, spike, unit_manager, api):
    client = api(unit_manager)
    charts = client.get("/api/v1/reports/control-charts", {"unit": world.own.pk}).json()
    assert [s["unit_id"] for s in charts] == [world.own.pk]
    assert sum(charts[0]["counts"]) == spike and charts[0]["chart"] == "I"
    assert all("Underenheten" not in g["text"] for g in charts[0]["signals"])
    assert client.get("/api/v1/reports/control-charts", {"unit": world.sub.pk}).status_code == 404


def test_the_api_keeps_the_subtree_for_those_with_sub_units(world, spike, api):
    client = api(world.persona("enhetschef"))
    assert client.get("/api/v1/reports/dashboard", {"unit": world.own.pk}).json()["subunits_included"] is True
    charts = client.get("/api/v1/reports/control-charts", {"unit": world.own.pk}).json()
    assert [s["unit_id"] for s in charts] == [world.own.pk, world.sub.pk]
    assert sum(charts[0]["counts"]) == spike + 24


def test_the_api_refuses_people_without_the_overview(world, api):
    client = api(world.persona("extern_utforare"))
    assert client.get("/api/v1/reports/dashboard", {"unit": world.own.pk}).status_code == 404
    assert client.get("/api/v1/reports/control-charts", {"unit": world.own.pk}).status_code == 404


def test_a_unit_with_units_below_is_headed_with_its_sub_units(world, client_for):
    html = client_for(world.persona("forvaltningschef")).get(reverse("reports:dashboard"), {"unit": world.own.pk})
    assert f"{world.own.name} med underenheter, " in html.content.decode()
