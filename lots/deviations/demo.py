"""Demo deviations: a few hundred reports over two years across Exempelkommun's units.

Some are lex Sarah cases, a few serious ones with IVO notifications.

Every report carries ``external_reference = "demo-NNNN"``; loading again skips those that
exist, and all random choices are drawn before anything is checked, so the data is the
same however often it is loaded.
"""

import datetime

from django.utils import timezone

from lots.deviations import services
from lots.deviations.models import Deviation, DeviationCategory, DeviationSettings, IvoNotification, LexSarahInvestigation
from lots.deviations.responsibility import handlers_for, responsible_for

DEPENDS_ON = ("lots.accounts",)

COUNT = 360
DAYS = 730
State = Deviation.State
C = LexSarahInvestigation.Classification

# Reporter username → unit code (the demo staff from lots.accounts.demo).
REPORTERS = [
    ("medarbetare", "mottagning"),
    ("ssk-barn1", "utredning-barn"),
    ("ssk-barn2", "utredning-barn"),
    ("ssk-vuxna", "utredning-vuxna"),
    ("ssk-familjehem", "familjehem"),
    ("ssk-ekonomi", "ekonomiskt-bistand"),
    ("boendecoach", "boendecoacher"),
    ("radgivare", "budget-skuld"),
    ("behandlare1", "barn-familj"),
    ("behandlare2", "missbruk"),
    ("behandlare3", "vald-nara"),
    ("hvb1", "kollektivet"),
    ("hvb2", "vallmovillan"),
]

# (category, what happened, what was done at once) — fictional, no names, people by case reference only.
EVENTS = [
    (
        "Bemötande",
        "Brukaren upplevde att personalen var otrevlig vid besöket och gick därifrån upprörd.",
        "Ringde upp brukaren samma dag och bad om ursäkt.",
    ),
    (
        "Bemötande",
        "En anhörig fick inget svar på sina frågor vid telefontiden och hänvisades fel flera gånger.",
        "Kontaktade den anhörige och gav rätt kontaktuppgifter.",
    ),
    (
        "Handläggning",
        "Beslut om bistånd fattades utan att utredningen var komplett; uppgift om inkomst saknades.",
        "Begärde in uppgiften och informerade handläggaren.",
    ),
    (
        "Handläggning",
        "Ansökan låg oregistrerad i tre veckor efter att den kommit in via post.",
        "Registrerade ansökan och prioriterade handläggningen.",
    ),
    (
        "Dokumentation",
        "Journalanteckningar från två samtal saknades när ärendet skulle överlämnas.",
        "Handläggaren dokumenterade i efterhand med datum för samtalen.",
    ),
    (
        "Dokumentation",
        "Fel ärende valdes i verksamhetssystemet och en anteckning hamnade i fel akt.",
        "Anteckningen flyttades och felet anmäldes till systemförvaltaren.",
    ),
    (
        "Sekretess och integritet",
        "Ett brev med uppgifter om ett ärende skickades till fel adress.",
        "Kontaktade mottagaren som returnerade brevet oöppnat.",
    ),
    (
        "Sekretess och integritet",
        "Uppgifter om en klient diskuterades i ett allmänt utrymme där andra kunde höra.",
        "Påminde berörda om tystnadsplikten.",
    ),
    (
        "Genomförande av insats",
        "Planerat stödsamtal blev inte av eftersom ingen personal var schemalagd.",
        "Bokade nytt samtal inom två dagar.",
    ),
    (
        "Genomförande av insats",
        "Överenskommen kontakt med familjehemmet genomfördes inte under sommaren.",
        "Besök bokades in och familjehemmet informerades.",
    ),
    (
        "Samverkan",
        "Skolan fick inte den information som utlovats inför samverkansmötet.",
        "Skickade informationen och bokade nytt möte.",
    ),
    (
        "Samverkan",
        "Vårdcentralen och socialtjänsten gav brukaren motstridiga besked om vem som ansvarar.",
        "Kontaktade vårdcentralen och klargjorde ansvaret.",
    ),
    (
        "Våld och hot",
        "En besökare uttalade hot mot personal i receptionen.",
        "Larmade väktare och erbjöd personalen samtal med chef.",
    ),
    (
        "Våld och hot",
        "Två ungdomar på boendet hamnade i slagsmål och en fick lättare skador.",
        "Skilde dem åt, tillkallade sjukvård och kontaktade vårdnadshavare.",
    ),
    ("Övrigt", "Larmet på boendet fungerade inte under natten.", "Felanmälde larmet och satte in extra tillsyn."),
]

