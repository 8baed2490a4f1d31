import datetime

import pytest

from lots.privacy import services as privacy
from lots.staff.models import Employment, HiringCheck, Introduction, IntroductionItem
from lots.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_employment_ended_longer_ago_than_the_period_is_culled_with_its_records(world, employ, today):
    ended = employ(person=UserFactory(username="slutat"), starts_on=today - datetime.timedelta(days=100))
    Employment.objects.filter(pk=ended.pk).update(ends_on=today - datetime.timedelta(days=30))
    current = employ(person=UserFactory(username="kvar"))

    later = today + datetime.timedelta(days=3 * 365)
    assert privacy.retention_cull(today=later) == 1

    assert list(Employment.objects.all()) == [current]
    assert not Introduction.objects.filter(employment_id=ended.pk).exists()
    assert not HiringCheck.objects.filter(employment_id=ended.pk).exists()
    assert not IntroductionItem.objects.filter(introduction__employment_id=ended.pk).exists()


def test_within_the_period_nothing_is_culled(world, employ, today):
    ended = employ(starts_on=today - datetime.timedelta(days=100))
    Employment.objects.filter(pk=ended.pk).update(ends_on=today - datetime.timedelta(days=30))

    assert privacy.retention_cull(today=today + datetime.timedelta(days=365)) == 0
    assert Employment.objects.exists()


def test_a_legal_hold_keeps_an_employment_past_its_period(world, employ, today):
    ended = employ(starts_on=today - datetime.timedelta(days=100))
    Employment.objects.filter(pk=ended.pk).update(ends_on=today - datetime.timedelta(days=30))
    coordinator = world.persona("kvalitetssamordnare")

    privacy.legal_hold_place(
        actor=coordinator, municipality=world.m1, record_type="staff_employment", record_id=ended.pk, reason="inspection"
    )

    assert privacy.retention_cull(today=today + datetime.timedelta(days=3 * 365)) == 0
    assert Employment.objects.filter(pk=ended.pk).exists()


def test_a_hold_on_an_employment_of_another_municipality_is_refused(world, employ, today):
    from django.core.exceptions import ValidationError

    ended = employ()
    with pytest.raises(ValidationError):
        privacy.legal_hold_place(
            actor=None, municipality=world.m2, record_type="staff_employment", record_id=ended.pk, reason="inspection"
        )
