import datetime

import pytest
from django.utils import timezone

from lots.accounts.models import Role
from lots.deviations import services as deviations
from lots.deviations.models import Deviation
from lots.feedback import services as feedback
from lots.feedback.models import FeedbackCase
from lots.testing.factories import RoleAssignmentFactory, UserFactory

CLOSED_ON = datetime.date(2020, 3, 2)


def aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


@pytest.fixture
def coordinator(world):
    """The quality coordinator of the whole municipality (its top unit), who handles its retention."""
    user = UserFactory(username="ks-kommun", first_name="Kim", last_name="Samordnare")
    RoleAssignmentFactory(user=user, role=Role.KVALITETSSAMORDNARE, unit=world.namnd, include_subunits=True)
    return user


@pytest.fixture
def closed_deviation(world):
    """``closed_deviation(unit=…, closed_on=…)``: a deviation reported and closed on that day."""

    def make(unit=None, closed_on=CLOSED_ON):
        deviation = deviations.deviation_report(
            actor=world.persona(Role.MEDARBETARE),
            unit=unit or world.own,
            occurred_at=aware(closed_on) - datetime.timedelta(days=1),
            description="Brukaren fick vänta en timme på sitt besök.",
        )
        Deviation.objects.filter(pk=deviation.pk).update(state=Deviation.State.CLOSED, closed_at=aware(closed_on))
        deviation.refresh_from_db()
        return deviation

    return make


@pytest.fixture
def closed_case(world):
    """``closed_case(unit=…, closed_on=…)``: a complaint submitted and closed on that day."""

    def make(unit=None, closed_on=CLOSED_ON):
        unit = unit or world.own
        case, _token = feedback.feedback_submit(
            municipality=unit.municipality,
            unit=unit,
            kind=FeedbackCase.Kind.COMPLAINT,
            sender_role=FeedbackCase.SenderRole.RELATIVE,
            description="Ingen ringde tillbaka.",
            reply=FeedbackCase.Reply.NONE,
        )
        FeedbackCase.objects.filter(pk=case.pk).update(
            status=FeedbackCase.Status.CLOSED, category=FeedbackCase.Category.TREATMENT, closed_at=aware(closed_on)
        )
        case.refresh_from_db()
        return case

    return make
