"""Who reads and keeps competence records.

Personnel data: a staff member reads their own appraisals and plans (through their employments); the managers up the
line and HR read those of the units where they hold ``competence.view`` and keep them with ``competence.change``.
The unit plan, supervision and students belong to the unit and are read and kept by the same permissions. Every
queryset returned here is marked with the reader, so reads of appraisals, plans and students are logged.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from lots import access
from lots.access import reads
from lots.competence.models import Appraisal, IndividualPlan, PlanRow, Student, Supervision, UnitPlan
from lots.staff.models import Employment

VIEW = "competence.view"
CHANGE = "competence.change"


def may_read_any(user) -> bool:
    return access.has_perm_anywhere(user, VIEW)


def employments(user):
    """Employments whose competence records the person reads: those on units in their scope."""
    return access.scope(Employment.objects.select_related("person", "unit"), user, VIEW)


def own_employments(user):
    return Employment.objects.filter(person=user).select_related("unit")


def access_employment(user, pk, *, write: bool = False) -> Employment:
    """The employment whose records the person opens: their own, or one on a unit in their scope; 404 otherwise. With
    ``write`` (recording an appraisal, drawing up a plan), 403 unless they hold competence.change on its unit."""
    employment = access.get_object(
        Employment.objects.select_related("person", "unit"),
        user,
        pk,
        view=VIEW,
        change=CHANGE,
        write=write,
        extra_visible=Q(person_id=user.pk) if user.is_authenticated else None,
    )
    return employment


def can_keep(user, record) -> bool:
    """Whether the person keeps the competence records of ``record``'s unit (an employment, appraisal, plan …)."""
    return access.can(user, CHANGE, record.unit)


def may_update_rows(user, plan: IndividualPlan) -> bool:
    """The rows of an individual plan are updated by the staff member and by those who keep the unit's records."""
    return plan.employment.person_id == user.pk or can_keep(user, plan)


def appraisals(user, employment: Employment | None = None):
    """Appraisals the person reads: their own and those on units in their scope; read-logged."""
    qs = Appraisal.objects.select_related("unit", "held_by", "employment__person")
    if employment is not None:
        qs = qs.filter(employment=employment)
    return reads.mark(qs.filter(access.unit_q(user, VIEW) | Q(employment__person_id=user.pk)), user)


def plans(user, employment: Employment | None = None):
    qs = IndividualPlan.objects.select_related("unit", "employment__person", "appraisal")
    if employment is not None:
        qs = qs.filter(employment=employment)
    return reads.mark(qs.filter(access.unit_q(user, VIEW) | Q(employment__person_id=user.pk)), user)


def access_plan(user, pk) -> IndividualPlan:
    try:
        return plans(user).get(pk=pk)
    except (IndividualPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_row(user, pk, *, write: bool = True) -> PlanRow:
    """A row of an individual plan: the employee and those who keep the unit's records may update it."""
    try:
        row = PlanRow.objects.select_related("plan__unit", "plan__employment").get(pk=pk)
    except (PlanRow.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    plan = access_plan(user, row.plan_id)
    row.plan = plan
    if write and not may_update_rows(user, plan):
        raise PermissionDenied
    return row


def unit_plans(user):
    return access.scope(UnitPlan.objects.select_related("unit"), user, VIEW)


def access_unit_plan(user, pk, *, write: bool = False) -> UnitPlan:
    return access.get_object(UnitPlan.objects.select_related("unit"), user, pk, view=VIEW, change=CHANGE, write=write)


def supervisions(user):
    return access.scope(Supervision.objects.select_related("unit"), user, VIEW)


def access_supervision(user, pk, *, write: bool = False) -> Supervision:
    return access.get_object(Supervision.objects.select_related("unit"), user, pk, view=VIEW, change=CHANGE, write=write)


def students(user):
    return access.scope(Student.objects.select_related("unit", "supervisor__person"), user, VIEW)


def access_student(user, pk, *, write: bool = False) -> Student:
    return access.get_object(
        Student.objects.select_related("unit", "supervisor__person"), user, pk, view=VIEW, change=CHANGE, write=write
    )


def supervisors(user, unit=None):
    """Current employments on the units where the person keeps records (on ``unit`` alone when given): who may
    supervise a student."""
    qs = access.scope(Employment.objects.current().select_related("person"), user, CHANGE)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("person__first_name", "person__last_name", "pk")


def visible_units(user):
    return access.visible_units(user, VIEW).order_by("path")


def units_to_keep(user):
    """Units where the person keeps competence records (for choosing a unit in a form)."""
    return access.visible_units(user, CHANGE).order_by("path")
