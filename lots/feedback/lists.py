"""The list of feedback cases, defined once for its page, the API and the export (lots.core.lists)."""

from django.db.models import Q
from django.utils import timezone

from lots import access
from lots.core.lists import ListDefinition
from lots.feedback import access as feedback_access
from lots.feedback.forms import DELEGATION, CaseFilterForm
from lots.feedback.models import FeedbackCase


def _scope(user):
    return feedback_access.visible(user)


def _narrow(cases, data: dict, user):
    if data["q"]:
        term = data["q"].strip()
        cases = cases.filter(Q(reference__iexact=term) | Q(description__icontains=term) | Q(external_reference__icontains=term))
    if data["status"] == "oppna":
        cases = cases.open()
    elif data["status"] == DELEGATION:
        cases = cases.filter(delegation__isnull=False, delegation__decided_at__isnull=True)
    elif data["status"]:
        cases = cases.filter(status=data["status"])
    for name in ("kind", "channel", "sender_role"):
        if data[name]:
            cases = cases.filter(**{name: data[name]})
    if data["category"]:
        cases = cases.filter(category="" if data["category"] == "-" else data["category"])
    if data["origin"] == "myndighet":
        cases = cases.authority_reports()
    elif data["origin"] == "enskild":
        cases = cases.filter(authority="")
    if data["unit"]:
        cases = cases.filter(unit__path__startswith=data["unit"].path)
    cases = cases.received_between(data["date_from"], data["date_to"])
    if data["overdue"]:
        today = timezone.localdate()
        # Overdue is the case's own deadline, or the complaint delegation's while it has not decided.
        cases = cases.filter(
            (~Q(status=FeedbackCase.Status.CLOSED) & Q(due_date__lt=today))
            | Q(delegation__decided_at__isnull=True, delegation__due_date__lt=today)
        )
    return cases


FEEDBACK_CASES = ListDefinition(
    name="FeedbackCases",
    form=CaseFilterForm,
    scope=_scope,
    narrow=_narrow,
    form_kwargs=lambda user: {"units": access.visible_units(user, "feedback.view").order_by("path")},
    ordering=("-received_at", "-pk"),
    load=lambda cases, user: cases.select_related("unit", "handler", "delegation"),
)
