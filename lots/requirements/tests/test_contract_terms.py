"""A contract states its cost, the quality levels it promises and who follows it up (Östhammar), and a provider's page
lists its contracts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lots.accounts.models import Role
from lots.requirements import services
from lots.requirements.models import Contract


def terms(world, **overrides):
    data = {
        "actor": None,
        "provider": world.provider,
        "title": "Boendestöd",
        "scope": "Boendestöd för vuxna",
        "starts_on": datetime.date(2025, 1, 1),
        "responsible_unit": world.own,
        "annual_cost": 900000,
        "quality_levels": "Bemanning dygnet runt.",
        "follow_up_by": world.persona(Role.KVALITETSSAMORDNARE),
    }
    return data | overrides


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"annual_cost": None, "cost_terms": ""}, "cost_terms"),
        ({"quality_levels": "  "}, "quality_levels"),
        ({"follow_up_by": None}, "follow_up_by"),
    ],
)
def test_a_contract_without_cost_quality_or_follow_up_person_is_refused(world, overrides, field):
    with pytest.raises(ValidationError) as refused:
        services.contract_create(**terms(world, **overrides))
    assert field in refused.value.message_dict
    assert not Contract.objects.exists()


def test_the_cost_may_be_given_as_terms_instead_of_a_yearly_sum(world):
    contract = services.contract_create(**terms(world, annual_cost=None, cost_terms="Pris per timme enligt bilaga."))
    assert contract.pk


def test_an_edit_cannot_remove_the_follow_up_person(world):
    contract = services.contract_create(**terms(world))
    with pytest.raises(ValidationError):
        services.contract_update(actor=None, contract=contract, expected_version=contract.version, follow_up_by=None)


def test_the_form_says_what_is_missing_next_to_each_field_and_keeps_what_was_typed(world, client):
    client.force_login(world.persona(Role.KVALITETSSAMORDNARE))
    response = client.post(
        reverse("requirements:contract_create"),
        {
            "provider": world.provider.pk,
            "title": "Boendestöd",
            "scope": "Boendestöd för vuxna",
            "starts_on": "2025-01-01",
            "responsible_unit": world.own.pk,
            "check_interval_months": 12,
        },
    )
    assert response.status_code in (200, 422)
    form = response.context["form"]
    assert form.errors["cost_terms"] == ["Ange vad avtalet kostar: kostnad per år eller ersättningen."]
    assert form.errors["quality_levels"] == ["Ange de kvalitetsnivåer som avtalet utlovar."]
    assert form.errors["follow_up_by"] == ["Välj vem som följer upp avtalet."]
    assert "Boendestöd för vuxna" in response.content.decode()
    assert not Contract.objects.exists()


def test_the_follow_up_picker_offers_managers_and_the_quality_coordinator_only(world, client):
    client.force_login(world.persona(Role.KVALITETSSAMORDNARE))
    form = client.get(reverse("requirements:contract_create")).context["form"]
    offered = set(form.fields["follow_up_by"].queryset)
    assert world.persona(Role.KVALITETSSAMORDNARE) in offered
    assert world.persona(Role.ENHETSCHEF) in offered
    assert world.persona(Role.MEDARBETARE) not in offered
    assert world.persona(Role.NAMNDLEDAMOT) not in offered


def test_a_providers_page_lists_its_contracts(world, client):
    contract = services.contract_create(**terms(world, title="Boendestöd i Exempelby"))
    client.force_login(world.persona(Role.KVALITETSSAMORDNARE))
    page = client.get(reverse("organisation:provider", args=[world.provider.pk])).content.decode()
    assert "Boendestöd i Exempelby" in page
    assert reverse("requirements:contract", args=[contract.pk]) in page
