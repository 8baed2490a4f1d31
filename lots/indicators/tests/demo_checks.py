"""The demo: two indicators with targets per demo process, gender-split where they concern clients, values over two
years with some off target and a split gap with its reason, and the goals demo's ended follow-ups established.

Run against the whole demo by lots/core/tests/test_demo.py."""

from lots.goals.models import FollowUp
from lots.indicators import selectors
from lots.indicators.models import Indicator, Value


def check_indicators_with_targets_splits_gaps_and_frozen_values(ctx):
    indicators = Indicator.objects.filter(municipality=ctx.municipality)
    assert indicators.count() >= 20
    lacking = selectors.lacking_processes(ctx.municipality, ctx.today.year)
    assert not any(lack.too_few for lack in lacking.values())
    split = indicators.exclude(split=Indicator.Split.NONE)
    assert split.filter(split=Indicator.Split.GIRLS_BOYS).exists() and split.filter(split=Indicator.Split.WOMEN_MEN).exists()
    values = Value.objects.filter(indicator__in=split)
    assert values.filter(female__isnull=False, male__isnull=False).count() > 100
    assert values.filter(female__isnull=True).exclude(split_missing_reason="").exists()
    rows = selectors.years_of(indicators, ctx.today.year - 1, today=ctx.today)
    assert any(r.meets_target is False for r in rows) and any(r.meets_target for r in rows)
    ended = FollowUp.objects.filter(unit__municipality=ctx.municipality)
    assert all(f.is_established for f in ended if f.period_end < ctx.today)
    assert Value.objects.filter(frozen_in__isnull=False).exists()


def check_computed_shares_aim_where_such_shares_aim(ctx):
    """A computed share with nothing measured last year (routines nobody was asked to read then) still gets a target a
    unit would set, not last year's 0 % plus three."""
    from lots.indicators.models import Target

    shares = Target.objects.filter(
        indicator__municipality=ctx.municipality,
        indicator__source=Indicator.Source.COMPUTED,
        indicator__unit_of_measure="%",
        indicator__direction=Indicator.Direction.UP,
    )
    assert shares.exists()
    assert not shares.filter(value__lt=50).exists(), list(shares.filter(value__lt=50).values_list("indicator__name", "value"))
