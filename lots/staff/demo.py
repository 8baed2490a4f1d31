"""Demo data for the staff side: every demo unit has staff with employments, most of them complete (introduced,
undertaking confirmed, checks made), two unfinished introductions (one partly done from a phone on the Mottagningen,
one just started on Vallmovillan HVB), and on Vallmovillan, a unit working with children, a record check that is
missing. An HR partner (role hr) keeps the records of the whole social services and can import
``lots/staff/demo/anstallningar.csv``. All names are fictional.
"""

import datetime
from pathlib import Path

from django.contrib.auth.hashers import make_password

from lots import access
from lots.accounts import services as account_services
from lots.accounts.models import Role, User
from lots.core.demo import DEMO_PASSWORD
from lots.organisation.models import Unit
from lots.processes.models import Acknowledgement, Routine
from lots.processes.services import routines as routine_services
from lots.staff import services
from lots.staff.models import (
    CheckKind,
    EmployeeNumber,
    Employment,
    ExtractType,
    HiringCheck,
    ItemKind,
    Outcome,
    TemplateItem,
    UndertakingText,
    UnitStaffSetting,
)

DEPENDS_ON = ("lots.organisation", "lots.accounts", "lots.processes")

DEMO_CSV = Path(__file__).parent / "demo" / "anstallningar.csv"
HR = ("hr", "Malin", "Hagström", "HR-partner socialförvaltningen", "socialnamnd")
CHILDREN_UNITS = ["utredning-barn", "familjehem", "ensamkommande", "barn-familj", "ungdom", "vallmovillan"]

UNDERTAKING = "\n\n".join(
    [
        "Förbindelse om sekretess och tystnadsplikt",
        "Jag har tagit del av bestämmelserna om sekretess inom socialtjänsten (26 kap. 1 § offentlighets- och "
        "sekretesslagen) och om tystnadsplikt (15 kap. 1 § socialtjänstlagen) och förstår att de gäller mig under och "
        "efter anställningen.",
        "Jag förbinder mig att inte obehörigen röja eller utnyttja uppgifter om enskildas personliga förhållanden som jag "
        "får del av i arbetet, att bara läsa uppgifter som jag behöver i mitt arbete, och att behandla personuppgifter "
        "enligt dataskyddsförordningen och kommunens rutiner.",
        "Jag vet att brott mot tystnadsplikten kan leda till straffansvar (20 kap. 3 § brottsbalken) och "
        "arbetsrättsliga åtgärder.",
    ]
)

TEMPLATE = [
    (ItemKind.THEORY, "Sekretess, tystnadsplikt och GDPR i vardagen", 7),
    (ItemKind.THEORY, "Ledningssystemet: avvikelser, lex Sarah och synpunkter", 14),
    (ItemKind.THEORY, "Dokumentation enligt socialtjänstlagen", 21),
    (ItemKind.PRACTICE, "Arbetsplatsen, nycklar, larm och brandskydd", 3),
    (ItemKind.PRACTICE, "Bredvidgång med introduktören", 14),
    (ItemKind.PRACTICE, "Uppföljningssamtal med chefen efter första månaden", 35),
]
# Extra staff per unit, fictional: first name, last name, title.
EXTRA = [
    ("Alva", "Nordström", "Socialsekreterare"),
    ("Ebba", "Sjögren", "Behandlingsassistent"),
    ("Isak", "Lundqvist", "Handläggare"),
    ("Wilma", "Holmberg", "Stödassistent"),
    ("Noah", "Bergkvist", "Socialsekreterare"),
    ("Elsa", "Fredriksson", "Behandlare"),
    ("Hugo", "Samuelsson", "Boendestödjare"),
    ("Ella", "Jakobsson", "Socialsekreterare"),
]
# The two new employees whose introductions are not finished.
NEW = [
    ("nyanstalld", "Saga", "Lindholm", "Socialsekreterare", "mottagning", 12),
    ("ny-vallmo", "Melvin", "Åkesson", "Behandlingsassistent", "vallmovillan", 4),
]


