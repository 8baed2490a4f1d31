"""The overview: every number equals the list it links to, overdue means what the deviation module's steps mean,
and each widget uses a fixed number of queries however much data there is."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lots.deviations import services as deviation_services
from lots.deviations.models import Deviation, DeviationSettings, LexSarahInvestigation, overdue_q
from lots.deviations.steps import pending_steps
from lots.feedback import services as feedback_services
from lots.feedback.models import FeedbackCase
from lots.improvements.services import improvement_create
from lots.reports import dashboard
from lots.risks.tests.helpers import make_analysis, make_risk
from lots.testing.lists import export_column, page_rows, queries

S = Deviation.State
C = LexSarahInvestigation.Classification


@pytest.fixture
def cases(world, report, at_days_ago, make_case):
    """Reports of every kind on own, sub and other, some late, one serious; improvement actions; feedback cases,
    one closed in time and one late."""
    manager = world.persona("enhetschef")
    made = [
        report(**at_days_ago(40)),  # reported long ago, never received: late
        report(unit=world.sub, **at_days_ago(1)),
        report(unit=world.other, **at_days_ago(50)),
        report(possible_lex_sarah=True, **at_days_ago(3)),
        report(unit=world.sub, possible_lex_sarah=True, **at_days_ago(20)),
    ]
    received = report(**at_days_ago(45))
    deviation_services.deviation_transition(actor=manager, deviation=received, to_state=S.RECEIVED, at=received.reported_at)
    done = report(**at_days_ago(10))
    for state in (S.RECEIVED, S.INVESTIGATING, S.RESOLVED, S.CLOSED):
        deviation_services.deviation_transition(
            actor=manager, deviation=done, to_state=state, comment="Klart", at=done.reported_at
        )
    deviation_services.investigation_update(
        actor=manager, investigation=made[4].lex_sarah, expected_version=None, data={"classification": C.SERIOUS}
    )
    actor = world.persona("kvalitetssamordnare")
    today = timezone.localdate()
    for unit, due in (
        (world.own, today - datetime.timedelta(days=3)),
        (world.sub, today + datetime.timedelta(days=9)),
        (world.other, None),
    ):
        improvement_create(actor=actor, unit=unit, title="Åtgärd", owner=actor, due_date=due)
    now = timezone.now()
    old = make_case(received_at=now - datetime.timedelta(days=40))  # open past its 14 days
    make_case(unit=world.sub, kind=FeedbackCase.Kind.OPINION, received_at=now - datetime.timedelta(days=2))
    make_case(unit=world.other, received_at=now - datetime.timedelta(days=60))
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
    assert old.due_date < today
    return made


def _widget(widgets, key):
    return next(w for w in widgets if w.key == key)


@pytest.mark.parametrize("role", ["kvalitetssamordnare", "forvaltningschef", "enhetschef"])
def test_each_number_equals_the_list_it_links_to(world, cases, client_for, role):
    user = world.persona(role)
    client = client_for(user)
    widgets = dashboard.widgets_for(user, world.own, timezone.localdate())
    checked = 0
    for key in ("deviations", "improvements", "feedback"):
        for figure in _widget(widgets, key).figures:
            if figure.key == "share_in_time":
                continue  # a share, checked against the compilation page below
            assert figure.url, f"{key}/{figure.key} has no link"
            response = client.get(figure.url)
            assert response.status_code == 200, figure.url
            assert response.context["page_obj"].paginator.count == figure.value, f"{figure.label}: {figure.url}"
            checked += 1
    assert checked == 15
    values = {f.key: f.value for f in _widget(widgets, "deviations").figures}
    assert values["open"] == 5 and values["serious"] == 1 and values["lex_sarah"] == 2
    feedback = {f.key: f for f in _widget(widgets, "feedback").figures}
    assert feedback["open"].value == 2 and feedback["overdue"].value == 1
    compilation = client.get(feedback["share_in_time"].url)
    assert compilation.status_code == 200
    assert compilation.context["result"].share_in_time == feedback["share_in_time"].value == 33  # 1 in time of 2 closed + 1 late


def test_overdue_matches_the_deviation_modules_own_due_dates(world, cases):
    today = timezone.localdate()
    config = DeviationSettings.for_municipality(world.m1)
    by_query = set(Deviation.objects.filter(overdue_q(config, today)).values_list("pk", flat=True))
    by_steps = {
        d.pk
        for d in Deviation.objects.open()
        if any(step.due is not None and step.due < today for step in pending_steps(d, config))
    }
    assert by_query == by_steps
    assert len(by_steps) >= 3


def test_a_board_member_sees_numbers_without_case_lists_and_the_signals_first(world, cases):
    user = world.persona("namndledamot")
    widgets = dashboard.widgets_for(user, world.own, timezone.localdate())
    assert widgets[0].key == "signals"
    figures = {f.key: f for f in _widget(widgets, "deviations").figures}
    assert all(f.url is None for k, f in figures.items() if k != "recent")
    assert figures["recent"].url.startswith(reverse("deviations:compilation"))
    assert _widget(widgets, "deviations").note


def _queries_per_widget(user, unit):
    counts = {}
    for key, build in dashboard.WIDGETS:
        with CaptureQueriesContext(connection) as captured:
            build(user, unit, timezone.localdate())
        counts[key] = len(captured.captured_queries)
    return counts


def test_the_widgets_query_counts_do_not_grow_with_the_data(world, report, at_days_ago, make_case):
    user = world.persona("kvalitetssamordnare")
    dashboard.widgets_for(user, world.own, timezone.localdate())  # warm caches (content types, assignments)
    report(**at_days_ago(5))
    before = _queries_per_widget(user, world.own)
    for days in range(1, 400, 9):
        report(unit=world.sub, possible_lex_sarah=days % 3 == 0, **at_days_ago(days))
    actor = world.persona("kvalitetssamordnare")
    for days in range(5):
        improvement_create(actor=actor, unit=world.sub, title="Åtgärd", owner=actor)
        make_case(unit=world.sub, received_at=timezone.now() - datetime.timedelta(days=days * 40))
        make_risk(make_analysis(world, "sub", title="Analys"), severity=3, probability=3)
    after = _queries_per_widget(user, world.own)
    assert after == before
    assert before == {"deviations": 3, "signals": 7, "feedback": 3, "improvements": 1, "risks": 3, "inspection": 2}


def test_the_overview_page_shows_the_widgets_and_refuses_what_is_not_in_scope(world, cases, client_for):
    client = client_for(world.persona("avdelningschef"))
    page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200 and page.context["unit"] == world.own
    html = page.content.decode()
    assert "Var det blir sämre" in html and "Förbättringsåtgärder per steg" in html and "Risker per nivå" in html
    assert "Synpunkter och klagomål" in html and "Visas när modulerna finns" not in html
    foreign = client.get(reverse("reports:dashboard"), {"unit": world.foreign.pk})
    assert foreign.status_code == 422 and foreign.context["unit"] == world.own
    assert "Välj en enhet i listan." in foreign.content.decode()
    assert client_for(world.outsider).get(reverse("reports:dashboard")).status_code == 404


def test_the_overview_exports_its_numbers(world, cases, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.get(reverse("reports:dashboard_export", args=["csv"]), {"unit": world.sub.pk})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    open_sub = Deviation.objects.open().filter(unit=world.sub).count()
    assert f"Avvikelser och lex Sarah;Öppna avvikelser;{open_sub}" in text
    assert client.get(reverse("reports:dashboard_export", args=["pdf"])).status_code == 404
    refused = client.get(reverse("reports:dashboard_export", args=["csv"]), {"unit": world.foreign.pk})
    assert refused.status_code == 302 and refused.url.startswith(reverse("reports:dashboard"))


def test_the_overdue_list_shows_the_late_step_and_exports_with_the_filter(world, cases, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    page = client.get(reverse("reports:overdue"), {"unit": world.own.pk})
    late = list(page.context["page_obj"])
    assert late and all(d.late_step is not None and d.days_late > 0 for d in late)
    assert all(d.unit.path.startswith(world.own.path) for d in late)
    export = client.get(reverse("reports:overdue_export", args=["csv"]), {"unit": world.sub.pk})
    rows = export.content.decode("utf-8-sig").strip().split("\r\n")
    sub_late = [d for d in late if d.unit_id == world.sub.pk]
    assert len(rows) == 1 + len(sub_late)
    assert client_for(world.persona("namndledamot")).get(reverse("reports:overdue")).status_code == 404


def test_the_overviews_chart_downloads_as_svg_and_png_for_the_same_unit(world, cases, client_for, report, at_days_ago):
    report(**at_days_ago(400))  # a year of months, enough for a chart
    client = client_for(world.persona("kvalitetssamordnare"))
    page = client.get(reverse("reports:dashboard"), {"unit": world.own.pk})
    chart = _widget(page.context["widgets"], "signals").chart
    assert chart is not None
    html = page.content.decode()
    svg_url = f"{reverse('reports:trend_chart', args=['control', 'svg'])}?unit={world.own.pk}&amp;matt=deviations"
    assert svg_url in html
    svg = client.get(svg_url.replace("&amp;", "&"))
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    assert chart["title"] in svg.content.decode()
    png = client.get(reverse("reports:trend_chart", args=["control", "png"]), {"unit": world.own.pk, "matt": "deviations"})
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_a_series_of_a_few_months_shows_too_few_points_instead_of_a_chart(world, cases, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    page = client.get(reverse("reports:dashboard"), {"unit": world.own.pk})
    assert _widget(page.context["widgets"], "signals").chart is None
    trends_page = client.get(reverse("reports:trends"), {"unit": world.own.pk})
    assert "För få punkter" in trends_page.content.decode() and not trends_page.context["charts"]
    chart = client.get(reverse("reports:trend_chart", args=["control", "svg"]), {"unit": world.own.pk})
    assert chart.status_code == 404


@pytest.mark.parametrize("params", [{}, {"unit": "own"}, {"unit": "sub"}])
def test_the_overdue_list_and_its_export_have_the_same_reports_in_the_same_order(world, cases, client_for, params):
    params = {key: world.unit(value).pk for key, value in params.items()}
    client = client_for(world.persona("kvalitetssamordnare"))
    listed = [d.number for d in page_rows(client.get(reverse("reports:overdue"), params))]
    assert listed and listed == export_column(client.get(reverse("reports:overdue_export", args=["xlsx"]), params), "Nummer")


def test_an_invalid_unit_lists_no_overdue_reports_and_says_why(world, cases, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    page = client.get(reverse("reports:overdue"), {"unit": world.foreign.pk})
    assert page.status_code == 422 and page_rows(page) == []
    assert "Välj en enhet i listan." in page.content.decode()
    export = client.get(reverse("reports:overdue_export", args=["xlsx"]), {"unit": world.foreign.pk})
    assert export.status_code == 302


def test_the_overdue_list_and_export_use_as_many_queries_for_thirty_reports_as_for_three(
    world, client_for, report, at_days_ago
):
    client = client_for(world.persona("kvalitetssamordnare"))
    page, export = reverse("reports:overdue"), reverse("reports:overdue_export", args=["xlsx"])
    requests = [lambda: client.get(page), lambda: client.get(export)]
    for request in requests:
        request()

    def add(n):
        for i in range(n):
            report(unit=world.sub if i % 2 else world.own, **at_days_ago(40))

    add(3)
    few = [queries(request) for request in requests]
    add(27)
    assert len(page_rows(requests[0]())) == 30
    assert [queries(request) for request in requests] == few


def test_the_risk_levels_built_into_the_scale_read_in_english_and_a_municipalitys_own_name_stays_swedish(world):
    from django.utils import translation

    from lots.risks.models import RiskScale

    today = timezone.localdate()
    user = world.persona("avdelningschef")
    make_risk(make_analysis(world, "sub", title="Analys"), severity=1, probability=1)
    with translation.override("en"):
        figures = dashboard.risks_widget(user, world.own, today).figures
    assert sum(f.value for f in figures[:4]) == 1, figures
    assert [(f.label, f.data_label) for f in figures[:4]] == [
        ("Low", False),
        ("Moderate", False),
        ("High", False),
        ("Very high", False),
    ]
    scale = RiskScale.for_municipality(world.m1)
    scale.levels = [{**level, "name": "Gul nivå"} if level["name"] == "Låg" else level for level in scale.levels]
    scale.save()
    with translation.override("en"):
        figures = dashboard.risks_widget(user, world.own, today).figures
    assert ("Gul nivå", True) in [(f.label, f.data_label) for f in figures]
