"""Views that exist only in the benchmark: the framework ceiling, the logged-in floor and the audited INSERT."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


def minimal(request):
    """The framework ceiling: the same middleware stack and server, no database work."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def minimal_logged_in(request):
    """The floor of every logged-in page: session and user read, session saved again (SESSION_SAVE_EVERY_REQUEST)."""
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
@require_POST
def audited_insert(request):
    """The ceiling of a public submission: one record INSERTed and its audit entry appended to the unit's chain, in one
    transaction, as every write in Lots is; no form, template, session, rate limit or mail queue."""
    from lots.audit import services as audit
    from lots.feedback.models import FeedbackCase
    from lots.organisation.models import Unit

    unit = Unit.objects.select_related("municipality").get(pk=request.POST["unit"])
    with transaction.atomic():
        case = FeedbackCase.objects.create(
            municipality=unit.municipality,
            unit=unit,
            kind=FeedbackCase.Kind.OPINION,
            sender_role=FeedbackCase.SenderRole.OTHER,
            channel=FeedbackCase.Channel.E_SERVICE,
            description=request.POST["description"],
            is_anonymous=True,
            received_at=timezone.now(),
            due_date=timezone.localdate(),
        )
        audit.record_created(actor=None, obj=case, fields=["kind", "unit"])
    return HttpResponse("ok", content_type="text/plain", status=201)
