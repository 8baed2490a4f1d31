"""Demo for reports: a real signal in the control charts, denominators, comparison values, and two quality reports.

- Eight reports about the night alarm at Vallmovillan HVB in March last year, and eight about late
  payments at Enheten ekonomiskt bistånd two months ago: each an unusually high month on its unit's
  control chart, and a recurring theme.
- Clients per month for the two residential homes (so their charts are U charts).
- Fictional comparison values in Kolada's format (the key figures are made up and named "(demo)").
- An established quality report for last year, and a draft for this year.

Everything goes through the services; loading twice gives the same data.
"""

import datetime
import json

from django.utils import timezone

from lots.accounts.demo import holders
from lots.deviations import services as deviation_services
from lots.deviations.models import Deviation, DeviationCategory
from lots.reports import sections, services
from lots.reports.models import ComparisonIndicator, ComparisonValue, DenominatorSeries, QualityReport, ReportNarrative
from lots.reports.periods import add_months, last_complete_month, month_start

DEPENDS_ON = ("lots.deviations",)

State = Deviation.State
REF = "rapporter-demo-{:03d}"

CLUSTERS = [
    # (first reference number, reporter, unit code, category, texts, month offset from today or fixed month)
    (
        1,
        "hvb2",
        "vallmovillan",
        "Övrigt",
        [
            "Larmet på boendet gick inte att återställa efter strömavbrottet och nattpersonalen fick gå extra tillsyn.",
            "Nattpersonalen kunde inte larma vakten eftersom larmet på boendet var ur funktion.",
            "Larmet på boendet löste ut flera gånger under natten utan orsak och väckte de boende.",
            "Dörrlarmet på boendet fungerade inte när en ungdom gick ut under natten.",
        ],
        "last_march",
    ),
    (
        9,
        "ssk-ekonomi",
        "ekonomiskt-bistand",
        "Handläggning",
        [
            "Utbetalningen av ekonomiskt bistånd blev försenad efter bytet av verksamhetssystem.",
            "Den sökande fick sin utbetalning en vecka för sent eftersom beslutet inte överfördes till utbetalningen.",
            "Utbetalningen stoppades felaktigt i det nya verksamhetssystemet och den sökande saknade pengar till hyran.",
            "Försenad utbetalning av ekonomiskt bistånd; beslutet låg kvar som utkast i verksamhetssystemet.",
        ],
        "two_months_ago",
    ),
]
PER_CLUSTER = 8

HOMES = [("vallmovillan", 11), ("kollektivet", 8)]  # places; clients per month vary a little below that

DEMO_KPIS = [
    ("X90001", "Andel brukare inom IFO som är nöjda med bemötandet, % (demo)", 82.0, 4.0),
    ("X90002", "Andel utredningar barn och unga klara inom fyra månader, % (demo)", 71.0, 3.0),
    ("X90003", "Andel vuxna med missbruk som inte återkommit inom ett år, % (demo)", 64.0, 5.0),
    ("X90004", "Väntetid i dagar till första planerade besök, försörjningsstöd (demo)", 12.0, -2.0),
]


def _month_for(ctx, when: str) -> datetime.date:
    if when == "last_march":
        return datetime.date(ctx.today.year - 1, 3, 1)
    return add_months(month_start(ctx.today), -2)


def _cluster(ctx) -> None:
    existing = set(
        Deviation.objects.filter(municipality=ctx.municipality, external_reference__startswith="rapporter-demo-").values_list(
            "external_reference", flat=True
        )
    )
    categories = {c.name: c for c in DeviationCategory.objects.filter(municipality=ctx.municipality)}
    for first, reporter, unit_code, category, texts, when in CLUSTERS:
        month = _month_for(ctx, when)
        unit = ctx.unit(unit_code)
        handler = next(iter(holders(ctx, "enhetschef", unit_code)), ctx.actor)
        old = when == "last_march"
        for i in range(PER_CLUSTER):
            ref = REF.format(first + i)
            if ref in existing:
                continue
            reported = timezone.make_aware(
                datetime.datetime.combine(month + datetime.timedelta(days=2 + i * 3), datetime.time(9 + i % 6, 15))
            )
            deviation = deviation_services.deviation_report(
                actor=ctx.person(reporter),
                unit=unit,
                occurred_at=reported - datetime.timedelta(hours=3),
                description=texts[i % len(texts)],
                category=categories.get(category),
                immediate_action="Ansvarig chef informerades samma dag.",
                case_reference=f"{unit_code[:3].upper()}-{500 + first + i}",
                reported_at=reported,
                external_reference=ref,
                notify_people=False,
            )
            steps = (
                [State.RECEIVED, State.INVESTIGATING, State.RESOLVED, State.CLOSED]
                if old
                else [State.RECEIVED, State.INVESTIGATING][: 1 + i % 2]
            )
            for day, state in enumerate(steps, start=1):
                if state == State.RESOLVED:
                    deviation_services.deviation_analyse(
                        actor=handler,
                        deviation=deviation,
                        expected_version=None,
                        causes=[Deviation.Cause.TECHNOLOGY, Deviation.Cause.ROUTINES],
                        cause_description="Tekniskt fel i kombination med att rutinen för reservlösning inte var känd.",
                        severity=3,
                        probability=3,
                    )
                deviation_services.deviation_transition(
                    actor=handler,
                    deviation=deviation,
                    to_state=state,
                    comment={
                        State.RESOLVED: "Felet är åtgärdat och rutinen är uppdaterad.",
                        State.CLOSED: "Uppföljt: fungerar.",
                    }.get(state, ""),
                    at=reported + datetime.timedelta(days=day * 4),
                    notify_people=False,
                )


