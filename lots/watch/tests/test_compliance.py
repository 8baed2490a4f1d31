"""The share on time per month and unit, from what was known at each month's end; equal to the due list now; in the
annual report and on the overview."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.reports.providers.base import Scope
from lots.watch.compliance import chart_block, monthly_compliance, p_chart
from lots.watch.overview_widget import widget
from lots.watch.report_section import WatchSection

D = datetime.date


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


@pytest.fixture
def history(world, place):
    """January: two child placements on "own" imported on 5 January, both started in October; the visit of BU-1
    is overdue from 11 January (due 10 January), BU-2 was visited on 1 January. On 3 February a new import shows
    BU-1 visited on 1 February, and a placement on "sub" overdue since January."""
    place(
        [
            {"case_reference": "BU-1", "start_date": D(2025, 10, 10)},
            {"case_reference": "BU-2", "start_date": D(2025, 10, 10), "last_visit_date": D(2026, 1, 1)},
        ],
        at=at(D(2026, 1, 5)),
    )
    place(
        [
            {"case_reference": "BU-1", "start_date": D(2025, 10, 10), "last_visit_date": D(2026, 2, 1)},
            {"case_reference": "BU-2", "start_date": D(2025, 10, 10), "last_visit_date": D(2026, 1, 1)},
        ],
        at=at(D(2026, 2, 3)),
    )
    place([{"case_reference": "BU-3", "start_date": D(2025, 9, 1)}], unit=world.sub, at=at(D(2026, 2, 3)))


def shares(rows):
    return [(r.month, r.active, r.overdue, r.share) for r in rows]


def test_each_month_is_counted_from_the_snapshot_known_at_its_end(world, history):
    rows = monthly_compliance(world.sub, [D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1)], today=D(2026, 2, 20))
    assert shares(rows) == [(D(2025, 12, 1), 0, 0, None), (D(2026, 1, 1), 0, 0, None), (D(2026, 2, 1), 1, 1, 0.0)]
    rows = monthly_compliance(world.own, [D(2026, 1, 1), D(2026, 2, 1)], today=D(2026, 2, 20))
    # January: only the 5 January import was known; BU-1's visit was overdue then, BU-3 not yet imported.
    # February (to today): BU-1 visited, BU-3 overdue on the sub-unit.
    assert shares(rows) == [(D(2026, 1, 1), 2, 1, 50.0), (D(2026, 2, 1), 3, 1, 66.7)]


def test_the_current_month_equals_the_due_lists_counts(world, history, client_for):
    today = timezone.localdate()
    [row] = monthly_compliance(world.own, [today.replace(day=1)], today=today)
    client = client_for(world.persona("enhetschef"))
    overdue = client.get(reverse("watch:index"), {"unit": world.own.pk, "status": "forsenade"}).context["page_obj"]
    active = client.get(reverse("watch:index"), {"unit": world.own.pk}).context["page_obj"]
    assert (row.active, row.overdue) == (active.paginator.count, overdue.paginator.count)


def test_months_after_today_are_left_out(world, history):
    assert monthly_compliance(world.own, [D(2026, 3, 1)], today=D(2026, 2, 20)) == []


def test_a_p_chart_has_limits_that_narrow_with_more_placements():
    chart = p_chart([9, 90], [10, 100])
    assert chart.centre == pytest.approx(90.0)
    assert chart.upper[0] - chart.lower[0] > chart.upper[1] - chart.lower[1]
    with pytest.raises(ValueError):
        p_chart([1], [1])


def test_the_chart_block_has_a_table_of_every_month(world, history):
    rows = monthly_compliance(world.own, [D(2026, 1, 1), D(2026, 2, 1)], today=D(2026, 2, 20))
    block = chart_block(rows, "x")
    assert block["table"]["rows"][0][:4] == ["2026-01", 2, 1, 50.0]
    assert chart_block(rows[:1], "x") is None


def test_the_report_section_shows_the_share_per_month_and_the_overdue_at_the_end(world, history):
    result = WatchSection().compute(Scope(unit=world.own, year=2026, today=D(2026, 2, 20)))
    figures = result["figures"]
    assert (figures["active_at_end"], figures["overdue_at_end"], figures["share_at_end"]) == (3, 1, 66.7)
    assert figures["months"]["2026-01-01"] == {"active": 2, "overdue": 1, "share": 50.0}
    assert figures["units"][world.sub.pk] == {"active": 1, "overdue": 1, "share": 0.0}


def test_the_report_section_says_when_nothing_was_imported(world):
    result = WatchSection().compute(Scope(unit=world.other, year=2026, today=D(2026, 2, 20)))
    assert result["blocks"][0]["type"] == "text"


def test_the_overview_widget_counts_what_the_list_shows_and_only_for_readers(world, history, client_for):
    manager = world.persona("enhetschef")
    today = timezone.localdate()
    found = widget(manager, world.own, today)
    overdue = next(f for f in found.figures if f.key == "overdue")
    listed = client_for(manager).get(overdue.url).context["page_obj"].paginator.count
    assert overdue.value == listed
    assert widget(world.persona("granskare"), world.own, today) is None
    assert widget(manager, world.other, today) is None


def test_the_compliance_page_shows_the_table_and_the_chart(world, history, client_for):
    response = client_for(world.persona("enhetschef")).get(reverse("watch:compliance"), {"unit": world.own.pk})
    assert response.status_code == 200
    assert response.context["unit"] == world.own
    assert len(response.context["own"]) == 12


def test_a_visit_due_on_the_months_last_day_is_on_time_that_month_and_late_the_next(world, place):
    place([{"case_reference": "BU-1", "start_date": D(2025, 10, 31)}], at=at(D(2026, 1, 2)))
    rows = monthly_compliance(world.own, [D(2026, 1, 1), D(2026, 2, 1)], today=D(2026, 2, 20))
    assert shares(rows) == [(D(2026, 1, 1), 1, 0, 100.0), (D(2026, 2, 1), 1, 1, 0.0)]


def test_the_per_worker_counts_equal_the_list_filtered_by_that_worker(world, history, client_for, worker):
    client = client_for(world.persona("enhetschef"))
    response = client.get(reverse("watch:compliance"), {"unit": world.own.pk})
    [row] = response.context["per_worker"]
    listed = client.get(reverse("watch:index"), {"unit": world.own.pk, "worker": worker.username, "status": "forsenade"})
    assert row["overdue"] == listed.context["page_obj"].paginator.count
    assert row["active"] == 3
