"""Demo goals for two years, after Katrineholm's planning phase (§4.1–4.4): the council's seven goal areas, eight result
goals of the social welfare board on the förvaltning, and some 25 activities of its departments and units, each
serving a goal or a requirement of the law list.

Last year's plan was established, changed once with a reason (version 2) and followed up at both tertials and at year
end; this year's goals were copied from last year's (the usual case) and the plan established, and the follow-ups of
the periods that have begun are filled in. Next year is left empty: the förvaltningschef plans it by copying this year.
The follow-ups are established only when the indicators' demo values exist (establishing freezes them).
"""

import datetime

from lots.goals import services
from lots.goals import tree as goal_tree
from lots.goals.models import Activity, FollowUp, GoalArea
from lots.goals.tasks import period_end
from lots.processes.models import Law

DEPENDS_ON = ("lots.processes",)

AREAS = [
    ("Tillväxt, jobb och egen försörjning", "Fler invånare försörjer sig själva genom arbete eller studier."),
    ("Attraktiva boende- och livsmiljöer", "Trygga bostäder och miljöer för alla invånare."),
    ("Utbildning", "Barn och unga fullföljer sin skolgång."),
    ("Omsorg och trygghet", "Invånare som behöver stöd får det i tid, med god kvalitet och på lika villkor."),
    ("Kultur, idrott och fritid", "En meningsfull fritid för barn, unga och vuxna."),
    ("Hållbar miljö", "Verksamheten minskar sin klimatpåverkan."),
    ("Ekonomi och organisation", "En effektiv organisation med god ekonomi och goda arbetsvillkor."),
]

# area number, goal number, title, concerns clients, decision reference
GOALS = [
    (1, 1, "Fler kvinnor och män med ekonomiskt bistånd går till arbete eller studier", True, "§ 45"),
    (2, 1, "Fler kvinnor och män som lämnar sociala kontrakt har ett eget förstahandskontrakt", True, "§ 45"),
    (3, 1, "Fler flickor och pojkar i familjehem och HVB fullföljer grundskolan", True, "§ 45"),
    (4, 1, "Utredningar av barn och unga blir klara inom lagstadgad tid", True, "§ 45"),
    (4, 2, "Kvinnor och män som utsätts för våld i nära relation får stöd inom en vecka", True, "§ 45"),
    (4, 3, "Fler brukare, kvinnor och män, är nöjda med bemötandet", True, "§ 45"),
    (6, 1, "Förvaltningens resor med egen bil minskar", False, "§ 46"),
    (7, 1, "Sjukfrånvaron bland medarbetarna minskar och budgeten hålls", False, "§ 46"),
]