def _denominators(ctx) -> None:
    last = last_complete_month(ctx.today)
    for code, places in HOMES:
        unit = ctx.unit(code)
        for year in range(ctx.today.year - 2, ctx.today.year + 1):
            if DenominatorSeries.objects.filter(unit=unit, kind=DenominatorSeries.Kind.CLIENTS, year=year).exists():
                continue
            values = []
            for month in range(1, 13):
                if datetime.date(year, month, 1) > last:
                    values.append(None)
                else:
                    values.append(places - (year * 7 + month * 3 + places) % 3)  # deterministic, at most full
            services.denominators_save(
                actor=ctx.actor, unit=unit, kind=DenominatorSeries.Kind.CLIENTS, year=year, values=values, expected_version=None
            )


def kolada_demo_file(today: datetime.date) -> str:
    """Fictional comparison values in Kolada's v2 shape for Exempelkommun (9901), Grannby (9902) and the nation."""
    entries = []
    for index, (kpi, _title, base, step) in enumerate(DEMO_KPIS):
        for year in (today.year - 2, today.year - 1):
            for code, offset in (("9901", step * (year - today.year + 2)), ("9902", -1.5 - index), ("0000", 0.8 + index / 2)):
                total = round(base + offset, 1)
                entries.append(
                    {
                        "kpi": kpi,
                        "municipality": code,
                        "period": year,
                        "values": [
                            {"gender": "T", "count": 1, "status": "", "value": total},
                            {"gender": "K", "count": 1, "status": "", "value": round(total + 2.1, 1)},
                            {"gender": "M", "count": 1, "status": "", "value": round(total - 2.3, 1)},
                        ],
                    }
                )
    return json.dumps({"values": entries, "count": len(entries)})


def _comparisons(ctx) -> None:
    if not ComparisonValue.objects.filter(indicator__kpi=DEMO_KPIS[0][0], period=ctx.today.year - 1).exists():
        services.comparisons_import(actor=ctx.actor, raw=kolada_demo_file(ctx.today), source="demo")
    for kpi, title, _base, _step in DEMO_KPIS:
        indicator = ComparisonIndicator.objects.get(kpi=kpi)
        if not indicator.title:
            services.indicator_update(actor=ctx.actor, indicator=indicator, expected_version=indicator.version, title=title)


