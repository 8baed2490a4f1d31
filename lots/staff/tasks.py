"""'Mina uppgifter': the employee's unfinished introduction items and the undertaking to confirm; for the unit's
manager (enhetschef or verksamhetsledare on the unit), each unfinished introduction and each check at hiring not made,
a missing record check at a unit working with children overdue from the start date."""

import datetime

from django.db.models import Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lots import access
from lots.accounts.models import Role
from lots.home.my_tasks import Task
from lots.staff.models import Employment, HiringCheck, IntroductionItem, Undertaking, UndertakingText

MODULE = gettext_noop("Personal")
HORIZON = datetime.timedelta(days=14)
UNIT_MANAGERS = (Role.ENHETSCHEF, Role.VERKSAMHETSLEDARE)


def tasks_for(user, today: datetime.date) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    return own_tasks(user, today) + manager_tasks(user, today)


def own_tasks(user, today: datetime.date) -> list[Task]:
    tasks = []
    items = (
        IntroductionItem.objects.outstanding()
        .filter(introduction__employment__person=user, introduction__status="open", due_on__lte=today + HORIZON)
        .select_related("routine", "introduction__unit")
        .order_by("due_on", "pk")
    )
    for item in items:
        tasks.append(
            Task(
                title=_("Introduktion: %(item)s") % {"item": item.label},
                due=item.due_on,
                url=reverse("staff:mine") + f"#item-{item.pk}",
                module=_(MODULE),
                unit_name=item.introduction.unit.name,
            )
        )
    current = Employment.objects.current(today).filter(person=user).select_related("unit")
    signed = set(Undertaking.objects.filter(employment__person=user).values_list("employment_id", "text_id"))
    latest: dict[int, int] = {}
    for employment in current:
        municipality_id = employment.unit.municipality_id
        if municipality_id not in latest:
            text = UndertakingText.objects.filter(municipality_id=municipality_id).order_by("-version").only("pk").first()
            latest[municipality_id] = text.pk if text else 0
        if latest[municipality_id] and (employment.pk, latest[municipality_id]) not in signed:
            tasks.append(
                Task(
                    title=_("Bekräfta förbindelsen om sekretess och tystnadsplikt"),
                    due=employment.starts_on,
                    url=reverse("staff:employment", args=[employment.pk]),
                    module=_(MODULE),
                    unit_name=employment.unit.name,
                )
            )
    return tasks


def _managed_q(user, field: str) -> Q:
    condition = Q(pk__in=[])
    for assignment in access.assignments_with(user, roles=UNIT_MANAGERS):
        condition |= Q(**{f"{field}_id": assignment.unit_id})
    return condition


def manager_tasks(user, today: datetime.date) -> list[Task]:
    if not access.assignments_with(user, roles=UNIT_MANAGERS):
        return []
    units = _managed_q(user, "unit")
    tasks = []
    open_intros = (
        IntroductionItem.objects.outstanding()
        .filter(introduction__status="open")
        .filter(_managed_q(user, "introduction__unit"))
        .exclude(introduction__employment__person=user)
        .values(
            "introduction__employment",
            "introduction__employment__person__first_name",
            "introduction__employment__person__last_name",
            "introduction__employment__person__username",
            "introduction__unit__name",
        )
        .annotate(due=Min("due_on"))
        .filter(due__lte=today + HORIZON)
        .order_by("due", "introduction__employment")
    )
    for row in open_intros:
        name = (
            f"{row['introduction__employment__person__first_name']} {row['introduction__employment__person__last_name']}".strip()
        )
        tasks.append(
            Task(
                title=_("Introduktionen av %(name)s är inte klar")
                % {"name": name or row["introduction__employment__person__username"]},
                due=row["due"],
                url=reverse("staff:employment", args=[row["introduction__employment"]]),
                module=_(MODULE),
                unit_name=row["introduction__unit__name"],
            )
        )
    checks = (
        HiringCheck.objects.filter(units, status=HiringCheck.Status.PENDING, due_on__lte=today + HORIZON)
        .filter(Q(employment__ends_on__isnull=True) | Q(employment__ends_on__gte=today))
        .exclude(employment__person=user)
        .select_related("employment__person", "unit")
        .order_by("due_on", "pk")
    )
    for check in checks:
        what = _("Registerutdrag saknas (krävs före start)") if check.required_before_start else check.get_kind_display()
        tasks.append(
            Task(
                title=f"{what}: {check.employment.person}",
                due=check.due_on,
                url=reverse("staff:employment", args=[check.employment_id]) + f"#check-{check.pk}",
                module=_(MODULE),
                unit_name=check.unit.name,
            )
        )
    return tasks
