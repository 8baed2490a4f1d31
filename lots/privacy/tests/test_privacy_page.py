import pytest
from django.urls import reverse

from lots.privacy.models import RetentionPeriod

pytestmark = pytest.mark.django_db


def test_the_public_privacy_page_states_the_municipalitys_period_for_feedback(world, client):
    RetentionPeriod.objects.create(municipality=world.m1, record_type="feedback", years=3)

    page = client.get(reverse("feedback_public:privacy", kwargs={"slug": "testkommun"})).content.decode()

    assert "sparas i 3 år efter att ärendet avslutats. Därefter gallras de." in page


def test_without_a_setting_the_page_states_the_default_period(world, client):
    page = client.get(reverse("feedback_public:privacy", kwargs={"slug": "testkommun"})).content.decode()

    assert "sparas i 5 år efter att ärendet avslutats" in page
