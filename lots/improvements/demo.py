"""Demo improvement actions at every PDSA stage, some overdue, some closed with their evaluation; and staff
proposals: one turned into an action, one answered, two waiting."""

import datetime

from lots.improvements import proposals, services
from lots.improvements.models import ImprovementAction, Proposal
from lots.processes.models import Process, Routine

DEPENDS_ON = ("lots.processes",)

S = ImprovementAction.Source
PLAN, DO, STUDY, ACT, CLOSED = "plan", "do", "study", "act", "closed"

# title, unit, owner, source kind, linked routine/process title, stage reached, due in days (negative = overdue),
# description, expected effect, evaluation (measure, result, conclusion) for closed ones.
ACTIONS = [
    (
        "Checklista för skyddsbedömning efter kontorstid",
        "mottagning",
        "verksamhetsledare",
        S.DEVIATION,
        ("routine", "Skyddsbedömning samma dag"),
        PLAN,
        30,
        "Två avvikelser visar att skyddsbedömningar som gjorts av beredskapen inte dokumenterats samma natt.",
        "Alla skyddsbedömningar efter kontorstid är dokumenterade före nästa arbetsdag.",
        None,
    ),
    (
        "Påminnelse när förhandsbedömningen närmar sig 14 dagar",
        "mottagning",
        "medarbetare",
        S.SELF_INSPECTION,
        ("routine", "Förhandsbedömning inom 14 dagar"),
        DO,
        -6,
        "Egenkontrollen visade att 18 procent av förhandsbedömningarna tog mer än 14 dagar.",
        "Högst 5 procent av förhandsbedömningarna tar mer än 14 dagar.",
        None,
    ),
    (
        "Barnets röst i varje utredning",
        "utredning-barn",
        "ssk-barn1",
        S.SUPERVISION,
        ("process", "Utredning barn och unga"),
        STUDY,
        14,
        "Vid IVO:s tillsyn saknades barnets synpunkter i tre av tio granskade utredningar.",
        "Barnets synpunkter finns dokumenterade i alla utredningar.",
        None,
    ),
    (
        "Tydligare information om hur man lämnar klagomål",
        "ekonomiskt-bistand",
        "ec-ekonomi",
        S.COMPLAINT,
        ("routine", "Ta emot och besvara synpunkter och klagomål"),
        ACT,
        10,
        "Flera klagomål kom in via politiker i stället för via e-tjänsten.",
        "Fler klagomål lämnas direkt via e-tjänsten och besvaras inom 14 dagar.",
        None,
    ),
    (
        "Besöksplanering för placerade barn",
        "familjehem",
        "ssk-familjehem",
        S.INTERNAL_CONTROL,
        ("routine", "Besök hos placerade barn"),
        CLOSED,
        -20,
        "Internkontrollen visade att besök var tredje månad inte alltid genomfördes.",
        "Alla placerade barn besöks minst var tredje månad.",
        (
            "Andel placerade barn som besökts inom tre månader, före och sex månader efter att besöksplaneringen infördes.",
            "Andelen ökade från 78 till 97 procent.",
            "Besöksplaneringen införs som standard i familjehemsgruppen.",
        ),
    ),
    (
        "Riskbedömning inför hembesök",
        "boendecoacher",
        "boendecoach",
        S.STAFF_SUGGESTION,
        ("routine", "Hot och våld mot personal"),
        DO,
        21,
        "Förslag från boendecoacherna efter ett tillbud vid ett hembesök.",
        "Inga hembesök görs ensam när risk är känd.",
        None,
    ),
    (
        "Enklare inskrivningssamtal på Vallmovillan",
        "vallmovillan",
        "ec-vallmo",
        S.USER_SURVEY,
        ("routine", "Inskrivning på HVB"),
        PLAN,
        45,
        "Brukarundersökningen visar att nyinskrivna ungdomar inte förstått husets regler.",
        "Ungdomarna kan efter en vecka återge de viktigaste reglerna och sina rättigheter.",
        None,
    ),
    (
        "Snabbare utbetalning av akut bistånd",
        "ekonomiskt-bistand",
        "ssk-ekonomi",
        S.DEVIATION,
        ("routine", "Akut ekonomiskt bistånd"),
        STUDY,
        -3,
        "Avvikelse: akut bistånd betalades ut först dagen efter beslutet.",
        "Akut bistånd betalas ut samma dag som beslutet.",
        None,
    ),
    (
        "Rapportering enligt lex Sarah i Lots",
        "staben",
        "kvalitet",
        S.RISK,
        ("routine", "Rapportera missförhållanden enligt lex Sarah"),
        CLOSED,
        -40,
        "Riskanalysen visade att pappersblanketter för lex Sarah-rapporter kunde bli liggande.",
        "Alla rapporter registreras samma dag.",
        (
            "Tid från händelse till registrerad rapport, tre månader före och tre månader efter.",
            "Mediantiden sjönk från fyra dagar till samma dag.",
            "Arbetssättet behålls; rutinen är uppdaterad.",
        ),
    ),
    (
        "Gemensam introduktion om våld i nära relationer",
        "vald-nara",
        "behandlare3",
        S.STAFF_SUGGESTION,
        ("process", "Stöd vid våld i nära relationer"),
        ACT,
        25,
        "Nya medarbetare på andra enheter känner inte till stödet.",
        "Alla nyanställda i myndighetsavdelningen har fått introduktionen.",
        None,
    ),
    (
        "Uppföljning av ASI efter sex månader",
        "utredning-vuxna",
        "ssk-vuxna",
        S.SELF_INSPECTION,
        ("routine", "ASI-intervju i utredning"),
        PLAN,
        -2,
        "Journalgranskningen visar att uppföljningsintervjuer sällan görs.",
        "Minst 80 procent av klienterna får en uppföljningsintervju.",
        None,
    ),
    (
        "Matchning inför placering i familjehem",
        "familjehem",
        "ec-buf",
        S.FOLLOW_UP,
        ("process", "Placering i familjehem"),
        CLOSED,
        -60,
        "Två sammanbrott i placeringar det senaste året.",
        "Färre oplanerade avbrott i familjehemsplaceringar.",
        (
            "Antal oplanerade avbrott per halvår.",
            "Från tre till ett avbrott.",
            "Matchningsmallen används i alla placeringar.",
        ),
    ),
]