def _narratives(figures: dict, year: int) -> dict[str, str]:
    d = figures["deviations"]
    trends = figures["trends"]
    signal_text = (
        (
            "Styrdiagrammen visar en signal under året. "
            if len(trends["signals"]) == 1
            else f"Styrdiagrammen visar {len(trends['signals'])} signaler under året. "
        )
        + "Den tydligaste gäller larmet på "
        "Vallmovillan HVB i mars, då ovanligt många avvikelser rapporterades. Orsaken var ett tekniskt fel och att "
        "reservrutinen inte var känd; rutinen har uppdaterats och larmet bytts ut."
        if trends["signals"]
        else "Styrdiagrammen visar inga signaler under året; variationen ligger inom det väntade."
    )
    return {
        "organisation": (
            f"Socialnämnden har det övergripande ansvaret för kvalitetsarbetet {year}. Förvaltningschefen leder arbetet "
            "och varje chef ansvarar för kvaliteten i sin verksamhet. Kvalitetsutvecklarna i staben stödjer cheferna "
            "och sammanställer underlagen.\n\n"
            f"Organisationen hade {figures['organisation']['units_total']} enheter och grupper vid årets slut."
        ),
        "management_system": (
            f"Ledningssystemet omfattar {figures['management_system']['processes_established']} fastställda processer och "
            f"{figures['management_system']['routines_in_force']} gällande rutiner. Processerna för handläggning och för "
            "hantering av avvikelser har gåtts igenom på arbetsplatsträffar, och laglistan har uppdaterats efter den nya "
            "socialtjänstlagen."
        ),
        "risks": (
            f"Under året gjordes {figures['risks']['analyses']} riskanalyser, varav "
            f"{figures['risks']['analyses_yearly_client']} årliga med klientperspektiv. De allvarligaste riskerna gäller "
            "sena skyddsbedömningar och bristande överlämning mellan enheter; åtgärderna följs upp i förbättringsarbetet."
        ),
        "self_inspection": (
            "Egenkontrollerna har genomförts enligt plan, bland annat journalgranskning av utredningar om barn och unga. "
            "Internkontrollen visade mindre brister som har åtgärdats."
        ),
        "feedback": (
            f"{figures['feedback']['total']} synpunkter och klagomål kom in under året. "
            + (
                f"{figures['feedback']['share_in_time']} procent avslutades inom tidsgränsen. "
                if figures["feedback"]["share_in_time"] is not None
                else ""
            )
            + (
                "Flest gällde "
                + max(figures["feedback"]["by_category"], key=figures["feedback"]["by_category"].get).lower()
                + "."
                if figures["feedback"]["by_category"]
                else ""
            )
        ),
        "collaboration": (
            f"{figures['collaboration']['deviations_collaboration']} avvikelser gällde samverkan, främst med skolan och "
            "vårdcentralerna. En gemensam rutin för informationsöverföring inför samverkansmöten har tagits fram."
        ),
        "comparisons": (
            "Jämfört med riket ligger kommunen över genomsnittet för brukarnas nöjdhet med bemötandet men under för "
            "utredningstider för barn och unga. Kvinnor är något nöjdare än män."
        ),
        "deviations": (
            f"Under året rapporterades {d['total']} avvikelser, jämfört med {d['previous_year_total']} året innan. "
            "Ökningen speglar till stor del en bättre rapporteringskultur efter utbildningsinsatserna.\n\n"
            f"{d['lex_sarah']} rapporter gällde möjliga missförhållanden enligt lex Sarah och {d['ivo_notified']} "
            "allvarliga missförhållanden anmäldes till IVO. Mediantiden till avslut var "
            f"{_days(d['median_days_to_close'])} dagar."
        ),
        "trends": signal_text,
        "improvements": (
            "Förbättringsarbetet har följt förbättringshjulet. De flesta åtgärderna kommer från analyser av avvikelser; "
            "effekterna följs upp vid arbetsplatsträffar."
        ),
        "focus": (
            f"Inför {year + 1} prioriteras kortare utredningstider för barn och unga, säkra tekniska system på "
            "boendena och fortsatt arbete med bemötande."
        ),
    }


def _days(value) -> str:
    """A number of days as Swedish writes it: one decimal, with a decimal comma (21,0)."""
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def _reports(ctx) -> None:
    unit = ctx.unit("socialforvaltning")
    chief = ctx.person("forvaltningschef")
    last_year, this_year = ctx.today.year - 1, ctx.today.year
    report = QualityReport.objects.filter(unit=unit, year=last_year).first()
    if report is None:
        report = services.report_create(actor=ctx.actor, unit=unit, year=last_year, today=ctx.today)
    if not report.is_established:
        computed = {s["key"]: s["figures"] for s in sections.compute_all(unit, last_year, ctx.today)}
        for key, text in _narratives(computed, last_year).items():
            narrative = ReportNarrative.objects.filter(report=report, section=key).first()
            if narrative is None or not narrative.text:
                services.narrative_update(
                    actor=ctx.actor,
                    report=report,
                    section=key,
                    text=text,
                    expected_version=narrative.version if narrative else None,
                )
        services.report_establish(actor=chief, report=report, expected_version=None)
    draft = QualityReport.objects.filter(unit=unit, year=this_year).first()
    if draft is None:
        draft = services.report_create(actor=ctx.actor, unit=unit, year=this_year, today=ctx.today)
        services.narrative_update(
            actor=ctx.actor,
            report=draft,
            section="organisation",
            text="Organisationen är oförändrad sedan förra året. Ansvaret för kvalitetsarbetet ligger hos förvaltningschefen.",
            expected_version=None,
        )


def load(ctx) -> None:
    _cluster(ctx)
    _denominators(ctx)
    _comparisons(ctx)
    _reports(ctx)
