"""Demo data for risks and control: a year of risk analyses for every department, a self-inspection plan with one
case-record review carried out (and last year's for comparison), an internal control plan half done, and a
follow-up plan. Myndighetsavdelningen has not yet made this year's client-perspective analysis, so its head
finds it in "Mina uppgifter". Everything goes through the services; running twice changes nothing."""

import datetime

from django.utils import timezone

from lots.improvements import services as improvement_services
from lots.improvements.models import ImprovementAction
from lots.processes.models import Process
from lots.risks.models import (
    Assessment,
    ControlActivity,
    ControlPoint,
    FollowUpItem,
    FollowUpPlan,
    InspectionPlan,
    InternalControlPlan,
    Risk,
    RiskAnalysis,
    RiskScale,
)
from lots.risks.models.scale import default_levels, default_probability_labels, default_severity_labels
from lots.risks.services import analysis as analysis_services
from lots.risks.services import control as control_services
from lots.risks.services import followup as followup_services
from lots.risks.services import inspection as inspection_services
from lots.risks.services.scale import risk_scale_save

DEPENDS_ON = ("lots.processes", "lots.improvements")

T = RiskAnalysis.Trigger
REDUCE, ACCEPT = Risk.Treatment.REDUCE, Risk.Treatment.ACCEPT

ANSWERS = {
    "staben": {
        "q_mission": "Att ge förvaltningen stöd i kvalitet, juridik, IT och administration så att klienterna får "
        "rättssäkra insatser.",
        "q_full_control": "Dokumentation och sekretess, registrering av synpunkter och klagomål, ledningssystemets aktualitet.",
        "q_in_control": "Delvis. Reservrutiner vid driftstopp är inte övade.",
        "q_risks_seen": "Driftstopp i verksamhetssystemet, utlämnande av uppgifter till fel mottagare.",
        "q_must_not_happen": "Att sekretessbelagda uppgifter om en klient hamnar hos fel person.",
        "q_prepared": "Vi har rutin för sekretessprövning men den behöver förstärkas med dubbelkontroll.",
        "q_newspaper": "Att en skyddad adress röjs genom ett utlämnat dokument.",
    },
    "myndighet": {
        "q_mission": "Att utreda och besluta om bistånd och skydd för barn, unga och vuxna, rättssäkert och i tid.",
        "q_full_control": "Mottagning och skyddsbedömning, utredning barn och unga, beslut om ekonomiskt bistånd.",
        "q_in_control": "Mottagningen fungerar, men utredningstiderna överskrids under sommar och vid vakanser.",
        "q_risks_seen": "Sena skyddsbedömningar, långa utredningstider, barnets röst saknas i utredningen.",
        "q_must_not_happen": "Att ett barn blir kvar i en farlig situation för att en orosanmälan inte bedömts samma dag.",
        "q_prepared": "Ja, med jourrutin, men bemanningen vid sjukdom är sårbar.",
        "q_newspaper": "Att ett barn skadats trots upprepade orosanmälningar som inte utretts.",
    },
    "oppenvard": {
        "q_mission": "Att ge stöd och behandling till barn, unga, familjer och vuxna i öppenvård och på HVB.",
        "q_full_control": "Tillsyn på HVB, skydd för våldsutsatta, uppföljning av genomförandeplaner.",
        "q_in_control": "Tillsynen på HVB nattetid och platser i skyddat boende med kort varsel är inte säkrade.",
        "q_risks_seen": "Avvikelser från HVB som inte upptäcks, våldsutsatta utan skyddat boende samma dag.",
        "q_must_not_happen": "Att en placerad ungdom skadas efter att ha lämnat boendet obemärkt.",
        "q_prepared": "Delvis. Rutinen för närvarokontroll behöver skärpas.",
        "q_newspaper": "Att en våldsutsatt kvinna nekats skydd och därefter skadats.",
    },
}

