"""Demo data for competence development: on every demo unit with staff (the employments of lots.staff.demo), most
appraisals held within the year with an individual plan and its activities, some overdue (more than twelve months
ago), the new employees not yet appraised; a competence development plan per unit for this year (and last year's on
the first three units, to copy from); group supervision on every third unit and a few students.
All names are fictional. Running it twice changes nothing.
"""

import datetime

from django.utils import timezone

from lots import access
from lots.accounts.models import Role
from lots.competence import services
from lots.competence.models import Appraisal, ItemStatus, Student, Supervision, SupervisionForm, UnitPlan
from lots.organisation.models import Unit
from lots.staff.models import Employment

DEPENDS_ON = ("lots.staff",)

MANAGER_ROLES = (Role.ENHETSCHEF, Role.VERKSAMHETSLEDARE, Role.AVDELNINGSCHEF, Role.FORVALTNINGSCHEF)

GOALS = [
    "Fördjupa kunskapen om dokumentation enligt socialtjänstlagen och ICF.",
    "Bli trygg i motiverande samtal (MI) med klienter och anhöriga.",
    "Utveckla bemötandet i svåra samtal och lågaffektivt förhållningssätt.",
    "Lära mig handläggning enligt BBIC och ta fler egna utredningar.",
]
ACTIVITIES = [
    ("Kurs i motiverande samtal, två dagar", "vt"),
    ("Webbutbildning: dokumentation i socialtjänsten", "mars"),
    ("Auskultation hos en erfaren kollega", "hösten"),
    ("Utbildning i lågaffektivt bemötande", "vt"),
    ("Nätverksträff för handläggare i länet", "oktober"),
]
UNIT_PLAN = [
    (
        "Dokumentationen håller inte alltid kvalitet",
        "Workshop i dokumentation med verksamhetsutvecklare",
        "Alla handläggare",
        "vt",
        8000,
    ),
    ("Få medarbetare utbildade i MI", "Kurs i motiverande samtal", "Nyanställda och de som saknar MI", "ht", 24000),
    ("Ny lagstiftning inom socialtjänsten", "Genomgång av nya socialtjänstlagen på APT", "Alla medarbetare", "feb", None),
]
STUDENTS = [
    ("Tindra Vikström", "Socionomprogrammet", "Mittuniversitetet"),
    ("Liam Öberg", "Vård- och omsorgsprogrammet", "Vuxenutbildningen"),
    ("Selma Backlund", "Socionomprogrammet", "Umeå universitet"),
]


def load(ctx) -> None:
    today = min(ctx.today, timezone.localdate())
    units = _units_with_staff(ctx, today)
    for index, unit in enumerate(units):
        manager = _manager(ctx, unit)
        _unit_plans(ctx, unit, manager, today, with_last_year=index < 3)
        if index % 3 == 0:
            _supervision(unit, manager, today)
    for number, employment in enumerate(
        Employment.objects.current(today).filter(unit__in=units).select_related("unit", "person").order_by("unit__path", "pk")
    ):
        _appraisals(ctx, employment, _manager(ctx, employment.unit), today, number)
    _students(ctx, units, today)


def _units_with_staff(ctx, today: datetime.date) -> list[Unit]:
    municipalities = [m for m in (ctx.municipality, ctx.second) if m is not None]
    ids = Employment.objects.current(today).filter(unit__municipality__in=municipalities).values("unit_id")
    return list(Unit.objects.filter(pk__in=ids, closed_at__isnull=True).order_by("path"))


def _manager(ctx, unit: Unit):
    """The nearest manager above the staff: the one who holds the appraisals."""
    nearest = access.assignments_on_path(unit, roles=MANAGER_ROLES)
    return nearest[0].user if nearest else ctx.actor


def _unit_plans(ctx, unit: Unit, manager, today: datetime.date, *, with_last_year: bool) -> None:
    years = [today.year - 1, today.year] if with_last_year else [today.year]
    for year in years:
        if UnitPlan.objects.filter(unit=unit, year=year).exists():
            continue
        plan = services.unit_plan_create(
            actor=manager,
            unit=unit,
            year=year,
            summary="Inventerat på APT och i medarbetarsamtalen: dokumentation, samtalsmetodik och ny lagstiftning.",
        )
        for position, (need, activity, target, when, cost) in enumerate(UNIT_PLAN):
            status = ItemStatus.DONE if year < today.year else (ItemStatus.ONGOING if position == 0 else ItemStatus.PLANNED)
            services.unit_plan_item_add(
                actor=manager,
                plan=plan,
                need=need,
                activity=activity,
                target_group=target,
                when=when,
                cost=cost,
                status=status,
            )


def _appraisals(ctx, employment: Employment, manager, today: datetime.date, number: int) -> None:
    """Most held within the year with a plan and activities; every seventh more than twelve months ago; none for an
    employment younger than three months."""
    if Appraisal.objects.filter(employment=employment).exists() or employment.person_id == manager.pk:
        return
    if (today - employment.starts_on).days < 90:
        return
    overdue = number % 7 == 3
    held_on = today - datetime.timedelta(days=(400 + number % 60) if overdue else (20 + (number * 37) % 300))
    if held_on < employment.starts_on:
        held_on = employment.starts_on + datetime.timedelta(days=30)
    appraisal = services.appraisal_record(actor=manager, employment=employment, held_on=held_on, goals=GOALS[number % len(GOALS)])
    plan = appraisal.plans.first()
    if plan is None or plan.rows.exists():
        return
    for offset in range(2):
        activity, when = ACTIVITIES[(number + offset) % len(ACTIVITIES)]
        row = services.plan_row_add(actor=manager, plan=plan, activity=activity, planned_when=when)
        done_on = held_on + datetime.timedelta(days=45)
        if offset == 0 and done_on <= today:
            services.plan_row_mark_done(
                actor=employment.person, row=row, done_on=done_on, outcome="Genomförd; tar med mig metoderna till teamet."
            )


def _supervision(unit: Unit, manager, today: datetime.date) -> None:
    if Supervision.objects.filter(unit=unit).exists():
        return
    services.supervision_add(
        actor=manager,
        unit=unit,
        form=SupervisionForm.GROUP,
        given_by="Extern handledare, leg. psykoterapeut",
        frequency="Var tredje vecka",
        starts_on=datetime.date(today.year, 1, 15),
        ends_on=datetime.date(today.year, 12, 15),
    )


def _students(ctx, units: list[Unit], today: datetime.date) -> None:
    for (name, programme, school), unit in zip(STUDENTS, units[1::4], strict=False):
        if Student.objects.filter(unit=unit, name=name).exists():
            continue
        starts_on = today - datetime.timedelta(days=20)
        ends_on = today + datetime.timedelta(days=50)
        supervisor = (
            Employment.objects.current(today)
            .filter(unit=unit, starts_on__lte=starts_on)
            .filter(ends_on__isnull=True)
            .order_by("starts_on", "pk")
            .first()
        )
        if supervisor is None:
            continue
        services.student_add(
            actor=_manager(ctx, unit),
            unit=unit,
            name=name,
            programme=programme,
            school=school,
            starts_on=starts_on,
            ends_on=ends_on,
            supervisor=supervisor,
        )
