"""The competence lists, each defined once for its page, its export and its API list (lots.core.lists).

The status list has one row per current employment on the units in the person's scope, with the date of the last
appraisal and whether there is an individual plan for this year; "overdue" is decided in SQL from the same rule as
``lots.competence.status`` (``overdue_cutoff``), so the filter and the badge agree. A year filter shows the state at the end of an
earlier year: the annual report's figures are this list's counts.
"""

import datetime

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from lots.competence import access as competence_access
from lots.competence.forms import StatusFilterForm, UnitYearFilterForm
from lots.competence.models import Appraisal, IndividualPlan, overdue_cutoff
from lots.competence.status import staff_status
from lots.core.lists import ListDefinition, NoFilters


def _today() -> datetime.date:
    return timezone.localdate()


def status_day(year: int | None, today: datetime.date) -> datetime.date:
    """The day the status list describes: today, or the last day of an earlier year."""
    return today if year is None or year == today.year else datetime.date(year, 12, 31)


def with_status(employments, on: datetime.date):
    """``last_appraisal`` (the latest held on or before ``on``) and ``has_plan`` (a plan for ``on``'s year)."""
    return employments.annotate(
        last_appraisal=Subquery(
            Appraisal.objects.filter(employment_id=OuterRef("pk"), held_on__lte=on).order_by("-held_on").values("held_on")[:1]
        ),
        has_plan=Exists(IndividualPlan.objects.filter(employment_id=OuterRef("pk"), year=on.year)),
    )


def overdue_q(on: datetime.date) -> Q:
    cutoff = overdue_cutoff(on)
    return Q(last_appraisal__lt=cutoff) | Q(last_appraisal__isnull=True, starts_on__lt=cutoff)


def appraised_q(on: datetime.date) -> Q:
    return Q(last_appraisal__year=on.year)


def narrow_status(employments, data: dict, user):
    on = status_day(data["year"], _today())
    employments = with_status(employments.current(on), on)
    if data["unit"]:
        employments = employments.filter(unit__path__startswith=data["unit"].path)
    show = data["show"]
    if show == "overdue":
        employments = employments.filter(overdue_q(on))
    elif show == "no_plan":
        employments = employments.filter(has_plan=False)
    elif show == "attention":
        employments = employments.filter(overdue_q(on) | Q(has_plan=False))
    elif show == "appraised":
        employments = employments.filter(appraised_q(on))
    elif show == "with_plan":
        employments = employments.filter(has_plan=True)
    term = data["q"].strip()
    if term:
        for word in term.split()[:5]:
            employments = employments.filter(
                Q(person__first_name__icontains=word) | Q(person__last_name__icontains=word) | Q(person__username__icontains=word)
            )
    return employments


def attach_status(rows, filtered, viewer=None) -> list:
    """The rows of a page (or an export), each with ``status`` (lots.competence.status) on the list's day."""
    rows = list(rows)
    data = filtered.form.cleaned_data if filtered.is_valid else {}
    on = status_day(data.get("year"), _today())
    statuses = staff_status(rows, on, viewer=viewer)
    for row in rows:
        row.status = statuses[row.pk]
    return rows


STATUS = ListDefinition(
    name="CompetenceStatus",
    form=StatusFilterForm,
    scope=lambda user: competence_access.employments(user),
    narrow=narrow_status,
    form_kwargs=lambda user: {"units": competence_access.visible_units(user)},
    ordering=("unit__path", "person__last_name", "person__first_name", "pk"),
    load=lambda employments, user: employments.select_related("person", "unit"),
    per_page=50,
)


def narrow_period(rows, data: dict, user):
    if data["unit"]:
        rows = rows.filter(unit__path__startswith=data["unit"].path)
    if data["year"]:
        year = data["year"]
        rows = rows.filter(starts_on__year__lte=year).filter(Q(ends_on__isnull=True) | Q(ends_on__year__gte=year))
    return rows


UNIT_PLANS = ListDefinition(
    name="CompetenceUnitPlans",
    form=NoFilters,
    scope=lambda user: competence_access.unit_plans(user),
    ordering=("-year", "unit__path", "pk"),
    load=lambda plans, user: plans.select_related("unit").prefetch_related("items"),
    per_page=50,
)


SUPERVISION = ListDefinition(
    name="CompetenceSupervision",
    form=UnitYearFilterForm,
    narrow=narrow_period,
    form_kwargs=lambda user: {"units": competence_access.visible_units(user)},
    scope=lambda user: competence_access.supervisions(user),
    ordering=("unit__path", "-starts_on", "pk"),
    load=lambda rows, user: rows.select_related("unit"),
    per_page=50,
)


STUDENTS = ListDefinition(
    name="CompetenceStudents",
    form=UnitYearFilterForm,
    narrow=narrow_period,
    form_kwargs=lambda user: {"units": competence_access.visible_units(user)},
    scope=lambda user: competence_access.students(user),
    ordering=("-starts_on", "unit__path", "pk"),
    load=lambda rows, user: rows.select_related("unit", "supervisor__person"),
    per_page=50,
)