def load(ctx) -> None:
    hr = _hr_partner(ctx)
    ctx.logins.append(("HR-partner", hr.username))
    for municipality in (ctx.municipality, ctx.second):
        if municipality is not None and not UndertakingText.objects.filter(municipality=municipality).exists():
            services.undertaking_text_publish(actor=hr, municipality=municipality, body=UNDERTAKING)
    for code in CHILDREN_UNITS:
        unit = ctx.units.get(code)
        if unit is not None and not UnitStaffSetting.objects.filter(unit=unit).exists():
            services.unit_setting_save(actor=hr, unit=unit, works_with_children=True, expected_version=None)
    _template(ctx, hr)
    _staff(ctx, hr)
    _new_employees(ctx, hr)


def _hr_partner(ctx) -> User:
    username, first, last, title, unit_code = HR
    person = User.objects.filter(username=username).first()
    if person is None:
        person = account_services.person_create(
            actor=ctx.actor,
            username=username,
            first_name=first,
            last_name=last,
            title=title,
            email=f"{username}@exempelkommun.invalid",
        )
        User.objects.filter(pk=person.pk).update(password=make_password(DEMO_PASSWORD))
        account_services.role_assign(actor=ctx.actor, user=person, role=Role.HR, unit=ctx.units[unit_code], include_subunits=True)
    ctx.people[username] = person
    return person


def _template(ctx, hr) -> None:
    unit = ctx.units["socialforvaltning"]
    if TemplateItem.objects.filter(unit=unit).exists():
        return
    for kind, title, days in TEMPLATE:
        services.template_item_add(actor=hr, unit=unit, kind=kind, title=title, routine=None, due_days=days)
    below = Unit.objects.filter(path__startswith=unit.path)
    for routine in (
        Routine.objects.filter(municipality=ctx.municipality, current_version__isnull=False, units__in=below)
        .distinct()
        .order_by("pk")[:2]
    ):
        services.template_item_add(actor=hr, unit=unit, kind=ItemKind.ROUTINE, title="", routine=routine, due_days=14)


def _staff_units(ctx) -> list[Unit]:
    """Every open unit below the förvaltningar: avdelningar, enheter and sektioner."""
    return [
        u
        for u in Unit.objects.filter(
            municipality__in=[m for m in (ctx.municipality, ctx.second) if m], closed_at__isnull=True
        ).order_by("path")
        if u.depth >= 2
    ]


def _staff(ctx, hr) -> None:
    """The unit's own people (from the demo's role assignments) and two or three more, employed for years and with
    every record complete."""
    number = 10000
    extra = 0
    for unit in _staff_units(ctx):
        people = [a.user for a in access.assignments_at([unit]) if a.role not in (Role.GRANSKARE, Role.NAMNDLEDAMOT, Role.HR)]
        want = 2 + (unit.pk % 2)
        while len(people) < want:
            first, last, title = EXTRA[extra % len(EXTRA)]
            extra += 1
            username = f"personal-{unit.code}-{len(people) + 1}"
            person = User.objects.filter(username=username).first() or account_services.person_create(
                actor=ctx.actor,
                username=username,
                first_name=first,
                last_name=last,
                title=title,
                email=f"{username}@exempelkommun.invalid",
            )
            people.append(person)
        for person in dict.fromkeys(people):
            number += 1
            if person.username in {n[0] for n in NEW}:
                continue
            if Employment.objects.filter(person=person, unit=unit).exists():
                continue
            years = 1 + (number % 9)
            starts = ctx.today.replace(year=ctx.today.year - years) - datetime.timedelta(days=number % 120)
            employment = services.employment_start(
                actor=hr,
                person=person,
                unit=unit,
                starts_on=starts,
                title=person.title,
                external_id=f"HR-{person.username}"[:100],
                start_records=True,
            )
            if not EmployeeNumber.objects.filter(person=person).exists():
                EmployeeNumber.objects.create(person=person, number=str(number))
            _complete(employment, hr, starts)