ORDER = [PLAN, DO, STUDY, ACT]


def _source(ctx, link):
    kind, title = link
    if kind == "routine":
        return Routine.objects.filter(municipality=ctx.municipality, title=title).first()
    return Process.objects.filter(municipality=ctx.municipality, name=title).first()


def load(ctx) -> None:
    for title, unit_code, owner, kind, link, stage, days, description, effect, evaluation in ACTIONS:
        unit = ctx.unit(unit_code)
        if ImprovementAction.objects.filter(unit=unit, title=title).exists():
            continue
        person = ctx.person(owner)
        action = services.improvement_create(
            actor=ctx.actor,
            unit=unit,
            title=title,
            owner=person,
            source_kind=kind,
            source=_source(ctx, link),
            description=description,
            expected_effect=effect,
            due_date=ctx.today + datetime.timedelta(days=days),
        )
        target = ACT if stage == CLOSED else stage
        measure, result, conclusion = evaluation or (
            "Uppföljning på arbetsplatsträffen.",
            "Arbetssättet fungerar; justeringar behövs i schemat.",
            "",
        )
        content = {
            DO: {"description": description or title, "expected_effect": effect or "Färre avvikelser av samma slag."},
            STUDY: {"done_notes": "Genomfört enligt planen på arbetsplatsträffarna; alla i arbetsgruppen deltog."},
            ACT: {"effect_measure": measure, "effect_result": result},
        }
        for step in ORDER[1 : ORDER.index(target) + 1]:
            services.improvement_move(actor=person, action=action, stage=step, content=content[step])
        if stage == CLOSED:
            services.improvement_close(
                actor=person, action=action, effect_measure=measure, effect_result=result, conclusion=conclusion
            )
    load_proposals(ctx)


# proposer, unit, text, how, anonymous, triage: None (waiting), ("action", manager, title, owner) or
# ("already_done" | "declined", manager, answer).
PROPOSALS = [
    (
        "medarbetare",
        "mottagning",
        "Ansökningar om försörjningsstöd som kommer in via mottagningen blir liggande när ingen vet vem som tar dem.",
        "En fast fördelning varje morgon i mottagningsgruppen.",
        False,
        ("action", "enhetschef", "Morgonfördelning av inkomna ärenden i mottagningen", "verksamhetsledare"),
    ),
    (
        "ssk-barn1",
        "utredning-barn",
        "Mallen för utredningsplan saknar en rad för barnets egna synpunkter.",
        "",
        True,
        ("already_done", "enhetschef", "Tack! Raden finns i den nya mallen som gäller från i måndags."),
    ),
    (
        "ssk-ekonomi",
        "ekonomiskt-bistand",
        "Blanketten för ansökan om ekonomiskt bistånd finns bara på svenska.",
        "Översätt den till de vanligaste språken i kommunen.",
        False,
        None,
    ),
    (
        "hvb1",
        "kollektivet",
        "Överlämningen mellan kvälls- och nattpersonal sker muntligt och saker glöms bort.",
        "En kort skriftlig checklista vid varje överlämning.",
        True,
        None,
    ),
]


def load_proposals(ctx) -> None:
    for username, unit_code, text, how, anonymous, triage in PROPOSALS:
        unit = ctx.unit(unit_code)
        if Proposal.objects.filter(unit=unit, text=text).exists():
            continue
        proposal = proposals.proposal_create(actor=ctx.person(username), unit=unit, text=text, how=how, anonymous=anonymous)
        if triage is None:
            continue
        if triage[0] == "action":
            _kind, manager, title, owner = triage
            proposals.proposal_to_action(
                actor=ctx.person(manager),
                proposal=proposal,
                title=title,
                owner=ctx.person(owner),
                due_date=ctx.today + datetime.timedelta(days=45),
                expected_version=proposal.version,
            )
        else:
            decision, manager, answer = triage
            proposals.proposal_answer(
                actor=ctx.person(manager),
                proposal=proposal,
                decision=decision,
                answer=answer,
                expected_version=proposal.version,
            )
