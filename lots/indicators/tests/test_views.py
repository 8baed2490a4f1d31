"""The indicator pages: who reads and writes them, the value entry with the split rule, the value against its target."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.indicators import services
from lots.indicators.models import Indicator, Value


@pytest.fixture
def indicator(world, make_indicator):
    made = make_indicator(split=Indicator.Split.WOMEN_MEN)
    services.target_set(actor=world.persona(Role.KVALITETSSAMORDNARE), indicator=made, year=timezone.localdate().year, value=80)
    return made


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def test_a_unit_manager_enters_a_split_value_and_sees_it_against_the_target(world, indicator, client_for):
    client = client_for(world.persona(Role.ENHETSCHEF))
    response = client.post(
        reverse("indicators:record", args=[indicator.pk]),
        {"period_start": this_month().isoformat(), "total": "75", "female": "78", "male": "71", "version": "0"},
        follow=True,
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sparat värde för" in content and "Når inte målvärdet" in content
    assert Value.objects.get(indicator=indicator).female == Decimal(78)


def test_a_value_without_the_split_or_a_reason_is_refused_next_to_the_field_keeping_what_was_typed(world, indicator, client_for):
    client = client_for(world.persona(Role.ENHETSCHEF))
    response = client.post(
        reverse("indicators:record", args=[indicator.pk]),
        {"period_start": this_month().isoformat(), "total": "75", "female": "78", "version": "0"},
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert "Fyll i båda, eller skriv varför uppdelningen saknas." in content
    assert 'value="78"' in content
    assert not Value.objects.exists()


def test_the_board_reads_the_indicator_and_its_chart_but_may_not_enter_values(world, indicator, client_for):
    client = client_for(world.persona(Role.NAMNDLEDAMOT))
    page = client.get(reverse("indicators:detail", args=[indicator.pk]))
    assert page.status_code == 200
    assert "<svg" in page.content.decode() and "Mata in värde" not in page.content.decode()
    assert client.get(reverse("indicators:record", args=[indicator.pk])).status_code == 403


def test_staff_of_a_unit_below_read_the_indicator_and_another_municipality_does_not_see_it(world, indicator, client_for):
    assert client_for(world.persona(Role.MEDARBETARE)).get(reverse("indicators:detail", args=[indicator.pk])).status_code == 200
    foreign = world.persona(Role.KVALITETSSAMORDNARE).__class__.objects.create(username="utlanning")
    from lots.testing.factories import RoleAssignmentFactory

    RoleAssignmentFactory(user=foreign, role=Role.KVALITETSSAMORDNARE, unit=world.foreign)
    assert client_for(foreign).get(reverse("indicators:detail", args=[indicator.pk])).status_code == 404


def test_the_list_shows_the_split_gap(world, indicator, client_for):
    services.value_record(
        actor=world.persona(Role.ENHETSCHEF),
        indicator=indicator,
        period_start=this_month(),
        total=81,
        split_missing_reason="Verksamhetssystemet saknar kön.",
    )
    content = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("indicators:index")).content.decode()
    assert "Uppdelning saknas för någon period" in content
    detail = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("indicators:detail", args=[indicator.pk]))
    assert "Verksamhetssystemet saknar kön." in detail.content.decode()


def test_a_quality_coordinator_creates_a_computed_indicator(world, client_for):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    response = client.post(
        reverse("indicators:create"),
        {
            "name": "Klagomål i tid",
            "unit": world.own.pk,
            "unit_of_measure": "%",
            "direction": "up",
            "frequency": "month",
            "split": "none",
            "source": "computed",
            "computed_key": "complaints_in_time",
            "owner": world.persona(Role.ENHETSCHEF).pk,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Indicator.objects.get(name="Klagomål i tid")
    assert created.computed_key == "complaints_in_time"
    assert client.get(reverse("indicators:detail", args=[created.pk])).status_code == 200