LEX_SARAH_EVENTS = [
    (
        "Genomförande av insats",
        "En ungdom lämnades utan tillsyn under natten trots beslut om förstärkt tillsyn.",
        "Personal sattes in direkt och ansvarig chef kontaktades.",
    ),
    (
        "Bemötande",
        "Personal använde kränkande språk mot en boende inför andra boende.",
        "Personalen flyttades från gruppen och boende erbjöds samtal.",
    ),
    (
        "Handläggning",
        "En orosanmälan om ett barn blev liggande utan förhandsbedömning i tre veckor.",
        "Förhandsbedömning gjordes samma dag och barnet träffades.",
    ),
    (
        "Genomförande av insats",
        "Medicin till en boende delades inte ut under två dygn.",
        "Kontaktade sjuksköterska och säkerställde ordinationen.",
    ),
]


ACTIONS = [
    "Förtydliga rutinen och gå igenom den på APT",
    "Inför checklista vid överlämning",
    "Se över bemanningen kvällar och helger",
    "Utbildning i dokumentation för nyanställda",
    "Ny rutin för postöppning och registrering",
    "Samverkansmöte med skolan varje termin",
]


def _causes(draws) -> list[str]:
    causes = Deviation.Cause.values
    chosen = [causes[int(draws[2] * len(causes))]]
    if draws[3] < 0.3:
        chosen.append(causes[int(draws[5] * len(causes))])
    return sorted(set(chosen), key=causes.index)


def _plan(ctx) -> list[dict]:
    """Draw every report's data from ctx.rng up front, so the plan never depends on what exists."""
    rng = ctx.rng
    plans = []
    now = timezone.make_aware(datetime.datetime.combine(ctx.today, datetime.time(0, 0)))  # everything before today
    for index in range(COUNT):
        age = int(DAYS * (1 - (index / COUNT)) ** 1.3)  # more reports lately, as reporting culture grows
        reporter, unit_code = REPORTERS[rng.randrange(len(REPORTERS))]
        lex = rng.random() < 0.07
        events = LEX_SARAH_EVENTS if lex else EVENTS
        category, description, immediate = events[rng.randrange(len(events))]
        reported_at = now - datetime.timedelta(days=age, hours=rng.randrange(7, 15), minutes=rng.randrange(60))
        occurred_at = reported_at - datetime.timedelta(hours=rng.randrange(1, 48))
        plans.append(
            {
                "ref": f"demo-{index + 1:04d}",
                "reporter": reporter,
                "unit": unit_code,
                "category": category,
                "description": description,
                "immediate": immediate,
                "lex": lex,
                "case": f"{unit_code[:3].upper()}-{rng.randrange(100, 999)}",
                "reported_at": reported_at,
                "occurred_at": occurred_at,
                "age": age,
                "draws": [rng.random() for _ in range(8)],
            }
        )
    # Two fixed cases to walk through: a fresh possible wrong for Anna Berglund (enhetschef) to receive,
    # and a serious wrong under investigation whose IVO notification is due in a few days.
    for ref, reporter, unit_code, age, draws in (
        ("demo-S001", "medarbetare", "mottagning", 0, [0.0, 0.9, 0.5, 0.9, 0.5, 0.5, 0.9, 0.5]),
        ("demo-S002", "hvb1", "kollektivet", 10, [0.7, 0.1, 0.5, 0.9, 0.9, 0.6, 0.9, 0.5]),
    ):
        category, description, immediate = LEX_SARAH_EVENTS[0 if ref.endswith("2") else 2]
        reported_at = now - datetime.timedelta(days=age, hours=3)
        plans.append(
            {
                "ref": ref,
                "reporter": reporter,
                "unit": unit_code,
                "category": category,
                "description": description,
                "immediate": immediate,
                "lex": True,
                "case": f"{unit_code[:3].upper()}-{100 + age}",
                "reported_at": reported_at,
                "occurred_at": reported_at - datetime.timedelta(hours=5),
                "age": age,
                "draws": draws,
            }
        )
    return plans


def _stages(plan) -> list[str]:
    """How far a report has come: old ones are closed, recent ones spread over the states."""
    age, draw = plan["age"], plan["draws"][0]
    if age > 60 or (age > 20 and draw < 0.8):
        return [State.RECEIVED, State.INVESTIGATING, State.RESOLVED, State.CLOSED]
    if age > 10:
        return [State.RECEIVED, State.INVESTIGATING, State.RESOLVED][: 1 + int(draw * 3)]
    if age > 2:
        return [State.RECEIVED, State.INVESTIGATING][: int(draw * 3)]
    return []


def _at(plan, days: float) -> datetime.datetime:
    moment = plan["reported_at"] + datetime.timedelta(days=days)
    return min(moment, timezone.now())


