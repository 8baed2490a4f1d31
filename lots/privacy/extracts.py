"""Register extracts (GDPR art. 15): what Lots holds about a staff member, or mentions under a case reference.

Reads only, within one municipality; the view logs each extract it hands out (lots.privacy.views.extract).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from lots.accounts.models import RoleAssignment, User
from lots.audit.models import AuditEntry
from lots.deviations.models import Deviation
from lots.feedback.models import FeedbackCase
from lots.organisation.models import Municipality


def people_of(municipality: Municipality):
    """Staff with a role in the municipality, the ones an extract can be made for."""
    return User.objects.filter(
        Q(assignments__unit__municipality=municipality) | Q(assignments__provider__municipality=municipality)
    ).distinct().order_by("last_name", "first_name", "username")


def person_extract(*, municipality: Municipality, person: User) -> dict:
    user_type = ContentType.objects.get_for_model(User)
    return {
        "person": person,
        "assignments": RoleAssignment.objects.filter(user=person).select_related("unit", "provider"),
        "deviations": Deviation._base_manager.filter(
            Q(reported_by=person) | Q(responsible=person), municipality=municipality
        ).select_related("unit").order_by("reported_at"),
        "feedback": FeedbackCase._base_manager.filter(
            Q(registered_by=person) | Q(handler=person), municipality=municipality
        ).select_related("unit").order_by("received_at"),
        "about": AuditEntry.objects.filter(content_type=user_type, object_id=str(person.pk)).order_by("at"),
        "actions": AuditEntry.objects.filter(actor=person).count(),
    }


def reference_extract(*, municipality: Municipality, reference: str) -> dict:
    return {
        "reference": reference,
        "deviations": Deviation._base_manager.filter(
            Q(case_reference__iexact=reference) | Q(description__icontains=reference), municipality=municipality
        )
        .select_related("unit")
        .order_by("reported_at"),
        "feedback": FeedbackCase._base_manager.filter(municipality=municipality, description__icontains=reference)
        .select_related("unit")
        .order_by("received_at"),
    }
