import pytest
from django.core.management import call_command

from lots.deviations.models import Deviation

pytestmark = pytest.mark.django_db


def test_the_daily_run_culls_what_has_passed_its_period(closed_deviation):
    deviation = closed_deviation()

    call_command("send_reminders", date="2025-03-02")
    assert Deviation.objects.filter(pk=deviation.pk).exists()

    call_command("send_reminders", date="2025-03-03")
    assert not Deviation.objects.filter(pk=deviation.pk).exists()
