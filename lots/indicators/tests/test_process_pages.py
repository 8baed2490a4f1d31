"""The process pages: the process's indicators with targets, and the register's marker for processes that lack them."""

from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.indicators import selectors, services
from lots.processes.tests.helpers import make_process


def test_the_register_marks_a_process_with_fewer_than_two_indicators_with_targets(world, client_for, make_indicator):
    process = make_process(world, world.own, name="Utredning barn")
    year = timezone.localdate().year
    page = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("processes:index")).content.decode()
    assert "Färre än två nyckeltal med målvärde" in page
    for name in ("Utredningstid", "Andel klara i tid"):
        indicator = make_indicator(name=name, process=process)
        services.target_set(actor=world.persona(Role.KVALITETSSAMORDNARE), indicator=indicator, year=year, value=10)
    lack = selectors.lacking_processes(world.m1, year)[process.pk]
    assert not lack.too_few and not lack.measures_goals
    page = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("processes:index")).content.decode()
    assert "Färre än två nyckeltal med målvärde" not in page and "Inget nyckeltal mäter ett resultatmål" in page


def test_the_process_page_lists_its_indicators_against_their_targets(world, client_for, make_indicator):
    process = make_process(world, world.own)
    indicator = make_indicator(name="Andel förhandsbedömningar i tid", process=process)
    services.target_set(
        actor=world.persona(Role.KVALITETSSAMORDNARE), indicator=indicator, year=timezone.localdate().year, value=90
    )
    services.value_record(
        actor=world.persona(Role.ENHETSCHEF), indicator=indicator, period_start=timezone.localdate().replace(day=1), total=70
    )
    page = client_for(world.persona(Role.MEDARBETARE)).get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert "Andel förhandsbedömningar i tid" in page and "Når inte målvärdet" in page
    assert "Färre än två nyckeltal med målvärde" in page