# (description, consequence for the client, severity, probability, treatment, justification, action, residual (s, p)).
RISKS = {
    "staben": [
        (
            "Verksamhetssystemet är otillgängligt och journalanteckningar kan inte föras.",
            "Uppgifter om den enskilde saknas när beslut fattas.",
            3,
            2,
            REDUCE,
            "",
            "Reservrutin för dokumentation vid driftstopp",
            (3, 1),
        ),
        (
            "Sekretessbelagda uppgifter lämnas ut till fel mottagare.",
            "Den enskildes integritet kränks; i värsta fall röjs en skyddad adress.",
            4,
            2,
            REDUCE,
            "",
            "Sekretessprövning med två personer vid utlämnande",
            (4, 1),
        ),
        (
            "Synpunkter och klagomål registreras och analyseras inte.",
            "Brister som drabbar klienterna upptäcks inte och rättas inte.",
            2,
            3,
            REDUCE,
            "",
            "Månatlig genomgång av inkomna synpunkter i ledningsgruppen",
            (2, 2),
        ),
        (
            "Kvalitetsledningssystemet hålls inte aktuellt.",
            "Medarbetare arbetar efter inaktuella rutiner.",
            2,
            2,
            ACCEPT,
            "Den årliga revideringen finns i årshjulet och följs upp av kvalitetssamordnaren.",
            "",
            None,
        ),
    ],
    "myndighet": [
        (
            "Skyddsbedömning görs inte samma dag som en orosanmälan kommer in.",
            "Ett barn kan lämnas kvar i en akut farlig situation.",
            4,
            2,
            REDUCE,
            "",
            "Rutin för skyddsbedömning samma dag med ansvarig per dag",
            (4, 1),
        ),
        (
            "Utredningar om barn och unga blir inte klara inom fyra månader.",
            "Barnet får vänta på stöd och beslut fattas på inaktuellt underlag.",
            3,
            3,
            REDUCE,
            "",
            "Veckovis genomgång av utredningstider i arbetsgruppen",
            (3, 2),
        ),
        (
            "Barnets egen uppfattning dokumenteras inte i utredningen.",
            "Barnets rätt att komma till tals åsidosätts.",
            3,
            3,
            REDUCE,
            "",
            "Checklista för barnsamtal i utredningsmallen",
            (3, 1),
        ),
        (
            "Hög personalomsättning bland socialsekreterare.",
            "Den enskilde byter handläggare flera gånger och förlorar förtroendet.",
            2,
            4,
            REDUCE,
            "",
            "Introduktion och mentorskap för nya socialsekreterare",
            (2, 3),
        ),
        (
            "Beslut om ekonomiskt bistånd fattas utan att alla inkomster kontrolleras.",
            "Felaktiga utbetalningar som den enskilde senare blir återbetalningsskyldig för.",
            2,
            2,
            ACCEPT,
            "Kontroll mot Försäkringskassan görs redan i varje ärende; kvarvarande risk är låg.",
            "",
            None,
        ),
    ],
    "oppenvard": [
        (
            "Placerad ungdom på HVB lämnar boendet utan att personalen märker det.",
            "Ungdomen kan skadas eller begå brott under tiden.",
            4,
            2,
            REDUCE,
            "",
            "Rutin för närvarokontroll kvällar och nätter",
            (4, 1),
        ),
        (
            "Våldsutsatt person får inte skyddat boende samma dag.",
            "Den våldsutsatta och eventuella barn lever kvar med våldsutövaren.",
            4,
            2,
            REDUCE,
            "",
            "Avtal med skyddat boende om platser med kort varsel",
            (4, 1),
        ),
        (
            "Behandlingsinsatser följs inte upp mot målen i genomförandeplanen.",
            "Insatser fortsätter trots att de inte hjälper.",
            2,
            3,
            REDUCE,
            "",
            "Uppföljning av genomförandeplaner var tredje månad",
            (2, 2),
        ),
        (
            "Personal saknar kunskap om rapportering enligt lex Sarah.",
            "Missförhållanden rapporteras inte och upprepas.",
            3,
            2,
            REDUCE,
            "",
            "Utbildning i lex Sarah för all personal",
            (3, 1),
        ),
    ],
}

