"""The intervals: children visited every three months and reconsidered every six, adults reconsidered every three;
counted from the last one or from the start, and met on the due day itself."""

import datetime

import pytest

from lots.watch.models import Placement, PlacementKind, due_dates

K = PlacementKind
D = datetime.date


@pytest.mark.parametrize("kind", [k for k in K.values if k.startswith("barn_")])
def test_a_child_is_visited_within_three_months_and_reconsidered_within_six_of_the_start(kind):
    assert due_dates(kind, D(2026, 1, 15), None, None) == (D(2026, 4, 15), D(2026, 7, 15))


def test_a_childs_deadlines_count_from_the_last_visit_and_the_last_reconsideration():
    assert due_dates(K.CHILD_LVU_FAMILY_HOME, D(2025, 1, 15), D(2026, 2, 1), D(2026, 1, 20)) == (D(2026, 5, 1), D(2026, 7, 20))


def test_a_visit_recorded_before_the_start_does_not_move_the_deadline_back():
    assert due_dates(K.CHILD_SOL_HVB, D(2026, 3, 1), D(2026, 2, 1), None)[0] == D(2026, 6, 1)


def test_an_adult_in_voluntary_24_hour_care_is_reconsidered_every_three_months_and_has_no_visit_deadline():
    assert due_dates(K.ADULT_VOLUNTARY, D(2026, 1, 15), D(2026, 3, 1), None) == (None, D(2026, 4, 15))
    assert due_dates(K.ADULT_VOLUNTARY, D(2025, 1, 15), None, D(2026, 2, 10)) == (None, D(2026, 5, 10))


def test_a_month_end_start_moves_to_the_last_day_of_a_shorter_month():
    assert due_dates(K.CHILD_SOL_HVB, D(2025, 11, 30), None, None)[0] == D(2026, 2, 28)


def _placement(kind, **dates) -> Placement:
    visit, reconsideration = due_dates(
        kind, dates["start_date"], dates.get("last_visit_date"), dates.get("last_reconsideration_date")
    )
    return Placement(
        kind=kind,
        visit_due=visit,
        reconsideration_due=reconsideration,
        next_due=min(filter(None, (visit, reconsideration))),
        **dates,
    )


def test_a_child_visit_is_on_time_on_the_due_day_and_overdue_the_day_after():
    p = _placement(K.CHILD_SOL_FAMILY_HOME, start_date=D(2026, 1, 15))
    assert not p.visit_overdue(D(2026, 4, 15))
    assert p.visit_overdue(D(2026, 4, 16))


def test_a_child_reconsideration_is_on_time_on_the_day_six_months_on_and_overdue_the_day_after():
    p = _placement(K.CHILD_LVU_HVB, start_date=D(2026, 1, 15), last_visit_date=D(2026, 7, 1))
    assert not p.reconsideration_overdue(D(2026, 7, 15))
    assert p.reconsideration_overdue(D(2026, 7, 16))
    assert not p.visit_overdue(D(2026, 7, 16))


def test_an_adult_reconsideration_is_overdue_the_day_after_three_months():
    p = _placement(K.ADULT_VOLUNTARY, start_date=D(2026, 1, 15))
    assert not p.is_overdue(D(2026, 4, 15))
    assert p.is_overdue(D(2026, 4, 16))
    assert not p.visit_overdue(D(2026, 12, 1))


def test_an_ended_placement_is_never_overdue():
    p = _placement(K.CHILD_SOL_HVB, start_date=D(2026, 1, 15), end_date=D(2026, 3, 1))
    assert not p.is_overdue(D(2026, 6, 1))
    assert p.is_overdue(D(2026, 6, 1)) is False and p.is_active(D(2026, 3, 1))
