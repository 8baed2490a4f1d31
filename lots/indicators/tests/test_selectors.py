"""Reading a year of an indicator: stored values win, computed and Kolada values are read as they stand, and the plan
gathers the unit's indicators with the ones measuring its goals."""

import datetime
from decimal import Decimal

from lots.accounts.models import Role
from lots.indicators import charts, selectors, services
from lots.indicators.models import Indicator, Value
from lots.reports.models import ComparisonIndicator, ComparisonValue

D = datetime.date
TODAY = D(2026, 6, 15)


def test_a_kolada_indicator_reads_the_imported_values_with_the_split(world, make_indicator):
    world.m1.code = "0483"
    world.m1.save(update_fields=["code"])
    kpi = ComparisonIndicator.objects.create(kpi="N00945", title="Brukarbedömning")
    for year, gender, value in [(2025, "T", 81.0), (2025, "K", 83.0), (2025, "M", 79.0), (2026, "T", 84.0)]:
        ComparisonValue.objects.create(indicator=kpi, municipality_code="0483", period=year, gender=gender, value=value)
    ComparisonValue.objects.create(indicator=kpi, municipality_code="0488", period=2025, gender="T", value=50.0)
    indicator = make_indicator(
        source=Indicator.Source.KOLADA, kolada_kpi="n00945", frequency=Indicator.Frequency.YEAR, split=Indicator.Split.WOMEN_MEN
    )
    assert indicator.kolada_kpi == "N00945"
    [last] = selectors.years_of([indicator], 2025, today=TODAY)
    assert (last.latest.total, last.latest.female, last.latest.male) == (Decimal("81.0"), Decimal("83.0"), Decimal("79.0"))
    assert not last.split_gap
    [this] = selectors.years_of([indicator], 2026, today=TODAY)
    assert this.latest.total == Decimal("84.0") and this.split_gap


def test_a_computed_client_indicator_shows_the_gap_with_the_sources_reason(world, make_indicator):
    indicator = make_indicator(
        source=Indicator.Source.COMPUTED, computed_key="complaints_received", split=Indicator.Split.WOMEN_MEN
    )
    [year] = selectors.years_of([indicator], 2026, today=TODAY)
    assert year.split_gap
    assert "kön" in year.gap_reasons[0][1]


def test_a_stored_value_wins_over_the_computed_one(world, make_indicator):
    indicator = make_indicator(source=Indicator.Source.COMPUTED, computed_key="deviations_per_month")
    Value.objects.create(indicator=indicator, period_start=D(2026, 2, 1), total=Decimal(7), origin=Value.Origin.COMPUTED)
    [year] = selectors.years_of([indicator], 2026, today=TODAY)
    assert [v.total for v in year.values[:3]] == [Decimal(0), Decimal(7), Decimal(0)]


def test_the_plan_holds_the_units_indicators_below_it_and_not_another_units(world, make_indicator):
    mine = make_indicator(name="Eget")
    below = make_indicator(name="Underenhetens", unit=world.sub)
    make_indicator(name="Andras", unit=world.other)
    rows = selectors.for_plan(unit=world.own, year=2026, user=world.persona(Role.AVDELNINGSCHEF), today=TODAY)
    assert {r.indicator for r in rows} == {mine, below}


def test_meeting_the_target_follows_the_good_direction():
    assert services.meets(Decimal(5), Decimal(4), "up") is True
    assert services.meets(Decimal(5), Decimal(4), "down") is False
    assert services.meets(None, Decimal(4), "up") is None


def test_the_chart_has_a_target_line_split_lines_and_a_text_alternative(world, make_indicator):
    indicator = make_indicator(split=Indicator.Split.GIRLS_BOYS)
    services.target_set(actor=world.persona(Role.KVALITETSSAMORDNARE), indicator=indicator, year=2026, value=90)
    for month, (total, girls, boys) in enumerate([(80, 82, 78), (85, 88, 82)], start=1):
        services.value_record(
            actor=world.persona(Role.ENHETSCHEF),
            indicator=indicator,
            period_start=D(2026, month, 1),
            total=total,
            female=girls,
            male=boys,
            today=TODAY,
        )
    [year] = selectors.years_of([indicator], 2026, today=TODAY)
    svg = charts.svg(year)
    assert "<title" in svg and "<desc" in svg and "Målvärde 90" in svg
    assert "Flickor" in svg and "Pojkar" in svg and "stroke-dasharray" in svg
    assert "Når inte målvärdet." in svg
    table = charts.table(year)
    assert table["headers"][:4] == ["Period", "Totalt", "Flickor", "Pojkar"]
    assert table["rows"][1][:4] == ["feb 2026", "85", "88", "82"]


def test_indicators_reading_the_same_source_for_the_same_unit_share_one_computation(
    world, make_indicator, django_assert_num_queries
):
    first = make_indicator(name="Avvikelser", source=Indicator.Source.COMPUTED, computed_key="deviations_per_month")
    with django_assert_num_queries(3) as one:
        selectors.years_of([first], 2026, today=TODAY)
    twins = [first] + [
        make_indicator(name=f"Avvikelser {n}", source=Indicator.Source.COMPUTED, computed_key="deviations_per_month")
        for n in range(3)
    ]
    with django_assert_num_queries(len(one.captured_queries)):
        years = selectors.years_of(twins, 2026, today=TODAY)
    assert len({tuple(v.total for v in year.values) for year in years}) == 1