# title, unit code, owner, (start month, end month), goals [(area, number)], law short names, budget, status last year
ACTIVITIES = [
    (
        "Arbetsmarknadsinsats tillsammans med jobbcentrum",
        "ekonomiskt-bistand",
        "ec-ekonomi",
        (2, 11),
        [(1, 1)],
        [],
        120000,
        "done",
    ),
    (
        "Kartlägga hinder för arbete hos långvarigt biståndsmottagande",
        "ekonomiskt-bistand",
        "ec-ekonomi",
        (1, 6),
        [(1, 1)],
        [],
        None,
        "done",
    ),
    ("Språkstöd och studievägledning för nyanlända", "ekonomiskt-bistand", "ec-ekonomi", (3, 12), [(1, 1)], [], 40000, "ongoing"),
    (
        "Boendecoacher följer varje hushåll i sociala kontrakt",
        "sociala-boenden",
        "ec-boenden",
        (1, 12),
        [(2, 1)],
        [],
        None,
        "ongoing",
    ),
    (
        "Överenskommelse med bostadsbolaget om förstahandskontrakt",
        "sociala-boenden",
        "ec-boenden",
        (2, 9),
        [(2, 1)],
        [],
        None,
        "done",
    ),
    (
        "Budget- och skuldrådgivning i alla sociala kontrakt",
        "sociala-boenden",
        "ec-boenden",
        (4, 12),
        [(2, 1)],
        [],
        15000,
        "ongoing",
    ),
    ("Skolsamverkan för placerade barn (skolfam)", "bistand-buf", "ec-buf", (1, 12), [(3, 1)], [], 60000, "ongoing"),
    ("Läxhjälp på HVB Kollektivet", "kollektivet", "ec-kollektivet", (2, 6), [(3, 1)], [], 10000, "done"),
    ("Skolgång i genomförandeplanen för varje placerat barn", "bistand-buf", "ec-buf", (1, 4), [(3, 1)], ["LVU"], None, "done"),
    ("Veckovis genomgång av utredningstider", "bistand-buv", "enhetschef", (1, 12), [(4, 1)], ["SoL"], None, "ongoing"),
    ("Mall för utredningsplan enligt BBIC", "bistand-buv", "enhetschef", (2, 5), [(4, 1)], ["SoL"], None, "done"),
    ("Extra utredare under sommaren", "bistand-buv", "avdchef-myndighet", (6, 8), [(4, 1)], [], 180000, "done"),
    ("Jourtelefon för våld i nära relationer", "oppna-insatser", "ec-oppna", (1, 12), [(4, 2)], [], 50000, "ongoing"),
    ("Rutin för första samtal inom fem dagar", "oppna-insatser", "ec-oppna", (1, 3), [(4, 2)], [], None, "done"),
    (
        "Utbildning i våldsutsatthet för alla handläggare",
        "myndighet",
        "avdchef-myndighet",
        (3, 10),
        [(4, 2)],
        [],
        35000,
        "stopped",
    ),
    ("Brukarenkät i alla verksamheter", "socialforvaltning", "kvalitet", (9, 11), [(4, 3)], [], 20000, "done"),
    (
        "Synpunkter analyseras varje tertial på arbetsplatsträffar",
        "socialforvaltning",
        "kvalitet",
        (1, 12),
        [(4, 3)],
        [],
        None,
        "ongoing",
    ),
    ("Bemötandeutbildning för mottagningen", "bistand-buv", "verksamhetsledare", (4, 6), [(4, 3)], [], 25000, "done"),
    ("Brukarråd på Vallmovillan", "vallmovillan", "ec-vallmo", (2, 12), [(4, 3)], [], None, "ongoing"),
    (
        "Digitala möten i stället för resor till placeringar",
        "myndighet",
        "avdchef-myndighet",
        (1, 12),
        [(6, 1)],
        [],
        None,
        "ongoing",
    ),
    ("Elcykel och bilpool för hembesök", "oppenvard", "avdchef-oppenvard", (4, 9), [(6, 1)], [], 45000, "done"),
    ("Hälsofrämjande arbetsplatsträffar", "socialforvaltning", "forvaltningschef", (1, 12), [(7, 1)], [], 30000, "ongoing"),
    ("Uppföljning av korttidsfrånvaro med HR", "staben", "ec-staben", (2, 12), [(7, 1)], [], None, "ongoing"),
    ("Månatlig budgetuppföljning per enhet", "staben", "ec-staben", (1, 12), [(7, 1)], [], None, "ongoing"),
    ("Egenkontroll av dokumentation enligt SOSFS 2011:9", "staben", "kvalitet", (3, 11), [], ["SoL"], None, "done"),
]

# How each goal stood at last year's follow-ups: (t1, t2, year), with the year-end analysis.
ASSESSMENTS = {
    (1, 1): ("partly", "partly", "met", "Andelen som gick till arbete eller studier ökade, mest bland kvinnor."),
    (2, 1): ("not_met", "partly", "partly", "Fler fick eget kontrakt, men färre män än kvinnor; fortsätter nästa år."),
    (3, 1): ("partly", "partly", "partly", "Flickorna nådde målet, pojkarna inte. Skolsamverkan fortsätter."),
    (4, 1): ("not_met", "partly", "met", "Utredningstiderna hölls efter sommarens förstärkning."),
    (4, 2): ("partly", "met", "met", "Första samtal inom fem dagar för både kvinnor och män."),
    (4, 3): ("partly", "partly", "partly", "Kvinnor var mer nöjda än män; männens svar analyseras vidare."),
    (6, 1): ("met", "met", "met", "Resorna minskade med en fjärdedel."),
    (7, 1): ("not_met", "not_met", "partly", "Budgeten hölls; sjukfrånvaron minskade något men nådde inte målet."),
}
PERIOD_INDEX = {FollowUp.Period.T1: 0, FollowUp.Period.T2: 1, FollowUp.Period.YEAR: 2}


def _laws(ctx) -> dict[str, Law]:
    laws = Law.objects.filter(municipality=ctx.municipality)
    return {law.short_name: law for law in laws if law.short_name}


