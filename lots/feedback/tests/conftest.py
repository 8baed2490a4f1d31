import datetime

import pytest
from django.utils import timezone

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.feedback import services
from lots.feedback.models import FeedbackCase
from lots.testing.factories import RoleAssignmentFactory, UserFactory

C = FeedbackCase


@pytest.fixture
def sub_manager(world):
    """An enhetschef on the sub-unit, so cases there have two manager levels: sub, then own."""
    user = UserFactory(username="ec-sub", first_name="Sara", last_name="Underchef")
    RoleAssignmentFactory(user=user, role=Role.ENHETSCHEF, unit=world.sub, include_subunits=True)
    return user


def aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@pytest.fixture
def make_case(world):
    """``make_case(unit=…, **fields)``: a case registered by staff (or submitted, with ``public=True``)."""

    def make(unit=None, *, public=False, **fields):
        unit = unit or world.own
        if public:
            values = {
                "kind": C.Kind.COMPLAINT,
                "sender_role": C.SenderRole.RELATIVE,
                "description": "Ingen ringde tillbaka.",
                "reply": C.Reply.NONE,
            }
            values.update(fields)
            case, token = services.feedback_submit(municipality=unit.municipality, unit=unit, **values)
            case.token = token
            return case
        values = {
            "kind": C.Kind.COMPLAINT,
            "sender_role": C.SenderRole.RELATIVE,
            "channel": C.Channel.PHONE,
            "description": "Bemötandet vid besöket var otrevligt.",
            "reply": C.Reply.NONE,
        }
        values.update(fields)
        actor = values.pop("actor", world.persona("medarbetare"))
        return services.feedback_register(actor=actor, unit=unit, **values)

    return make


@pytest.fixture
def api(client):
    """``api(user, method, path, **kwargs)``: a JSON call to /api/v1 with a fresh API key of ``user``."""

    def call(user, method, path, **kwargs):
        _token, key = api_token_create(actor=user, name="test")
        kwargs.setdefault("content_type", "application/json")
        return getattr(client, method)(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {key}", **kwargs)

    return call
