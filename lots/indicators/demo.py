"""Demo indicators: two per demo process, with targets for last year and this, and monthly (or tertial) values over
both years, after Katrineholm §5.1 (every process has goals and key figures with target values) and §4.3 (key
figures about clients are reported for women and men, girls and boys).

Each process gets one figure entered by its owner — split by gender where it concerns clients, a few periods
without the split and with the reason why — and one computed from Lots's own data (deviations, complaints,
placements, routines read), whose target is set from last year's level so that some are met and some are not.
Two förvaltning figures measure the non-client goals. Some entered figures miss their target, and the last month
of two is left for the owner to enter (the reminder and "Mina uppgifter" show it).

The goals demo loads first (the indicators measure its result goals); it leaves the follow-ups of ended periods as
drafts when no indicators exist yet, and they are established here once the values are in, which freezes them.
"""

import datetime
from decimal import Decimal

from lots.indicators import selectors, services, sources
from lots.indicators.models import Indicator
from lots.indicators.periods import MONTH, TERTIAL, periods_in_year

DEPENDS_ON = ("lots.processes", "lots.goals", "lots.deviations", "lots.feedback", "lots.watch")

Ind = Indicator
GB, WM, NO = Ind.Split.GIRLS_BOYS, Ind.Split.WOMEN_MEN, Ind.Split.NONE
UP, DOWN = Ind.Direction.UP, Ind.Direction.DOWN

# process key, name, unit of measure, direction, frequency, split, last year's level, yearly change, target,
# goal measured (area, number) or None, definition
ENTERED = [
    (
        "myndighet-barn",
        "Andel utredningar barn och unga klara inom fyra månader",
        "%",
        UP,
        MONTH,
        GB,
        78,
        4,
        90,
        (4, 1),
        "Avslutade utredningar enligt 11 kap. 1 § SoL under perioden som blev klara inom fyra månader, i procent.",
    ),
    (
        "mottagning-barn",
        "Andel förhandsbedömningar klara inom 14 dagar",
        "%",
        UP,
        MONTH,
        GB,
        86,
        3,
        95,
        (4, 1),
        "Förhandsbedömningar av orosanmälningar som avslutats inom 14 dagar, i procent av alla avslutade.",
    ),
    (
        "utredning-barn",
        "Genomsnittlig utredningstid barn och unga",
        "dagar",
        DOWN,
        MONTH,
        GB,
        112,
        -8,
        100,
        (4, 1),
        "Dagar från inledd till avslutad utredning, medelvärde för utredningar avslutade under perioden.",
    ),
    (
        "familjehem",
        "Andel placerade barn som fullföljer årskursen",
        "%",
        UP,
        TERTIAL,
        GB,
        81,
        3,
        90,
        (3, 1),
        "Barn i familjehem och HVB med godkända betyg eller flyttade till nästa årskurs, i procent.",
    ),
    (
        "utredning-vuxna",
        "Genomsnittlig utredningstid vuxna",
        "dagar",
        DOWN,
        MONTH,
        WM,
        64,
        -4,
        60,
        None,
        "Dagar från inledd till avslutad utredning, medelvärde.",
    ),
    (
        "lvm",
        "Andel LVM-ansökningar inlämnade inom lagstadgad tid",
        "%",
        UP,
        TERTIAL,
        WM,
        92,
        2,
        100,
        None,
        "Ansökningar om vård enligt LVM som lämnats till förvaltningsrätten inom lagstadgad tid, i procent.",
    ),
    (
        "ekonomiskt-bistand",
        "Andel hushåll som lämnat ekonomiskt bistånd för arbete eller studier",
        "%",
        UP,
        MONTH,
        WM,
        21,
        3,
        25,
        (1, 1),
        "Avslutade biståndsärenden där orsaken är arbete eller studier, i procent av avslutade ärenden.",
    ),
    (
        "sociala-kontrakt",
        "Andel som gått från socialt kontrakt till eget förstahandskontrakt",
        "%",
        UP,
        TERTIAL,
        WM,
        34,
        6,
        40,
        (2, 1),
        "Avslutade sociala kontrakt där hyresgästen fått eget förstahandskontrakt, i procent.",
    ),
    (
        "budget-skuld",
        "Väntetid till första samtal om skuldrådgivning",
        "dagar",
        DOWN,
        MONTH,
        WM,
        24,
        -6,
        21,
        None,
        "Dagar från kontakt till första samtal, medelvärde för första samtal under perioden.",
    ),
    (
        "familjeratt",
        "Andel vårdnadsutredningar klara inom fyra månader",
        "%",
        UP,
        TERTIAL,
        GB,
        70,
        8,
        85,
        None,
        "Vårdnads-, boende- och umgängesutredningar till tingsrätten klara inom fyra månader, i procent.",
    ),
    (
        "ensamkommande",
        "Andel ensamkommande barn med god man inom en vecka",
        "%",
        UP,
        TERTIAL,
        GB,
        88,
        4,
        95,
        None,
        "Barn som anvisats kommunen och fått god man inom sju dagar, i procent.",
    ),
    (
        "oppenvard-barn",
        "Andel familjer nöjda med stödet",
        "%",
        UP,
        TERTIAL,
        WM,
        83,
        2,
        85,
        (4, 3),
        "Föräldrar som svarat 4 eller 5 av 5 på frågan om stödet i uppföljningen efter avslutad insats, i procent.",
    ),
    (
        "vald",
        "Andel våldsutsatta som fått stöd inom en vecka",
        "%",
        UP,
        MONTH,
        WM,
        74,
        6,
        90,
        (4, 2),
        "Personer utsatta för våld i nära relation som fått stödsamtal inom sju dagar från kontakt, i procent.",
    ),
    (
        "missbruk",
        "Andel som fullföljt behandlingen",
        "%",
        UP,
        TERTIAL,
        WM,
        58,
        4,
        65,
        None,
        "Deltagare i gruppbehandling som fullföljt programmet, i procent av dem som påbörjat.",
    ),
    (
        "hvb",
        "Andel ungdomar med genomförandeplan inom en månad",
        "%",
        UP,
        MONTH,
        GB,
        80,
        8,
        95,
        None,
        "Inskrivna ungdomar med upprättad genomförandeplan inom en månad från inskrivning, i procent.",
    ),
    (
        "synpunkter",
        "Andel synpunkter som lett till åtgärd",
        "%",
        UP,
        TERTIAL,
        NO,
        38,
        4,
        40,
        (4, 3),
        "Avslutade synpunkter och klagomål där en åtgärd beslutats, i procent.",
    ),
    (
        "lex-sarah",
        "Andel lex Sarah-utredningar klara inom två månader",
        "%",
        UP,
        TERTIAL,
        NO,
        67,
        8,
        90,
        None,
        "Utredningar av missförhållanden som avslutats inom två månader från rapporten, i procent.",
    ),
    (
        "riskanalys",
        "Andel enheter med riskanalys inför budget",
        "%",
        UP,
        TERTIAL,
        NO,
        75,
        10,
        100,
        (7, 1),
        "Enheter som dokumenterat en riskanalys inför budgetåret, i procent av förvaltningens enheter.",
    ),
    (
        "introduktion",
        "Andel nya medarbetare med introduktion inom en månad",
        "%",
        UP,
        TERTIAL,
        NO,
        72,
        8,
        90,
        (7, 1),
        "Nyanställda som gått igenom introduktionsprogrammet inom en månad, i procent.",
    ),
    (
        "kvalitetsberattelse",
        "Andel egenkontroller genomförda enligt plan",
        "%",
        UP,
        TERTIAL,
        NO,
        81,
        5,
        90,
        None,
        "Egenkontroller i årets plan som genomförts senast planerad månad, i procent.",
    ),
]