LAST_YEAR_DAY = {"staben": 10, "myndighet": 17, "oppenvard": 24}
HEADS = {"staben": "ec-staben", "myndighet": "avdchef-myndighet", "oppenvard": "avdchef-oppenvard"}
APPROVERS = {"staben": "forvaltningschef", "myndighet": "avdchef-myndighet", "oppenvard": "avdchef-oppenvard"}


def _clamp(day: datetime.date, year: int) -> datetime.date:
    return min(max(day, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))


def _scale(ctx) -> RiskScale:
    if not RiskScale.objects.filter(municipality=ctx.municipality).exists():
        risk_scale_save(
            actor=ctx.actor,
            municipality=ctx.municipality,
            expected_version=None,
            size=4,
            severity_labels=default_severity_labels(),
            probability_labels=default_probability_labels(),
            levels=default_levels(),
        )
    return RiskScale.for_municipality(ctx.municipality)


def _analysis(
    ctx,
    scale,
    code: str,
    *,
    title: str,
    trigger: str,
    performed_on: datetime.date,
    complete: bool,
    risk_rows: list,
    answered: int = 7,
    trigger_note: str = "",
) -> None:
    unit = ctx.unit(code)
    if RiskAnalysis.objects.filter(unit=unit, title=title).exists():
        return
    head = ctx.person(HEADS[code])
    answers = dict(list(ANSWERS[code].items())[:answered])
    analysis = analysis_services.analysis_create(
        actor=head,
        unit=unit,
        title=title,
        trigger=trigger,
        trigger_note=trigger_note,
        performed_on=performed_on,
        participants=f"{head.get_full_name()}, {head.title}; enhetschefer och två medarbetare",
        **answers,
    )
    processes = list(Process.objects.filter(municipality=ctx.municipality).order_by("name")[:3])
    for index, (description, consequence, s, p, treatment, justification, action, residual) in enumerate(risk_rows):
        risk = analysis_services.risk_create(
            actor=head,
            analysis=analysis,
            description=description,
            client_consequence=consequence,
            severity=s,
            probability=p,
            process=processes[index % len(processes)] if processes and index % 2 == 0 else None,
            residual_severity=residual[0] if residual else None,
            residual_probability=residual[1] if residual else None,
        )
        if treatment is None:
            continue
        approver = ctx.person(APPROVERS[code]) if treatment == ACCEPT else None
        analysis_services.risk_decide(
            actor=head,
            risk=risk,
            expected_version=risk.version,
            treatment=treatment,
            justification=justification,
            approver=approver,
        )
        if approver is not None:
            analysis_services.risk_approve(actor=approver, risk=risk)
        if action:
            improvement = analysis_services.risk_action_create(
                actor=head,
                risk=risk,
                title=action,
                owner=head,
                due_date=risk.default_action_due(scale, performed_on),
                description=f"Åtgärd efter riskanalysen ”{title}”.",
                decided_on=performed_on,
            )
            if performed_on.year < ctx.today.year:
                _finish(head, improvement)
    if complete:
        week_later = performed_on + datetime.timedelta(days=7)
        completed_at = timezone.make_aware(datetime.datetime.combine(week_later, datetime.time(15)))
        analysis = analysis_services.analysis_complete(actor=head, analysis=analysis, at=min(completed_at, timezone.now()))
        analysis_services.analysis_mark_reported(
            actor=head, analysis=analysis, reported_on=min(performed_on + datetime.timedelta(days=30), ctx.today)
        )


def _finish(actor, improvement) -> None:
    """Last year's actions have gone round the improvement wheel and are closed with their effect."""
    measure = "Uppföljning i ledningsgruppen efter tre månader."
    result = "Åtgärden är införd och följs i det löpande arbetet."
    content = {
        ImprovementAction.Stage.DO: {
            "description": improvement.description or improvement.title,
            "expected_effect": improvement.expected_effect or "Risken minskar till en lägre nivå.",
        },
        ImprovementAction.Stage.STUDY: {"done_notes": "Åtgärden genomfördes som planerat."},
        ImprovementAction.Stage.ACT: {"effect_measure": measure, "effect_result": result},
    }
    for stage, texts in content.items():
        improvement_services.improvement_move(actor=actor, action=improvement, stage=stage, content=texts)
    improvement_services.improvement_close(actor=actor, action=improvement, effect_measure=measure, effect_result=result)


