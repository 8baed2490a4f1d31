"""Culling: ended participants after the municipality's period; reports once confirmed and old; the counts stay."""

import datetime

import pytest

from lots.interventions import services
from lots.interventions.models import NeedsReport, Participant, YearCount
from lots.privacy import services as privacy

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_an_ended_participant_is_culled_after_a_year_and_the_count_stays(register, staff):
    old = register("G-1", on=TODAY - datetime.timedelta(days=800))
    services.participant_end(
        actor=staff, participant=old, expected_version=old.version, ended_on=old.started_on, end_reason="completed"
    )
    active = register("G-2", on=TODAY - datetime.timedelta(days=800))
    privacy.retention_cull(today=TODAY)
    assert list(Participant.objects.all()) == [active]
    assert YearCount.objects.get(year=old.started_on.year).participants == 2


def test_an_old_report_is_culled_once_confirmed(register, staff, world):
    participant = register(on=TODAY - datetime.timedelta(days=1000))
    report = services.needs_report_send(
        actor=staff,
        participant=participant,
        expected_version=participant.version,
        to_unit=world.other,
        kind="notification",
        grounds="Behöver mer stöd.",
        sent_on=TODAY - datetime.timedelta(days=900),
    )
    privacy.retention_cull(today=TODAY)
    assert NeedsReport.objects.filter(pk=report.pk).exists()  # not yet confirmed: still tracked
    services.needs_report_confirm(actor=staff, report=report, expected_version=report.version)
    privacy.retention_cull(today=TODAY)
    assert not NeedsReport.objects.exists()