def _investigate(ctx, deviation, plan, handler, serious: bool, finish: bool) -> None:
    investigation = deviation.lex_sarah
    draws = plan["draws"]
    classification = C.SERIOUS if serious else (C.WRONG if draws[2] < 0.4 else C.RISK if draws[2] < 0.7 else C.NOT_A_WRONG)
    services.investigation_update(
        actor=handler,
        investigation=investigation,
        expected_version=investigation.version,
        at=_at(plan, 2),
        data={
            "affected": f"Den enskilde ({plan['case']}) påverkades genom att stödet uteblev och oro uppstod.",
            "informed": LexSarahInvestigation.Informed.YES_WITH_VIEW,
            "informed_details": "Informerades vid ett samtal och fick lämna sina synpunkter, som finns i akten.",
            "causes": "Rutinen för överlämning var oklar och bemanningen var låg.",
            "actions_taken": "Rutinen har förtydligats och all personal har gått igenom den.",
            "actions_planned": "Uppföljning av rutinen vid arbetsplatsträff om tre månader.",
            "final_assessment": "Händelsen bedöms utifrån vad som framkommit i utredningen.",
            "classification": classification,
        },
    )
    if serious:
        notification = IvoNotification.objects.get(deviation=deviation)
        if finish or draws[3] < 0.7:
            services.ivo_notification_update(
                actor=handler,
                notification=notification,
                expected_version=notification.version,
                data={
                    "contact_name": str(handler),
                    "contact_phone": "0150-123 45",
                    "contact_email": handler.email,
                    "other_notifications": "",
                    "activity_area": "Individ- och familjeomsorg",
                    "investigation_expected": None,
                },
            )
            services.ivo_notification_decide(
                actor=handlers_for(deviation.unit, "deviation.decide_ivo")[0],
                notification=notification,
                basis=IvoNotification.Basis.DELEGATION,
                reference="Delegationsordningen punkt 1.4",
                decided_at=_at(plan, 5),
            )
            services.ivo_notification_mark_sent(
                actor=ctx.actor,
                notification=notification,
                sent_at=_at(plan, 6),
                ivo_reference=f"3.5.1-{plan['ref'][-4:]}",
            )
    if finish:
        services.investigation_complete(actor=handler, investigation=investigation, at=_at(plan, 12))


def _load_one(ctx, plan, categories) -> None:
    reporter = ctx.person(plan["reporter"])
    unit = ctx.unit(plan["unit"])
    deviation = services.deviation_report(
        actor=reporter,
        unit=unit,
        occurred_at=plan["occurred_at"],
        description=plan["description"],
        category=categories.get(plan["category"]),
        immediate_action=plan["immediate"],
        possible_lex_sarah=plan["lex"],
        case_reference=plan["case"],
        reported_at=plan["reported_at"],
        external_reference=plan["ref"],
        notify_people=False,
    )
    handler = responsible_for(unit) or ctx.actor
    stages = _stages(plan)
    draws = plan["draws"]
    serious = plan["lex"] and draws[1] < 0.45
    day = 0.5
    for state in stages:
        if state == State.RESOLVED:
            if plan["lex"]:
                _investigate(ctx, deviation, plan, handler, serious, finish=True)
            services.deviation_analyse(
                actor=handler,
                deviation=deviation,
                expected_version=deviation.version,
                causes=_causes(draws),
                cause_description="Genomgång med personalgruppen visade brister i rutinen.",
                severity=1 + int(draws[4] * 4),
                probability=1 + int(draws[5] * 4),
            )
            if draws[6] < 0.18:
                services.deviation_action_create(
                    actor=handler,
                    deviation=deviation,
                    title=ACTIONS[int(draws[5] * len(ACTIONS))],
                    owner=handler,
                    due_date=ctx.today + datetime.timedelta(days=30) if plan["age"] < 60 else None,
                )
        comment = {
            State.RESOLVED: "Orsaken är utredd och åtgärder är genomförda.",
            State.CLOSED: "Åtgärderna har följts upp och fungerar.",
        }.get(state, "")
        day += 1 + draws[7] * (6 if state != State.CLOSED else 20)
        services.deviation_transition(
            actor=handler,
            deviation=deviation,
            to_state=state,
            comment=comment,
            at=_at(plan, day),
            notify_people=False,
        )
    if plan["lex"] and State.RESOLVED not in stages and State.INVESTIGATING in stages:
        _investigate(ctx, deviation, plan, handler, serious, finish=False)


def load(ctx) -> None:
    plans = _plan(ctx)
    existing = set(
        Deviation.objects.filter(municipality=ctx.municipality, external_reference__startswith="demo-").values_list(
            "external_reference", flat=True
        )
    )
    for municipality in (ctx.municipality, ctx.second):
        services.categories_ensure(municipality=municipality)
    categories = {c.name: c for c in DeviationCategory.objects.filter(municipality=ctx.municipality)}
    if not DeviationSettings.objects.filter(municipality=ctx.municipality).exists():
        services.settings_update(
            actor=ctx.actor,
            municipality=ctx.municipality,
            expected_version=None,
            provider_name="Socialnämnden i Exempelkommun",
            organisation_number="212099-9004",
            address="Box 1, 999 99 Exempelstad",
        )
    for plan in plans:
        if plan["ref"] not in existing:
            _load_one(ctx, plan, categories)