def _analyses(ctx, scale) -> None:
    today, year = ctx.today, ctx.today.year
    last = year - 1
    for code in ("staben", "myndighet", "oppenvard"):
        unit = ctx.unit(code)
        _analysis(
            ctx,
            scale,
            code,
            title=f"Årlig riskanalys med klientperspektiv {last} – {unit.name}",
            trigger=T.YEARLY_CLIENT,
            performed_on=datetime.date(last, 4, LAST_YEAR_DAY[code]),
            complete=True,
            risk_rows=RISKS[code],
        )
    _analysis(
        ctx,
        scale,
        "myndighet",
        title="Riskanalys inför sammanslagning av mottagningsgrupperna",
        trigger=T.REORGANISATION,
        performed_on=datetime.date(last, 9, 14),
        complete=True,
        risk_rows=RISKS["myndighet"][:2],
        trigger_note="Mottagningen för barn och för vuxna slås samman till en grupp.",
    )
    _analysis(
        ctx,
        scale,
        "oppenvard",
        title="Riskanalys inför ny metod för föräldrastöd",
        trigger=T.NEW_METHOD,
        performed_on=datetime.date(last, 10, 6),
        complete=True,
        risk_rows=RISKS["oppenvard"][2:],
    )
    # This year: Staben is done, Öppenvården has started, Myndighetsavdelningen has not begun (their head's task).
    _analysis(
        ctx,
        scale,
        "staben",
        title=f"Årlig riskanalys med klientperspektiv {year} – {ctx.unit('staben').name}",
        trigger=T.YEARLY_CLIENT,
        performed_on=_clamp(today - datetime.timedelta(days=40), year),
        complete=True,
        risk_rows=RISKS["staben"],
    )
    started = [row[:4] + (None, "", "", None) for row in RISKS["oppenvard"][2:]]
    _analysis(
        ctx,
        scale,
        "oppenvard",
        title=f"Årlig riskanalys med klientperspektiv {year} – {ctx.unit('oppenvard').name}",
        trigger=T.YEARLY_CLIENT,
        performed_on=_clamp(today - datetime.timedelta(days=7), year),
        complete=False,
        risk_rows=RISKS["oppenvard"][:2] + started,
        answered=4,
    )


REVIEW_CRITERIA = [
    ("Aktualiseringen är dokumenterad med datum och beslut om att inleda utredning", 0.95, 0.0),
    ("Skyddsbedömning är gjord och dokumenterad samma dag", 0.8, 0.0),
    ("Barnets egen uppfattning är dokumenterad", 0.6, 0.15),
    ("Utredningen är klar inom fyra månader", 0.7, 0.0),
    ("Beslutet är motiverat och den enskilde underrättad", 0.9, 0.05),
]
REVIEW_TITLE = "Journalgranskning, utredningar barn och unga"
NOT_APPLICABLE = Assessment.Answer.NOT_APPLICABLE


def _review(ctx, point: ControlPoint, performed_on: datetime.date, prefix: str, shift: float) -> None:
    round_ = point.rounds.order_by("due_date").first()
    criteria = list(point.criteria.all())
    for n in range(1, point.sample_size + 1):
        answers = {}
        for criterion, (_text, p_met, p_na) in zip(criteria, REVIEW_CRITERIA, strict=True):
            roll = ctx.rng.random()
            if roll < p_na:
                answers[criterion.pk] = Assessment.Answer.NOT_APPLICABLE
            else:
                answers[criterion.pk] = (
                    Assessment.Answer.MET if roll < p_na + (1 - p_na) * min(p_met + shift, 1) else Assessment.Answer.NOT_MET
                )
        inspection_services.record_review_add(
            actor=point.responsible,
            round_=round_,
            reference=f"{prefix}-{n:02d}",
            answers=answers,
            comments={criteria[2].pk: "Spädbarn; samtal ej möjligt."} if answers[criteria[2].pk] == NOT_APPLICABLE else {},
        )
    inspection_services.round_complete(
        actor=point.responsible,
        round_=round_,
        expected_version=None,
        performed_on=performed_on,
        summary="Granskningen visar att aktualisering och beslut dokumenteras väl. Barnets egen uppfattning saknas i flera "
        "utredningar och utredningstiden överskrids i vissa ärenden.",
        conclusion="Barnsamtalen och utredningstiderna tas upp på arbetsplatsträff och följs upp vid nästa granskning.",
    )


