"""Compliance figures of a case-record review, checked against values computed by hand."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from lots.risks.compliance import Tally, change_in_points, compliance_for, format_percent, format_points, previous_round
from lots.risks.services import inspection as services
from lots.risks.summary import self_inspection_results
from lots.risks.tests.helpers import make_plan, make_review_point, review

M, N, X = "met", "not_met", "na"

# Four records × three criteria. By hand:
#   criterion 1: met 3, not met 1, n/a 0 → 3/4 = 75 %
#   criterion 2: met 1, not met 2, n/a 1 → 1/3 = 33,3 %
#   criterion 3: met 2, not met 1, n/a 1 → 2/3 = 66,7 %
#   overall:     met 6, not met 4, n/a 2 → 6/10 = 60 %
THIS_ROUND = {"A-01": [M, M, X], "A-02": [M, N, M], "A-03": [N, X, M], "A-04": [M, N, N]}
# Last year, two records: criterion 1 → 1/2 = 50 %, criterion 2 → 2/2 = 100 %, criterion 3 → 1/1 = 100 %; overall 4/5 = 80 %.
LAST_ROUND = {"F-01": [M, M, M], "F-02": [N, M, X]}


@pytest.fixture
def reviewed(world):
    responsible = world.persona("enhetschef")
    year = datetime.date.today().year
    last_point = make_review_point(make_plan(world, year=year - 1), responsible=responsible, sample_size=2)
    last_round = last_point.rounds.get()
    review(last_point, last_round, LAST_ROUND)
    services.round_complete(
        actor=responsible,
        round_=last_round,
        expected_version=None,
        performed_on=datetime.date(year - 1, 10, 20),
        summary="Förra året.",
    )
    point = make_review_point(make_plan(world, year=year), responsible=responsible, sample_size=4)
    round_ = point.rounds.get()
    review(point, round_, THIS_ROUND)
    return point, round_, last_round


def test_compliance_per_criterion_and_overall_matches_the_hand_computed_figures(reviewed):
    _point, round_, _last = reviewed
    compliance = compliance_for(round_)
    assert [(r.tally.met, r.tally.not_met, r.tally.not_applicable) for r in compliance.criteria] == [
        (3, 1, 0),
        (1, 2, 1),
        (2, 1, 1),
    ]
    assert [r.tally.percent for r in compliance.criteria] == [Decimal("75.0"), Decimal("33.3"), Decimal("66.7")]
    assert (compliance.overall.met, compliance.overall.not_met, compliance.overall.not_applicable) == (6, 4, 2)
    assert compliance.overall.percent == Decimal("60.0")
    assert compliance.records == 4


def test_it_compares_with_last_years_round_of_the_same_control_point(reviewed):
    _point, round_, last_round = reviewed
    compliance = compliance_for(round_)
    assert compliance.previous_round == last_round
    assert [r.previous.percent for r in compliance.criteria] == [Decimal("50.0"), Decimal("100.0"), Decimal("100.0")]
    assert compliance.previous_overall.percent == Decimal("80.0")
    # Changes from the exact shares: 3/4 − 1/2 = +25; 1/3 − 1 = −66,7; 2/3 − 1 = −33,3; 6/10 − 4/5 = −20.
    assert [r.change for r in compliance.criteria] == [Decimal("25.0"), Decimal("-66.7"), Decimal("-33.3")]
    assert compliance.change == Decimal("-20.0")


def test_a_criterion_answered_only_not_applicable_has_no_share():
    tally = Tally(met=0, not_met=0, not_applicable=3)
    assert tally.assessed == 0 and tally.percent is None
    assert format_percent(tally.percent) == "–"
    assert change_in_points(tally, Tally(1, 1, 0)) is None


def test_percentages_are_written_the_swedish_way():
    assert format_percent(Decimal("75.0")) == "75\u00a0%"
    assert format_percent(Decimal("66.7")) == "66,7\u00a0%"
    assert format_percent(Decimal("100.0")) == "100\u00a0%"
    assert format_points(Decimal("-20.0")) == "−20\u00a0procentenheter"
    assert format_points(Decimal("6.7")) == "+6,7\u00a0procentenheter"
    assert format_points(Decimal("0.0")) == "±0\u00a0procentenheter"


def test_an_earlier_round_of_the_same_control_point_comes_before_last_year(world):
    responsible = world.persona("enhetschef")
    year = datetime.date.today().year
    plan = make_plan(world, year=year)
    point = services.control_point_create(
        actor=responsible,
        plan=plan,
        title="Journalgranskning",
        method="record_review",
        frequency=2,
        responsible=responsible,
        first_due=datetime.date(year, 1, 31),
        criteria=["Ett kriterium"],
        sample_size=1,
    )
    first, second = point.rounds.order_by("due_date")
    assert previous_round(second) is None  # the first round is not done yet
    review(point, first, {"A-1": [M]})
    services.round_complete(
        actor=responsible, round_=first, expected_version=None, performed_on=datetime.date(year, 1, 20), summary="Ok"
    )
    assert previous_round(second) == first
    assert previous_round(first) is None


def test_a_round_of_another_unit_is_never_the_previous_round(world):
    responsible = world.persona("kvalitetssamordnare")
    year = datetime.date.today().year
    other_point = make_review_point(
        make_plan(world, "other", year=year - 1), responsible=responsible, sample_size=1, criteria=["K"]
    )
    other_round = other_point.rounds.get()
    review(other_point, other_round, {"B-1": [M]})
    services.round_complete(
        actor=responsible,
        round_=other_round,
        expected_version=None,
        performed_on=datetime.date(year - 1, 5, 1),
        summary="Annan enhet",
    )
    point = make_review_point(make_plan(world, "own", year=year), responsible=responsible, sample_size=1, criteria=["K"])
    assert previous_round(point.rounds.get()) is None


def test_the_round_page_shows_the_figures_and_states_the_rule(reviewed, client_for, world):
    _point, round_, _last = reviewed
    html = client_for(world.persona("enhetschef")).get(reverse("risks:round", args=[round_.pk])).content.decode()
    for figure in ("75\u00a0%", "33,3\u00a0%", "66,7\u00a0%", "60\u00a0%", "80\u00a0%", "−20\u00a0procentenheter"):
        assert figure in html
    assert "uppfyllt ÷ (uppfyllt + ej uppfyllt)" in html
    assert "A-03" in html and "F-01" not in html


def test_the_annual_report_summary_lists_the_years_rounds_with_their_figures(reviewed, world):
    point, round_, last_round = reviewed
    services.round_complete(
        actor=point.responsible,
        round_=round_,
        expected_version=None,
        performed_on=datetime.date.today(),
        summary="Barnets röst saknas ofta.",
    )
    [result] = self_inspection_results(world.persona("granskare"), datetime.date.today().year)
    assert (result.round, result.percent_met, result.previous_percent_met) == (round_, Decimal("60.0"), Decimal("80.0"))
    assert result.summary == "Barnets röst saknas ofta."
    assert self_inspection_results(world.persona("extern_utforare"), datetime.date.today().year) == []
    assert [r.round for r in self_inspection_results(world.persona("granskare"), datetime.date.today().year - 1)] == [last_round]
