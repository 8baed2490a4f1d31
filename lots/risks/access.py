"""Who may see and change the risk module's records; everything goes through lots.access.

Analyses, self-inspection plans, internal-control plans and follow-up plans are governing documents: they are
read "up and down" (lots.access.visibility), by the people in and below their unit and by those above it, and
so are their parts (risks, control points, rounds, activities, follow-up items). Changing them still needs the
change permission on the document's own unit.

Besides the unit-scoped permissions, the person named responsible for a self-inspection control point,
an internal control activity or a follow-up item may see it and record its result, even without the
module's change permission: the work is often delegated to someone outside the management line. They (and
the approver of a risk) also read the document the part belongs to, never change it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from lots import access
from lots.organisation.models import Unit
from lots.risks.models import (
    ControlActivity,
    ControlPoint,
    ControlRound,
    FollowUpItem,
    FollowUpPlan,
    InspectionPlan,
    InternalControlPlan,
    Risk,
    RiskAnalysis,
)


def _user_q(user, field: str) -> Q:
    return Q(**{field: user}) if getattr(user, "is_authenticated", False) else Q(pk__in=[])


def _named_in(part_model, person_field: str, user, document_field: str = "plan_id") -> Q:
    """Documents with a part naming the person (responsible, approver): they read the document they work under, so
    the way back from their part never answers 404. One subquery, so several such parts give one row."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(pk__in=part_model.objects.filter(**{person_field: user}).values(document_field))


def scope(queryset: QuerySet, user, perm: str, field: str = "unit") -> QuerySet:
    """The documents (or their parts, with ``field`` leading to the document's unit) the person reads for ``perm``."""
    return access.governing_scope(queryset, user, perm, field)


def can_read(user, perm: str, unit: Unit) -> bool:
    return access.can_read_governing(user, perm, unit)


def consequence_units(user):
    """Open förvaltningar and avdelningar whose consequence statement the person reads, in tree order."""
    kinds = [Unit.Kind.FORVALTNING, Unit.Kind.AVDELNING]
    return access.governing_units(user, "risk.view").filter(kind__in=kinds, closed_at__isnull=True).order_by("path")


def can_read_consequence(user) -> bool:
    """Whether any consequence statement is open to the person: the links to the page are shown only then.

    Holding risk.view on an open förvaltning or avdelning settles it from the cached assignments; otherwise one query.
    """
    kinds = {Unit.Kind.FORVALTNING, Unit.Kind.AVDELNING}
    roles = access.roles_with("risk.view")
    held = access.assignments_of(user)
    if any(a.role in roles and a.unit_id and a.unit.is_open and a.unit.kind in kinds for a in held):
        return True
    return consequence_units(user).exists()


def _get(queryset: QuerySet, user, pk, *, view: str, field: str = "unit", extra_visible: Q | None = None, **kwargs):
    """access.get_object, widened to the units above the person's: the governing documents' reading rule."""
    above = access.above_q(user, view, field)
    widened = above if extra_visible is None else above | extra_visible
    return access.get_object(queryset, user, pk, view=view, field=field, extra_visible=widened, **kwargs)


def _get_part(queryset: QuerySet, user, pk, *, area: str, field: str, person: str, write: bool = False):
    """A part of a governing document (``area``: risk, inspection, internalcontrol, followupplan) read through its
    document's unit at ``field``; the person it is assigned to (at ``person``) reads it too."""
    return _get(
        queryset,
        user,
        pk,
        view=f"{area}.view",
        change=f"{area}.change",
        write=write,
        field=field,
        extra_visible=_user_q(user, person),
    )


def get_analysis(user, pk, *, write: bool = False) -> RiskAnalysis:
    qs = RiskAnalysis.objects.select_related("unit__municipality", "process", "created_by", "completed_by")
    named = _named_in(Risk, "approver", user, "analysis_id")
    return _get(qs, user, pk, view="risk.view", change="risk.change", write=write, extra_visible=named)


def get_risk(user, pk, *, write: bool = False) -> Risk:
    qs = Risk.objects.select_related("analysis__unit__municipality", "process", "approver", "created_by")
    return _get_part(qs, user, pk, area="risk", field="analysis__unit", person="approver", write=write)


def get_inspection_plan(user, pk, *, write: bool = False) -> InspectionPlan:
    qs = InspectionPlan.objects.select_related("unit__municipality", "created_by")
    named = _named_in(ControlPoint, "responsible", user)
    return _get(qs, user, pk, view="inspection.view", change="inspection.change", write=write, extra_visible=named)


def get_control_point(user, pk, *, write: bool = False) -> ControlPoint:
    qs = ControlPoint.objects.select_related("plan__unit__municipality", "responsible")
    return _get_part(qs, user, pk, area="inspection", field="plan__unit", person="responsible", write=write)


def get_round(user, pk, *, carry_out: bool = False) -> ControlRound:
    """A round the person may see; with ``carry_out``, PermissionDenied unless they may record its results."""
    qs = ControlRound.objects.select_related(
        "control_point__plan__unit__municipality", "control_point__responsible", "performed_by"
    )
    round_ = _get(
        qs,
        user,
        pk,
        view="inspection.view",
        field="control_point__plan__unit",
        extra_visible=_user_q(user, "control_point__responsible"),
    )
    if carry_out and not can_carry_out(user, round_):
        raise PermissionDenied
    return round_


def can_carry_out(user, round_: ControlRound) -> bool:
    point = round_.control_point
    return point.responsible_id == user.pk or access.can(user, "inspection.change", point.plan.unit)


def get_internal_control_plan(user, pk, *, write: bool = False) -> InternalControlPlan:
    qs = InternalControlPlan.objects.select_related("unit__municipality", "created_by")
    named = _named_in(ControlActivity, "responsible", user)
    return _get(qs, user, pk, view="internalcontrol.view", change="internalcontrol.change", write=write, extra_visible=named)


def get_control_activity(user, pk, *, write: bool = False, report: bool = False) -> ControlActivity:
    """With ``report``, PermissionDenied unless the person may record the result (changer or the one responsible)."""
    qs = ControlActivity.objects.select_related("plan__unit__municipality", "responsible", "risk__analysis")
    activity = _get_part(qs, user, pk, area="internalcontrol", field="plan__unit", person="responsible", write=write)
    if report and not can_report(user, activity):
        raise PermissionDenied
    return activity


def can_report(user, activity: ControlActivity) -> bool:
    return activity.responsible_id == user.pk or access.can(user, "internalcontrol.change", activity.plan.unit)


def get_followup_plan(user, pk, *, write: bool = False) -> FollowUpPlan:
    qs = FollowUpPlan.objects.select_related("unit__municipality", "owner")
    named = _named_in(FollowUpItem, "who", user)
    return _get(qs, user, pk, view="followupplan.view", change="followupplan.change", write=write, extra_visible=named)


def get_followup_item(user, pk, *, write: bool = False, progress: bool = False) -> FollowUpItem:
    qs = FollowUpItem.objects.select_related("plan__unit__municipality", "who")
    item = _get_part(qs, user, pk, area="followupplan", field="plan__unit", person="who", write=write)
    if progress and not can_progress(user, item):
        raise PermissionDenied
    return item


def can_progress(user, item: FollowUpItem) -> bool:
    return item.who_id == user.pk or access.can(user, "followupplan.change", item.plan.unit)