def _inspection(ctx) -> None:
    today, year = ctx.today, ctx.today.year
    unit, responsible = ctx.unit("bistand-buv"), ctx.person("enhetschef")
    criteria = [text for text, _p, _na in REVIEW_CRITERIA]
    if not InspectionPlan.objects.filter(unit=unit, year=year - 1).exists():
        previous = inspection_services.inspection_plan_create(
            actor=responsible, unit=unit, year=year - 1, note="Förra årets plan."
        )
        point = inspection_services.control_point_create(
            actor=responsible,
            plan=previous,
            title=REVIEW_TITLE,
            method=ControlPoint.Method.RECORD_REVIEW,
            frequency=ControlPoint.Frequency.YEARLY,
            responsible=responsible,
            first_due=datetime.date(year - 1, 10, 31),
            criteria=criteria,
            sample_size=10,
            purpose="Kontrollera att utredningar dokumenteras enligt rutinerna.",
        )
        _review(ctx, point, datetime.date(year - 1, 10, 24), "F", shift=-0.15)
    if InspectionPlan.objects.filter(unit=unit, year=year).exists():
        return
    plan = inspection_services.inspection_plan_create(
        actor=responsible, unit=unit, year=year, note="Egenkontroll enligt ledningssystemet, avsnitt 6.1."
    )
    first_due = _clamp(max(datetime.date(year, 1, 31), today - datetime.timedelta(days=150)), year)
    point = inspection_services.control_point_create(
        actor=responsible,
        plan=plan,
        title=REVIEW_TITLE,
        method=ControlPoint.Method.RECORD_REVIEW,
        frequency=ControlPoint.Frequency.HALF_YEARLY,
        responsible=responsible,
        first_due=first_due,
        criteria=criteria,
        sample_size=10,
        purpose="Kontrollera att utredningar dokumenteras enligt rutinerna.",
    )
    _review(ctx, point, _clamp(min(first_due, today) - datetime.timedelta(days=3), year), "A", shift=0.0)
    inspection_services.round_action_create(
        actor=responsible,
        round_=point.rounds.order_by("due_date").first(),
        title="Utbildning i samtal med barn",
        owner=responsible,
        due_date=today + datetime.timedelta(days=60),
        description="Barnets egen uppfattning saknades i flera akter vid journalgranskningen.",
    )
    inspection_services.control_point_create(
        actor=responsible,
        plan=plan,
        title="Brukarundersökning i mottagningen",
        method=ControlPoint.Method.SURVEY,
        frequency=ControlPoint.Frequency.YEARLY,
        responsible=ctx.person("verksamhetsledare"),
        first_due=_clamp(today + datetime.timedelta(days=21), year),
        criteria=[
            "Minst 70 procent svarar att de fått ett gott bemötande",
            "Minst 70 procent vet vem de ska kontakta",
            "Resultatet är redovisat för medarbetarna",
        ],
    )
    inspection_services.control_point_create(
        actor=responsible,
        plan=plan,
        title="Rutinen för skyddsbedömning följs",
        method=ControlPoint.Method.ROUTINES,
        frequency=ControlPoint.Frequency.YEARLY,
        responsible=responsible,
        first_due=_clamp(today + datetime.timedelta(days=35), year),
        criteria=[
            "Skyddsbedömningen görs samma dag",
            "Bedömningen är gjord av två socialsekreterare",
            "Beslutet är dokumenterat",
        ],
    )