# process key, computed source; every process gets one (the source counts the process's first unit and below).
COMPUTED = {
    "myndighet-barn": "placements_on_time",
    "mottagning-barn": "complaints_in_time",
    "utredning-barn": "deviations_per_month",
    "familjehem": "placements_on_time",
    "utredning-vuxna": "deviations_per_month",
    "lvm": "routines_acknowledged",
    "ekonomiskt-bistand": "complaints_in_time",
    "sociala-kontrakt": "deviations_per_month",
    "budget-skuld": "complaints_received",
    "familjeratt": "routines_acknowledged",
    "ensamkommande": "deviations_per_month",
    "oppenvard-barn": "complaints_in_time",
    "vald": "routines_acknowledged",
    "missbruk": "deviations_per_month",
    "hvb": "lex_sarah_per_month",
    "synpunkter": "complaints_in_time",
    "lex-sarah": "lex_sarah_per_month",
    "riskanalys": "routines_acknowledged",
    "introduktion": "routines_acknowledged",
    "kvalitetsberattelse": "deviations_per_month",
}

# name, unit of measure, direction, last year's level, yearly change, target, goal (area, number)
FORVALTNING = [
    ("Sjukfrånvaro bland medarbetarna", "%", DOWN, 7.8, -0.6, 6.5, (7, 1)),
    ("Mil med egen bil i tjänsten", "mil per månad", DOWN, 820, -90, 700, (6, 1)),
]

NO_SPLIT_REASON = "Verksamhetssystemet registrerade inte kön under systembytet i mars."


def _goals(ctx, year: int) -> dict:
    from lots.goals.models import ResultGoal

    return {
        (g.area.number, g.number): g
        for g in ResultGoal.objects.filter(unit__municipality=ctx.municipality, year=year).select_related("area")
    }


def _periods(frequency: str, years: list[int], today: datetime.date):
    return [p for year in years for p in periods_in_year(year, frequency) if p.is_over(today)]


def _level(ctx, base: float, change: float, period, first_year: int) -> Decimal:
    months = (period.start.year - first_year) * 12 + period.start.month - 1
    value = base + change * months / 12 + ctx.rng.uniform(-1, 1) * max(abs(change), abs(base) * 0.03)
    return Decimal(str(round(max(value, 0), 1)))


