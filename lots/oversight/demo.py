"""Demo data for the access review and the log follow-up.

- A temporary social worker on Biståndsenheten barn och unga who has not signed in for months: the enhetschef's
  review flags the account, and she can deactivate it from there.
- The access review of one unit already confirmed this year, so the overview shows both states.
- Reads of deviations this month, made through the access layer and written to the log by the same services as a
  request: a few people read a handful each and the förvaltningschef reads many, so the log follow-up lists an
  unusually heavy reader. The demo cannot write reads at another time than now (the log's services take none), so
  reads outside office hours appear when the demo is loaded outside them (evenings, weekends, holidays), and reads
  after leaving a unit only as people's roles end over time.
"""

import datetime

from django.utils import timezone

from lots.access import reads
from lots.accounts import services as account_services
from lots.accounts.models import Role, RoleAssignment, User
from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.deviations import access as deviation_access
from lots.oversight import reviews, services
from lots.oversight.models import AccessReview

DEPENDS_ON = ("lots.organisation", "lots.accounts", "lots.deviations")

UNUSED = ("vikarie-buv", "Tove", "Lind", "Socialsekreterare (vikarie)", "bistand-buv")
UNUSED_FOR = datetime.timedelta(days=140)
CONFIRMED_UNIT = "bistand-buf"
CONFIRMED_BY = "ec-buf"
# (username, deviations read this month); the förvaltningschef's reading stands out.
READERS = [("enhetschef", 4), ("ec-buf", 3), ("avdchef-myndighet", 6), ("kvalitet", 5), ("forvaltningschef", 80)]
PATH = "/avvikelser/ (demo)"


def load(ctx) -> None:
    _unused_account(ctx)
    _confirmed_review(ctx)
    _reads_this_month(ctx)


def _unused_account(ctx) -> None:
    username, first, last, title, unit_code = UNUSED
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
    unit = ctx.units[unit_code]
    if not RoleAssignment.objects.filter(user=person, role=Role.MEDARBETARE, unit=unit).exists():
        account_services.role_assign(actor=ctx.actor, user=person, role=Role.MEDARBETARE, unit=unit, include_subunits=False)
    # Her account's history: made a year ago, last signed in months ago (Django stamps these at sign-in, unaudited).
    now = timezone.now()
    User.objects.filter(pk=person.pk, last_login__isnull=True).update(
        date_joined=now - datetime.timedelta(days=365), last_login=now - UNUSED_FOR
    )
    ctx.people[username] = person


def _confirmed_review(ctx) -> None:
    unit, manager = ctx.units[CONFIRMED_UNIT], ctx.people[CONFIRMED_BY]
    year = timezone.localdate().year
    if AccessReview.objects.filter(unit=unit, year=year).exists():
        return
    review = reviews.build(manager, unit)
    services.access_review_confirm(
        actor=manager,
        unit=unit,
        year=year,
        note="Genomgånget med enhetens samordnare. Inga ändringar behövdes.",
        assignment_count=review.assignment_count,
        flagged_count=len(review.flagged),
    )


def _reads_this_month(ctx) -> None:
    start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if AuditEntry.objects.filter(at__gte=start, action=AuditEntry.Action.VIEW, note__endswith=PATH).exists():
        return
    for username, count in READERS:
        person = ctx.people[username]
        with reads.collecting() as collector:
            list(deviation_access.visible(person).order_by("-pk")[:count])
        audit.record_collected(collector, path=PATH)
