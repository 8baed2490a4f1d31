"""No referral to an external service without a contract: an external intervention is offered only under a contract
in force with its provider, and the offer list computes that each day."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lots.audit.models import AuditEntry
from lots.interventions import services
from lots.interventions.lists import INTERVENTIONS, OFFERS
from lots.interventions.models import Intervention
from lots.requirements.models import Contract

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_an_in_house_intervention_is_offered_without_a_contract(intervention):
    assert intervention.status == Intervention.Status.OFFERED
    assert Intervention.objects.offerable(TODAY).get() == intervention


def test_an_external_intervention_without_a_contract_cannot_be_offered(world, make_intervention, manager):
    planned = make_intervention(provider=world.provider, offered=False)
    with pytest.raises(ValidationError) as error:
        services.intervention_offer(actor=manager, intervention=planned, expected_version=planned.version)
    assert "Egen utförare AB saknar avtal" in error.value.message_dict["contract"][0]
    planned.refresh_from_db()
    assert planned.status == Intervention.Status.PLANNED


def test_an_external_intervention_with_a_contract_in_force_is_offered(world, make_intervention, contract):
    offered = make_intervention(provider=world.provider, contract=contract)
    assert offered.status == Intervention.Status.OFFERED
    assert list(Intervention.objects.offerable(TODAY)) == [offered]
    assert AuditEntry.objects.filter(object_id=str(offered.pk), changes__status=["planned", "offered"]).exists()


def test_an_ended_contract_is_refused_with_its_end_date(world, make_intervention, contract, manager):
    Contract.objects.filter(pk=contract.pk).update(ends_on=TODAY - datetime.timedelta(days=1))
    contract.refresh_from_db()
    planned = make_intervention(provider=world.provider, contract=contract, offered=False)
    with pytest.raises(ValidationError) as error:
        services.intervention_offer(actor=manager, intervention=planned, expected_version=planned.version)
    assert "gällde till och med" in error.value.message_dict["contract"][0]


def test_a_contract_not_yet_started_is_refused(world, make_intervention, contract, manager):
    Contract.objects.filter(pk=contract.pk).update(starts_on=TODAY + datetime.timedelta(days=3))
    contract.refresh_from_db()
    planned = make_intervention(provider=world.provider, contract=contract, offered=False)
    with pytest.raises(ValidationError, match="gäller först"):
        services.intervention_offer(actor=manager, intervention=planned, expected_version=planned.version)


def test_a_contract_with_another_provider_is_refused(world, make_intervention, contract):
    from lots.testing.factories import ProviderFactory

    other = ProviderFactory(municipality=world.m1)
    with pytest.raises(ValidationError) as error:
        make_intervention(provider=other, contract=contract, offered=False)
    assert "annan utförare" in error.value.message_dict["contract"][0]


def test_an_offered_intervention_keeps_its_contract(world, make_intervention, contract, manager):
    offered = make_intervention(provider=world.provider, contract=contract)
    with pytest.raises(ValidationError) as error:
        services.intervention_update(actor=manager, intervention=offered, expected_version=offered.version, contract=None)
    assert "saknar avtal" in error.value.message_dict["contract"][0]


def test_an_intervention_drops_out_of_the_offer_list_when_its_contract_ends(world, make_intervention, contract, staff):
    offered = make_intervention(provider=world.provider, contract=contract)
    in_house = make_intervention(name="Öppen förskola")
    assert list(OFFERS.bind(staff, {}).rows()) == [offered, in_house]
    # Nothing is written when the contract ends: the list is computed on the day it is read.
    Contract.objects.filter(pk=contract.pk).update(ends_on=TODAY - datetime.timedelta(days=1))
    assert list(OFFERS.bind(staff, {}).rows()) == [in_house]
    assert list(INTERVENTIONS.bind(staff, {"avtal": "saknas"}).rows()) == [offered]
    offered.refresh_from_db()
    assert offered.status == Intervention.Status.OFFERED
    assert not offered.is_offerable(TODAY)


def test_a_planned_or_ended_intervention_is_not_offered(make_intervention, manager, staff):
    planned = make_intervention(offered=False)
    ended = make_intervention(name="Avslutad grupp")
    services.intervention_end(actor=manager, intervention=ended, expected_version=ended.version)
    assert planned not in OFFERS.bind(staff, {}).rows()
    assert list(OFFERS.bind(staff, {}).rows()) == []