def load(ctx) -> None:
    from lots.processes.models import Process

    if ctx.municipality is None or Indicator.objects.filter(municipality=ctx.municipality).exists():
        return
    actor = ctx.person("kvalitet")
    this_year, last_year = ctx.today.year, ctx.today.year - 1
    years = [last_year, this_year]
    processes = {
        p.name: p for p in Process.objects.filter(municipality=ctx.municipality).select_related("owner").prefetch_related("units")
    }
    from lots.processes.demo_data import PROCESSES

    by_key = {row[0]: processes.get(row[1]) for row in PROCESSES}
    goals = {year: _goals(ctx, year) for year in years}
    late = set()
    for number, row in enumerate(ENTERED):
        key, name, measure, direction, frequency, split, base, change, target, goal, definition = row
        process = by_key.get(key)
        if process is None or process.owner is None:
            continue
        unit = min(process.units.all(), key=lambda u: u.depth)
        indicator = services.indicator_create(
            actor=actor,
            unit=unit,
            name=name,
            definition=definition,
            unit_of_measure=measure,
            direction=direction,
            frequency=frequency,
            split=split,
            owner=process.owner,
            process=process,
            goals=[goals[y][goal] for y in years if goal in goals[y]] if goal else [],
        )
        for year in years:
            services.target_set(actor=actor, indicator=indicator, year=year, value=target)
        periods = _periods(frequency, years, ctx.today)
        if number in (2, 12) and periods and frequency == MONTH:
            late.add(indicator.pk)
            periods = periods[:-1]  # the last month is left for the owner to enter
        for period in periods:
            total = _level(ctx, base, change, period, last_year)
            if measure == "%":
                total = min(total, Decimal(100))
            female = male = None
            reason = ""
            if split != NO:
                if key == "budget-skuld" and period.start.month == 3:
                    reason = NO_SPLIT_REASON
                else:
                    gap = Decimal(str(round(ctx.rng.uniform(0.5, 4), 1)))
                    female, male = total + gap, max(total - gap, Decimal(0))
                    if measure == "%":
                        female = min(female, Decimal(100))
            services.value_record(
                actor=process.owner,
                indicator=indicator,
                period_start=period.start,
                total=total,
                female=female,
                male=male,
                split_missing_reason=reason,
                today=ctx.today,
            )
    for key, source_key in COMPUTED.items():
        process = by_key.get(key)
        if process is None or process.owner is None:
            continue
        source = sources.get(source_key)
        unit = min(process.units.all(), key=lambda u: u.depth)
        indicator = services.indicator_create(
            actor=actor,
            unit=unit,
            name=f"{source.name} – {process.name}",
            definition=str(source.definition),
            unit_of_measure=str(source.unit_of_measure),
            direction=source.direction,
            frequency=MONTH,
            split=NO,
            source=Ind.Source.COMPUTED,
            computed_key=source_key,
            owner=process.owner,
            process=process,
        )
        [data] = selectors.years_of([indicator], last_year, today=ctx.today)
        known = [v.total for v in data.values if v.total is not None]
        level = sum(known) / len(known) if known else Decimal(0)
        # An ambitious target: a little better than last year's level, so some months meet it and some do not. A share
        # nothing was measured for last year (no routine asked anyone to read it then) aims where such shares aim, not
        # at 3 %.
        if source.unit_of_measure == "%" and source.direction != DOWN and not level:
            target = Decimal(90)
        else:
            target = level * Decimal("0.9") if source.direction == DOWN else min(Decimal(100), level + Decimal(3))
        for year in years:
            services.target_set(actor=actor, indicator=indicator, year=year, value=round(target, 1))
    forvaltning = ctx.unit("socialforvaltning")
    for name, measure, direction, base, change, target, goal in FORVALTNING:
        indicator = services.indicator_create(
            actor=actor,
            unit=forvaltning,
            name=name,
            unit_of_measure=measure,
            direction=direction,
            frequency=MONTH,
            owner=ctx.person("forvaltningschef"),
            goals=[goals[y][goal] for y in years if goal in goals[y]],
        )
        for year in years:
            services.target_set(actor=actor, indicator=indicator, year=year, value=target)
        for period in _periods(MONTH, years, ctx.today):
            services.value_record(
                actor=actor,
                indicator=indicator,
                period_start=period.start,
                total=_level(ctx, base, change, period, last_year),
                today=ctx.today,
            )
    _establish_follow_ups(ctx)
    ctx.notes.append(
        f"Nyckeltal: {Indicator.objects.filter(municipality=ctx.municipality).count()} nyckeltal med målvärden för "
        f"{last_year} och {this_year}; två saknar förra månadens värde."
    )


def _establish_follow_ups(ctx) -> None:
    """Establish the goals demo's follow-ups of ended periods that it left as drafts (it waits for the values)."""
    from lots.goals import services as goal_services
    from lots.goals.models import FollowUp

    drafts = FollowUp.objects.filter(unit__municipality=ctx.municipality, state=FollowUp.State.DRAFT).order_by("year", "period")
    chief = ctx.person("forvaltningschef")
    for follow_up in drafts:
        if follow_up.period_end < ctx.today:
            goal_services.follow_up_establish(actor=chief, follow_up=follow_up, expected_version=None)
