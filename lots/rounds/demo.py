"""Demo data for safety and fire-safety rounds, written through the module's services:

- a safety round at Kollektivet HVB this autumn with its safety representative, the checklist answered, two findings
  and open actions (one overdue), one finding also made an improvement action;
- a fire-safety round at Vallmovillan HVB, its finding closed after its action was done, and the unit's yearly
  follow-up linked to the follow-up plan's point for the work environment;
- a safety round on Enheten bistånd barn, unga och vuxna with a regional safety representative named, and the
  Myndighetsavdelningen's action plan decided by its department head.
"""

import datetime

from lots.risks.models import FollowUpItem
from lots.rounds import services
from lots.rounds.models import Answer, Kind, Round

DEPENDS_ON = ("lots.organisation", "lots.accounts", "lots.improvements", "lots.risks")


def _day(ctx, days_back: int) -> datetime.date:
    """A day ``days_back`` before today, kept within this year so the year's plan and report hold it."""
    return max(ctx.today - datetime.timedelta(days=days_back), datetime.date(ctx.today.year, 1, 2))


def load(ctx) -> None:
    _kollektivet(ctx)
    _vallmovillan(ctx)
    _myndighet(ctx)


def _answer_all(rnd, actor, deficient: dict[int, str]) -> None:
    answers = {}
    for n, item in enumerate(rnd.items.all(), 1):
        answers[item.pk] = (Answer.DEFICIENT, deficient[n]) if n in deficient else (Answer.OK, "")
    services.round_answer(actor=actor, round=rnd, answers=answers, expected_version=rnd.version)


def _kollektivet(ctx) -> None:
    unit = ctx.unit("kollektivet")
    if Round.objects.filter(unit=unit).exists():
        return
    manager, rep = ctx.person("ec-kollektivet"), ctx.person("hvb1")
    rnd = services.round_create(
        actor=manager,
        unit=unit,
        kind=Kind.SAFETY,
        held_on=_day(ctx, 45),
        participants=[manager, rep, ctx.person("vl-klivet")],
        safety_rep=rep,
        note="Ronden gick igenom hela huset och kontoret. Nästa rond i vår.",
    )
    _answer_all(
        rnd,
        manager,
        {2: "Dålig belysning i trapphuset.", 5: "Överfallslarmet i samtalsrummet saknas.", 7: "Hög belastning kvällstid."},
    )
    items = list(rnd.items.order_by("position"))
    alarm = services.finding_create(
        actor=manager,
        round=rnd,
        item=items[4],
        description="Samtalsrummet saknar överfallslarm, och personalen vet inte hur de larmar vid hot.",
        severity=4,
        probability=3,
    )
    services.action_create(
        actor=manager, finding=alarm, what="Installera överfallslarm i samtalsrummet.", owner=manager, due_date=_day(ctx, 10)
    )
    services.action_create(
        actor=manager,
        finding=alarm,
        what="Gå igenom rutinen vid hot och våld på APT.",
        owner=rep,
        due_date=ctx.today + datetime.timedelta(days=20),
    )
    services.finding_to_improvement(
        actor=manager,
        finding=alarm,
        title="Trygg larmning vid hot och våld på Kollektivet",
        owner=manager,
        due_date=ctx.today + datetime.timedelta(days=60),
        description="Larm och rutin vid hot och våld ses över efter skyddsronden.",
    )
    light = services.finding_create(
        actor=manager, round=rnd, item=items[1], description="Belysningen i trapphuset är för svag.", severity=2, probability=3
    )
    services.action_create(
        actor=manager,
        finding=light,
        what="Felanmäl belysningen till fastighetsägaren.",
        owner=manager,
        due_date=ctx.today + datetime.timedelta(days=14),
    )


def _vallmovillan(ctx) -> None:
    unit = ctx.unit("vallmovillan")
    if Round.objects.filter(unit=unit).exists():
        return
    manager = ctx.person("ec-vallmo")
    rnd = services.round_create(
        actor=manager, unit=unit, kind=Kind.FIRE, held_on=_day(ctx, 90), participants=[manager, ctx.person("hvb2")]
    )
    _answer_all(rnd, manager, {4: "Branddörren mot källaren var kilad."})
    door = services.finding_create(
        actor=manager,
        round=rnd,
        item=rnd.items.get(position=4),
        description="Branddörren mot källaren hölls öppen med en kil.",
        severity=3,
        probability=2,
    )
    action = services.action_create(
        actor=manager, finding=door, what="Ta bort kilen och sätt upp skylt om branddörr.", owner=manager, due_date=_day(ctx, 80)
    )
    done_on = _day(ctx, 85)
    services.action_update(
        actor=manager,
        action=action,
        expected_version=action.version,
        what=action.what,
        owner=manager,
        due_date=action.due_date,
        status="done",
        done_on=done_on,
    )
    services.finding_update(
        actor=manager,
        finding=door,
        expected_version=door.version,
        description=door.description,
        severity=3,
        probability=2,
        item=door.item,
        closed_on=done_on,
    )
    item = FollowUpItem.objects.filter(
        area=FollowUpItem.Area.WORK_ENVIRONMENT, plan__year=ctx.today.year, plan__unit_id__in=unit.ancestor_ids()
    ).first()
    services.followup_save(
        actor=manager,
        unit=unit,
        year=ctx.today.year,
        done=True,
        what_worked="Ronderna hölls enligt planen och brister åtgärdades snabbt.",
        what_to_change="Fler medarbetare behöver gå brandskyddsutbildningen.",
        plan_item=item,
        followed_up_on=ctx.today,
        expected_version=None,
    )


def _myndighet(ctx) -> None:
    unit = ctx.unit("bistand-buv")
    if Round.objects.filter(unit=unit).exists():
        return
    manager = ctx.person("enhetschef")
    rnd = services.round_create(
        actor=manager,
        unit=unit,
        kind=Kind.SAFETY,
        held_on=_day(ctx, 60),
        participants=[manager, ctx.person("medarbetare"), ctx.person("ssk-barn1")],
        safety_rep_name="Regionalt skyddsombud",
    )
    _answer_all(rnd, manager, {8: "Ärendemängden per handläggare är för hög."})
    caseload = services.finding_create(
        actor=manager,
        round=rnd,
        item=rnd.items.get(position=8),
        description="Ärendemängden per handläggare i utredningsgruppen är för hög.",
        severity=3,
        probability=4,
    )
    services.action_create(
        actor=manager,
        finding=caseload,
        what="Fördela om ärenden och ta in en konsult under tre månader.",
        owner=manager,
        due_date=ctx.today + datetime.timedelta(days=45),
    )
    services.plan_decide(
        actor=ctx.person("avdchef-myndighet"),
        department=ctx.unit("myndighet"),
        year=ctx.today.year,
        decided_on=_day(ctx, 30),
        decision_note="Planen beslutas. Ärendemängden följs upp månadsvis i ledningsgruppen.",
        expected_version=None,
    )
