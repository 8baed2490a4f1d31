"""Small builders for the processes tests; everything goes through the services like the application does."""

import datetime

from lots.accounts.models import Role
from lots.processes import services
from lots.processes.models import CalendarRule


def make_process(world, unit, *, name="Mottagning barn och unga", steps=("Aktualisering", "Förhandsbedömning"), actor=None):
    actor = actor or world.persona(Role.KVALITETSSAMORDNARE)
    process = services.process_create(
        actor=actor,
        municipality=unit.municipality,
        name=name,
        units=[unit],
        owner=world.persona(Role.ENHETSCHEF),
        no_collaboration_reason="Processen hålls inom enheten.",
    )
    for step in steps:
        services.activity_create(actor=actor, process=process, name=step, responsible_role="Socialsekreterare")
    return process


def make_routine(
    world,
    unit,
    *,
    title="Skyddsbedömning samma dag",
    body="## Syfte\nBarn i fara skyddas samma dag.",
    establish=True,
    no_collaboration_reason="Rutinen gäller bara arbetet inom enheten.",
):
    actor = world.persona(Role.KVALITETSSAMORDNARE)
    routine = services.routine_create(
        actor=actor,
        municipality=unit.municipality,
        title=title,
        owner=world.persona(Role.ENHETSCHEF),
        units=[unit],
        body=body,
        no_collaboration_reason=no_collaboration_reason,
    )
    if establish:
        services.routine_establish(actor=world.persona(Role.ENHETSCHEF), draft=routine.versions.get(number=1))
        routine.refresh_from_db()
    return routine


def make_law(world, unit, *, number="2025:400", title="Socialtjänstlag"):
    return services.law_create(
        actor=world.persona(Role.KVALITETSSAMORDNARE),
        municipality=unit.municipality,
        units=[unit],
        collection="SFS",
        number=number,
        title=title,
    )


def make_rule(world, unit, **data) -> CalendarRule:
    defaults = {
        "unit": unit,
        "title": "Revidera ledningssystemet",
        "month": 2,
        "day": 28,
        "responsible_role": Role.ENHETSCHEF,
        "recurrence": CalendarRule.Recurrence.YEARLY,
    }
    defaults.update(data)
    return services.rule_create(actor=world.persona(Role.KVALITETSSAMORDNARE), **defaults)


def make_task(world, unit, *, due=None, role=Role.ENHETSCHEF, title="Riskanalys med klientperspektiv"):
    """A calendar task on ``unit`` for ``role`` (a rule in another month, then the year's tasks generated)."""
    due = due or datetime.date(2026, 4, 30)
    rule = services.rule_create(
        actor=world.persona(Role.KVALITETSSAMORDNARE),
        unit=unit,
        title=title,
        month=due.month,
        day=due.day,
        responsible_role=role,
        active=False,
    )
    rule.active = True
    rule.save(update_fields=["active"])
    services.rule_generate(actor=None, rule=rule, year=due.year)
    return rule.tasks.get(due_date=due, unit=unit)
