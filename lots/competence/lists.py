"""The competence lists, each defined once for its page, its export and its API list (lots.core.lists).

The status list has one row per current employment on the units in the person's scope, with the date of the last
appraisal and whether there is an individual plan for this year; "overdue" is decided in SQL from the same rule as
``lots.competence.status`` (``overdue_cutoff``), so the filter and the badge agree.
"""

import datetime

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from lots.competence import access as competence_access
from lots.competence.forms import StatusFilterForm
from lots.competence.models import Appraisal, IndividualPlan, appraisal_due_on, overdue_cutoff
from lots.core.lists import ListDefinition, NoFilters


def _today() -> datetime.date:
    return timezone.localdate()


def with_status(employments, today: datetime.date):
    """``last_appraisal`` (the latest held on or before ``today``) and ``has_plan`` (a plan for ``today``'s year)."""
    return employments.annotate(
        last_appraisal=Subquery(
            Appraisal.objects.filter(employment_id=OuterRef("pk"), held_on__lte=today).order_by("-held_on").values("held_on")[:1]
        ),
        has_plan=Exists(IndividualPlan.objects.filter(employment_id=OuterRef("pk"), year=today.year)),
    )


def overdue_q(today: datetime.date) -> Q:
    cutoff = overdue_cutoff(today)
    return Q(last_appraisal__lt=cutoff) | Q(last_appraisal__isnull=True, starts_on__lt=cutoff)


def _status_scope(user):
    today = _today()
    return with_status(competence_access.employments(user).current(today), today)


def _narrow_status(employments, data: dict, user):
    today = _today()
    if data["unit"]:
        employments = employments.filter(unit__path__startswith=data["unit"].path)
    if data["show"] == "overdue":
        employments = employments.filter(overdue_q(today))
    elif data["show"] == "no_plan":
        employments = employments.filter(has_plan=False)
    elif data["show"] == "attention":
        employments = employments.filter(overdue_q(today) | Q(has_plan=False))
    term = data["q"].strip()
    if term:
        for word in term.split()[:5]:
            employments = employments.filter(
                Q(person__first_name__icontains=word) | Q(person__last_name__icontains=word) | Q(person__username__icontains=word)
            )
    return employments


def _load_status(employments, user):
    """A page's rows are loaded afresh by id (lots.core.pagination), so they get their status here too."""
    if "last_appraisal" not in employments.query.annotations:
        employments = with_status(employments, _today())
    return employments.select_related("person", "unit")


def decorate(employment, today: datetime.date):
    """Set ``due_on`` and ``overdue`` on a status row, from the same rule as the status function."""
    employment.due_on = appraisal_due_on(last_held=employment.last_appraisal, employed_from=employment.starts_on)
    employment.overdue = today > employment.due_on
    return employment


STATUS = ListDefinition(
    name="CompetenceStatus",
    form=StatusFilterForm,
    scope=_status_scope,
    narrow=_narrow_status,
    form_kwargs=lambda user: {"units": competence_access.visible_units(user)},
    ordering=("unit__path", "person__last_name", "person__first_name", "pk"),
    load=_load_status,
    per_page=50,
)


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
    form=NoFilters,
    scope=lambda user: competence_access.supervisions(user),
    ordering=("unit__path", "-starts_on", "pk"),
    load=lambda rows, user: rows.select_related("unit"),
    per_page=50,
)


STUDENTS = ListDefinition(
    name="CompetenceStudents",
    form=NoFilters,
    scope=lambda user: competence_access.students(user),
    ordering=("-starts_on", "unit__path", "pk"),
    load=lambda rows, user: rows.select_related("unit", "supervisor__person"),
    per_page=50,
)
