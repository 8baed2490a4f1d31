"""A follow-up of a provider without a contract in force shows a clear warning, on its page and when it is planned:
no service may be referred to a provider without a contract (issue 20)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.requirements.models import Contract, FollowUp

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
WARNING = "har inget gällande avtal"


def _contract(world, **dates):
    return Contract.objects.create(provider=world.provider, title="Avtal", scope="Stöd", responsible_unit=world.own, **dates)


def test_a_follow_up_of_a_provider_without_a_contract_warns_on_its_page(world, make_follow_up, client_for):
    follow_up = make_follow_up()
    response = client_for(world.persona("kvalitetssamordnare")).get(reverse("requirements:follow_up", args=[follow_up.pk]))
    assert WARNING in response.content.decode()


def test_an_ended_contract_warns_and_one_in_force_does_not(world, make_follow_up, client_for):
    follow_up = make_follow_up()
    contract = _contract(world, starts_on=TODAY - datetime.timedelta(days=30), ends_on=TODAY - datetime.timedelta(days=1))
    assert follow_up.provider_lacks_contract(TODAY)
    Contract.objects.filter(pk=contract.pk).update(ends_on=None)
    assert not follow_up.provider_lacks_contract(TODAY)
    response = client_for(world.persona("kvalitetssamordnare")).get(reverse("requirements:follow_up", args=[follow_up.pk]))
    assert WARNING not in response.content.decode()


def test_a_follow_up_of_an_in_house_unit_never_warns(world, make_follow_up):
    assert not make_follow_up(world.sub).provider_lacks_contract(TODAY)


def test_planning_a_follow_up_of_a_provider_without_a_contract_warns(world, catalogue_version, client_for):
    coordinator = world.persona("kvalitetssamordnare")
    data = {
        "target": f"p{world.provider.pk}",
        "catalogue_version": catalogue_version.pk,
        "title": "Uppföljning",
        "period_start": "2025-01-01",
        "period_end": "2025-06-30",
        "methods": ["documents"],
        "lead": coordinator.pk,
        "responsible_unit": world.own.pk,
    }
    response = client_for(coordinator).post(reverse("requirements:follow_up_create"), data, follow=True)
    assert FollowUp.objects.filter(provider=world.provider).exists()
    assert WARNING in response.content.decode()