ACTIVITIES = [
    # (risk, what, how, responsible, reporting, severity, probability, result, conclusion)
    (
        "Utbetalningar av ekonomiskt bistånd görs utan eller utöver beslut.",
        "Att utbetalningar stämmer med besluten.",
        "Stickprov på 20 utbetalningar som jämförs med beslut i verksamhetssystemet.",
        "ec-ekonomi",
        ControlActivity.Reporting.INTERIM,
        3,
        2,
        "Alla 20 utbetalningar stämde med besluten.",
        ControlActivity.Conclusion.NO_REMARKS,
    ),
    (
        "Beslut fattas av någon som saknar delegation.",
        "Att delegationsordningen följs.",
        "Genomgång av 30 beslut mot delegationsordningen.",
        "kvalitet",
        ControlActivity.Reporting.INTERIM,
        3,
        2,
        "Två av 30 beslut var fattade av vikarie utan förordnande.",
        ControlActivity.Conclusion.MINOR,
    ),
    (
        "Orosanmälningar om barn skyddsbedöms inte inom ett dygn.",
        "Att skyddsbedömning görs samma dag.",
        "Uttag ur verksamhetssystemet av alla anmälningar under en månad.",
        "enhetschef",
        ControlActivity.Reporting.MEETING,
        4,
        2,
        "92 procent bedömdes samma dag, 8 procent dagen efter.",
        ControlActivity.Conclusion.MINOR,
    ),
    (
        "Placerade barn besöks inte var tredje månad.",
        "Att placerade barn och unga besöks minst var tredje månad.",
        "Kontroll av besöksanteckningar för samtliga placerade.",
        "avdchef-oppenvard",
        ControlActivity.Reporting.ANNUAL,
        4,
        2,
        "",
        "",
    ),
    (
        "Externa utförare följs inte upp mot avtalen.",
        "Att avtalsuppföljning görs enligt plan.",
        "Genomgång av uppföljningsrapporterna för årets avtal.",
        "kvalitet2",
        ControlActivity.Reporting.ANNUAL,
        3,
        3,
        "",
        "",
    ),
    (
        "Lex Sarah-rapporter utreds inte skyndsamt.",
        "Att rapporter utreds och vid behov anmäls till IVO i tid.",
        "Genomgång av årets rapporter och deras handläggningstider.",
        "kvalitet",
        ControlActivity.Reporting.MEETING,
        4,
        2,
        "",
        "",
    ),
]