def _date(year: int, month: int, *, end: bool = False) -> datetime.date:
    if not end:
        return datetime.date(year, month, 1)
    return period_end(year, "year") if month == 12 else datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def _plan_year(ctx, year: int, unit, actor) -> None:
    areas = {}
    for number, (name, description) in enumerate(AREAS, start=1):
        areas[number] = services.goal_area_create(
            actor=actor,
            municipality=ctx.municipality,
            year=year,
            name=name,
            number=number,
            description=description,
            decided_by="Kommunfullmäktige",
            decision_date=datetime.date(year - 1, 6, 15),
            decision_reference="§ 112",
        )
    goals = {}
    for area_number, number, title, concerns_clients, reference in GOALS:
        goals[(area_number, number)] = services.result_goal_create(
            actor=actor,
            area=areas[area_number],
            unit=unit,
            number=number,
            title=title,
            concerns_clients=concerns_clients,
            decided_by="Socialnämnden",
            decision_date=datetime.date(year - 1, 11, 20),
            decision_reference=reference,
        )
    laws = _laws(ctx)
    for title, unit_code, owner, (first, last), goal_keys, law_names, budget, _status in ACTIVITIES:
        chosen_laws = [laws[name] for name in law_names if name in laws]
        chosen_goals = [goals[key] for key in goal_keys]
        if not chosen_goals and not chosen_laws:
            chosen_laws = list(Law.objects.filter(municipality=ctx.municipality).order_by("pk")[:1])
        services.activity_create(
            actor=actor,
            unit=ctx.unit(unit_code),
            year=year,
            title=title,
            owner=ctx.person(owner),
            starts_on=_date(year, first),
            ends_on=_date(year, last, end=True),
            goals=chosen_goals,
            laws=chosen_laws,
            budget_amount=budget,
        )


def _follow_up(ctx, unit, year: int, period: str, actor, *, establish: bool) -> None:
    follow_up = services.follow_up_open(actor=actor, unit=unit, year=year, period=period)
    index = PERIOD_INDEX[period]
    tree = goal_tree.build(unit, year, follow_up=follow_up)
    for node in tree.goals:
        key = (node.goal.area.number, node.goal.number)
        stages = ASSESSMENTS.get(key, ("partly", "partly", "partly", "Arbetet pågår enligt plan."))
        analysis = stages[3] if period == FollowUp.Period.YEAR else "Arbetet pågår enligt plan; se aktiviteterna."
        services.assessment_record(actor=actor, follow_up=follow_up, goal=node.goal, assessment=stages[index], analysis=analysis)
    end = period_end(year, period)
    planned = {title: status for title, *_rest, status in ACTIVITIES}
    for activity in tree.activities:
        if activity.starts_on > end:
            status = Activity.Status.NOT_STARTED
        elif activity.ends_on <= end or period == FollowUp.Period.YEAR:
            status = planned.get(activity.title, Activity.Status.DONE) if year < ctx.today.year else Activity.Status.ONGOING
        else:
            status = Activity.Status.STOPPED if planned.get(activity.title) == "stopped" else Activity.Status.ONGOING
        services.activity_report_record(actor=actor, follow_up=follow_up, activity=activity, status=status)
    if establish:
        services.follow_up_establish(actor=actor, follow_up=follow_up, expected_version=None)


def _indicators_loaded(ctx) -> bool:
    from lots.indicators.models import Indicator

    return Indicator.objects.filter(municipality=ctx.municipality).exists()


def load(ctx) -> None:
    if ctx.municipality is None or GoalArea.objects.filter(municipality=ctx.municipality).exists():
        return
    actor = ctx.person("kvalitet")
    chief = ctx.person("forvaltningschef")
    unit = ctx.unit("socialforvaltning")
    this_year = ctx.today.year
    last_year = this_year - 1
    _plan_year(ctx, last_year, unit, actor)
    services.plan_establish(actor=chief, unit=unit, year=last_year)
    goal = goal_tree.own_goals(unit, last_year).get(area__number=4, number=3)
    services.result_goal_update(
        actor=chief,
        goal=goal,
        expected_version=goal.version,
        description="Mäts med brukarenkäten i november och med synpunkter på bemötande varje tertial.",
        reason="Socialnämnden beslutade § 78 att målet också följs upp med synpunkter.",
    )
    establish = _indicators_loaded(ctx)
    for period in FollowUp.Period.values:
        _follow_up(ctx, unit, last_year, period, chief, establish=establish)
    services.plan_copy(actor=chief, unit=unit, year=last_year)
    services.plan_establish(actor=chief, unit=unit, year=this_year)
    for period in FollowUp.Period.values:
        if period_end(this_year, period) < ctx.today:
            _follow_up(ctx, unit, this_year, period, chief, establish=establish)
    ctx.notes.append(
        f"Mål: socialförvaltningens verksamhetsplan finns för {last_year} och {this_year}; "
        f"{this_year + 1} planeras genom att kopiera {this_year}."
    )