def _complete(employment: Employment, hr, starts: datetime.date) -> None:
    """Every item ticked, the undertaking confirmed and every check made, as they were at the start."""
    for item in employment.introduction.items.filter(kind__in=[ItemKind.THEORY, ItemKind.PRACTICE]):
        services.item_tick(actor=employment.person, item=item, done=True)
    for item in employment.introduction.items.filter(kind=ItemKind.ROUTINE, routine__isnull=False).select_related("routine"):
        if not Acknowledgement.objects.filter(version__routine=item.routine, user=employment.person).exists():
            routine_services.acknowledge(actor=employment.person, routine=item.routine)
    services.undertaking_sign(actor=employment.person, employment=employment)
    _checks_done(employment, hr, starts)


def _checks_done(employment: Employment, hr, starts: datetime.date, *, skip=()) -> None:
    for check in HiringCheck.objects.filter(employment=employment, status=HiringCheck.Status.PENDING).exclude(kind__in=skip):
        record = check.kind == CheckKind.RECORD_EXTRACT
        services.check_record(
            actor=hr,
            check=check,
            done_on=min(starts, employment.starts_on) - datetime.timedelta(days=7) if record else starts,
            extract_type=(ExtractType.CHILDREN if check.required_before_start else ExtractType.OWN) if record else "",
            outcome=Outcome.NO_OBSTACLE if record else "",
            expected_version=check.version,
        )


def _new_employees(ctx, hr) -> None:
    for username, first, last, title, unit_code, days_ago in NEW:
        unit = ctx.units[unit_code]
        person = User.objects.filter(username=username).first()
        if person is None:
            person = account_services.person_create(
                actor=ctx.actor,
                username=username,
                first_name=first,
                last_name=last,
                title=title,
                email=f"{username}@exempelkommun.invalid",
            )
            User.objects.filter(pk=person.pk).update(password=make_password(DEMO_PASSWORD))
            account_services.role_assign(actor=ctx.actor, user=person, role=Role.MEDARBETARE, unit=unit, include_subunits=False)
        ctx.people[username] = person
        if Employment.objects.filter(person=person, unit=unit).exists():
            continue
        starts = ctx.today - datetime.timedelta(days=days_ago)
        employment = services.employment_start(actor=hr, person=person, unit=unit, starts_on=starts, title=title)
        introduction = employment.introduction
        manager = next(iter(access.people_holding(unit, roles=[Role.ENHETSCHEF, Role.VERKSAMHETSLEDARE])), None)
        colleague = next(
            (a.user for a in access.assignments_at([unit]) if a.user_id != person.pk and a.role == Role.MEDARBETARE), None
        )
        if colleague or manager:
            services.introduction_set_introducer(
                actor=manager or hr,
                introduction=introduction,
                introducer=colleague or manager,
                expected_version=introduction.version,
            )
        if unit_code == "mottagning":
            # Partly done from her phone: the first items ticked, one routine read, the undertaking confirmed.
            for item in introduction.items.filter(kind__in=[ItemKind.THEORY, ItemKind.PRACTICE]).order_by("position")[:3]:
                services.item_tick(actor=person, item=item, done=True)
            routine_item = (
                introduction.items.filter(kind=ItemKind.ROUTINE, routine__isnull=False).select_related("routine").first()
            )
            if routine_item and not Acknowledgement.objects.filter(version__routine=routine_item.routine, user=person).exists():
                routine_services.acknowledge(actor=person, routine=routine_item.routine)
            services.undertaking_sign(actor=person, employment=employment)
            _checks_done(employment, hr, starts)
        else:
            # Just started on a unit working with children, and the record extract has not been shown.
            _checks_done(employment, hr, starts, skip=[CheckKind.RECORD_EXTRACT, CheckKind.GUARDIAN])
    ctx.notes.append(
        "Personal: nyanställda med introduktion som inte är klar: nyanstalld (Mottagningsgruppen) och ny-vallmo "
        "(Vallmovillan HVB, registerutdrag saknas). Exempelfil för HR-partnerns import: "
        f"{DEMO_CSV.relative_to(Path(__file__).parents[2])}"
    )