def _internal_control(ctx) -> None:
    today, year = ctx.today, ctx.today.year
    unit = ctx.unit("socialnamnd")
    if InternalControlPlan.objects.filter(unit=unit, year=year).exists():
        return
    actor = ctx.person("forvaltningschef")
    plan = control_services.internal_control_plan_create(
        actor=actor,
        unit=unit,
        year=year,
        adopted_on=_clamp(datetime.date(year, 1, 25), year) if today.month > 1 else None,
        note="Nämndens internkontrollplan enligt kommunens reglemente för intern kontroll.",
    )
    start = datetime.date(year, 1, 1)
    elapsed = max((today - start).days, 4)
    planned_due = [today + datetime.timedelta(days=25), today + datetime.timedelta(days=50), today - datetime.timedelta(days=12)]
    for index, (risk, what, how, who, reporting, s, p, result, conclusion) in enumerate(ACTIVITIES):
        if result:
            due = start + datetime.timedelta(days=elapsed * (index + 1) // 4)
        else:
            due = planned_due[index - 3]
        activity = control_services.control_activity_create(
            actor=actor,
            plan=plan,
            risk_description=risk,
            severity=s,
            probability=p,
            what=what,
            method=how,
            responsible=ctx.person(who),
            due_date=_clamp(due, year),
            reporting=reporting,
        )
        if result:
            performed = min(_clamp(due - datetime.timedelta(days=2), year), today)
            control_services.control_activity_report_result(
                actor=ctx.person(who),
                activity=activity,
                expected_version=activity.version,
                performed_on=performed,
                result=result,
                conclusion=conclusion,
                reported_on=min(performed + datetime.timedelta(days=14), today),
            )
            if conclusion != ControlActivity.Conclusion.NO_REMARKS:
                control_services.control_activity_action_create(
                    actor=ctx.person(who),
                    activity=activity,
                    owner=ctx.person(who),
                    title=f"Åtgärda brister: {what.rstrip('.').lower()}",
                    due_date=today + datetime.timedelta(days=45),
                )


FOLLOW_UP = [
    # (area, what, when, due offset in days from 1 Jan, who, how reported, done)
    (
        FollowUpItem.Area.GOALS,
        "Uppföljning av nämndens resultatmål",
        "I delårsrapporten och i årsredovisningen",
        240,
        "forvaltningschef",
        "Till nämnden i delårsrapporten",
        True,
    ),
    (
        FollowUpItem.Area.KEY_FIGURES,
        "Nyckeltal: utredningstider, placeringar och kostnader",
        "Varje kvartal",
        300,
        "kvalitet",
        "I ledningsgruppen varje kvartal",
        True,
    ),
    (
        FollowUpItem.Area.FEEDBACK,
        "Sammanställning och analys av synpunkter, klagomål och avvikelser",
        "Varje halvår",
        200,
        "kvalitet",
        "Till nämnden två gånger per år",
        True,
    ),
    (
        FollowUpItem.Area.COMPETENCE,
        "Kompetensutvecklingsplaner för alla medarbetare",
        "I samband med medarbetarsamtalen",
        330,
        "avdchef-myndighet",
        "I ledningsgruppen",
        False,
    ),
    (
        FollowUpItem.Area.SELF_INSPECTION,
        "Resultat av journalgranskningar och brukarundersökningar",
        "Efter varje granskning",
        310,
        "enhetschef",
        "I ledningsgruppen och i kvalitetsberättelsen",
        False,
    ),
    (
        FollowUpItem.Area.QUALITY,
        "Revidering av ledningssystemet och årshjulet",
        "I februari",
        58,
        "kvalitet",
        "Till nämnden för kännedom",
        True,
    ),
    (
        FollowUpItem.Area.FIRE_SAFETY,
        "Systematiskt brandskyddsarbete på HVB och kontor",
        "En gång per år",
        280,
        "avdchef-oppenvard",
        "Protokoll till förvaltningschefen",
        False,
    ),
    (
        FollowUpItem.Area.WORK_ENVIRONMENT,
        "Arbets- och skyddsronder samt handlingsplaner",
        "Under hösten",
        345,
        "avdchef-oppenvard",
        "Till samverkansgruppen",
        False,
    ),
]


def _follow_up(ctx) -> None:
    today, year = ctx.today, ctx.today.year
    unit = ctx.unit("socialforvaltning")
    if FollowUpPlan.objects.filter(unit=unit, year=year).exists():
        return
    owner = ctx.person("forvaltningschef")
    plan = followup_services.followup_plan_create(
        actor=owner, unit=unit, year=year, owner=owner, note="IFO-chefens uppföljningsplan."
    )
    for area, what, when, offset, who, how, done in FOLLOW_UP:
        due = _clamp(datetime.date(year, 1, 1) + datetime.timedelta(days=offset), year)
        item = followup_services.followup_item_create(
            actor=owner, plan=plan, area=area, what=what, when=when, due_date=due, who=ctx.person(who), how_reported=how
        )
        if done and due <= today:
            followup_services.followup_item_progress(
                actor=ctx.person(who),
                item=item,
                expected_version=item.version,
                status=FollowUpItem.Status.DONE,
                progress_note="Genomfört enligt plan.",
                done_on=due,
            )
        elif due <= today + datetime.timedelta(days=60):
            followup_services.followup_item_progress(
                actor=ctx.person(who),
                item=item,
                expected_version=item.version,
                status=FollowUpItem.Status.IN_PROGRESS,
                progress_note="Arbetet pågår.",
            )


def load(ctx) -> None:
    scale = _scale(ctx)
    _analyses(ctx, scale)
    _inspection(ctx)
    _internal_control(ctx)
    _follow_up(ctx)
