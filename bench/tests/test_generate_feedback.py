"""The feedback generator's bulk rows must be what the services would have left, and the services must work on them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.feedback import services
from lots.feedback.models import FeedbackCase
from lots.testing.shared import built_once

C = FeedbackCase


def _generate():
    from bench.generate import generate

    return generate("T")


_generated = built_once(_generate)


@pytest.fixture
def ds(_generated, db):
    """The "T" data set, generated once for this module's tests."""
    return _generated


def test_cases_keep_the_services_rules(ds):
    cases = list(FeedbackCase.objects.select_related("unit"))
    assert len(cases) == ds.sizes["feedback"]
    now = timezone.now()
    handlers = {}
    for case in cases:
        assert case.reference == f"SYN-{case.received_on.year}-{case.pk:05d}"
        assert case.due_date == case.received_on + datetime.timedelta(days=14)
        if case.unit_id not in handlers:
            handlers[case.unit_id] = services.responsible_managers(case.unit)[0]
        assert case.handler == handlers[case.unit_id]
        if case.is_anonymous:
            assert not any((case.contact_name, case.contact_email, case.contact_phone, case.contact_address))
        assert (case.taken_at is not None) == (case.status != C.Status.NEW)
        assert (case.answered_at is not None) == bool(case.answer)
        if case.is_closed:
            assert case.category and case.closed_by_id
            if case.can_be_answered and case.preferred_reply != C.Reply.NONE:
                assert case.answered_at is not None and case.answered_at <= case.closed_at
        for moment in (case.taken_at, case.answered_at, case.closed_at, case.escalated_at):
            assert moment is None or case.received_at <= moment <= now
        if case.escalated_at is not None:
            assert timezone.localtime(case.escalated_at).date() > case.due_date
            assert case.closed_at is None or case.closed_at > case.escalated_at
        if case.channel == C.Channel.E_SERVICE:
            assert len(case.status_token_hash) == 64
        entries = AuditEntry.objects.filter(content_type__model="feedbackcase", object_id=str(case.pk))
        assert entries.filter(action="create").count() == 1
        assert case.version == entries.exclude(action="create").count() + 1
    assert any(c.is_closed for c in cases)


def test_the_services_and_the_public_form_work_on_generated_data(ds, client):
    municipality = ds.municipalities[0]
    open_case = FeedbackCase.objects.filter(status=C.Status.NEW).first()
    if open_case is not None:
        services.feedback_receive(actor=ds.manager, case=open_case)
        assert open_case.status == C.Status.IN_PROGRESS
    response = client.get(reverse("feedback_public:form", args=[municipality.slug]))
    assert response.status_code == 200
    unit = ds.leaf_units[0]
    case, token = services.feedback_submit(
        municipality=municipality,
        unit=unit,
        kind=C.Kind.OPINION,
        sender_role=C.SenderRole.OTHER,
        description="En ny synpunkt efter den genererade datan.",
        reply=C.Reply.NONE,
        notify_people=False,
    )
    assert case.reference == f"SYN-{timezone.localdate().year}-{case.pk:05d}"
    assert FeedbackCase.objects.filter(status_token_hash=C.hash_token(token)).get() == case
