"""The annual report's section and the overview widget: each figure equals the list it stands for."""

import datetime

import pytest
from django.utils import timezone

from lots.accounts.models import Role
from lots.interventions import services
from lots.interventions.lists import COUNTS, INTERVENTIONS, OFFERS, REPORTS
from lots.interventions.overview_widget import widget
from lots.interventions.report_section import SECTIONS, figures_for
from lots.reports.providers.base import Scope
from lots.requirements.models import Contract

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def filled(world, make_intervention, contract, register, staff):
    make_intervention(provider=world.provider, contract=contract, name="Extern med avtal")
    make_intervention(provider=world.provider, offered=False, name="Extern utan avtal")
    make_intervention(unit=world.sub, name="Underenhetens grupp")
    withdrawn = register("G-1")
    register("G-2")
    confirmed = register("G-3")
    register("G-4")
    services.consent_withdraw(actor=staff, participant=withdrawn)
    for participant, confirm in ((confirmed, True), (Participant_get("G-4"), False)):
        report = services.needs_report_send(
            actor=staff,
            participant=participant,
            expected_version=participant.version,
            to_unit=world.other,
            kind="notification",
            grounds="Behöver mer stöd.",
        )
        if confirm:
            services.needs_report_confirm(actor=staff, report=report, expected_version=report.version)
    return world


def Participant_get(reference):
    from lots.interventions.models import Participant

    return Participant.objects.get(reference=reference)


def _sum(definition, user, params, field):
    return sum(getattr(row, field) for row in definition.bind(user, params).rows())


def test_each_figure_equals_its_list(filled, world):
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    figures = figures_for(Scope(unit=world.own, year=TODAY.year, today=TODAY))
    unit = {"enhet": str(world.own.pk)}
    year = {"ar": str(TODAY.year)}
    offers = [i for i in OFFERS.bind(coordinator, {}).rows() if i.unit.is_within(world.own)]
    assert figures["offered"] == len(offers) == 3
    assert figures["without_contract"] == INTERVENTIONS.bind(coordinator, unit | {"avtal": "saknas"}).rows().count() == 1
    assert figures["participants"] == _sum(COUNTS, coordinator, unit | year, "participants") == 4
    assert figures["withdrawn"] == _sum(COUNTS, coordinator, unit | year, "withdrawn") == 1
    manager = world.persona(Role.ENHETSCHEF)  # the reports are read by those who handle participants
    assert figures["reports_sent"] == REPORTS.bind(manager, unit | year).rows().count() == 2
    assert figures["reports_confirmed"] == REPORTS.bind(manager, unit | year | {"visa": "bekraftade"}).rows().count() == 1


def test_the_section_renders_its_facts_and_table(filled, world):
    [section] = SECTIONS
    result = section.compute(Scope(unit=world.own, year=TODAY.year, today=TODAY))
    assert result["figures"]["without_contract"] == 1
    table = result["blocks"][1]
    assert ["Extern utan avtal", "Egna avdelningen", "Egen utförare AB", "Saknas"] in table["rows"]


def test_a_contract_ending_moves_an_intervention_to_without_contract(filled, world, contract):
    Contract.objects.filter(pk=contract.pk).update(ends_on=TODAY - datetime.timedelta(days=1))
    figures = figures_for(Scope(unit=world.own, year=TODAY.year, today=TODAY))
    assert (figures["offered"], figures["without_contract"]) == (2, 2)


def test_the_widget_shows_the_gaps_with_links_to_their_lists(filled, world):
    shown = widget(world.persona(Role.ENHETSCHEF), world.own, TODAY)
    figures = {f.key: f for f in shown.figures}
    assert figures["without_contract"].value == 1
    assert "avtal=saknas" in figures["without_contract"].url
    assert figures["awaiting"].value == 1


def test_the_widget_leaves_out_reports_for_readers_of_the_register(filled, world):
    shown = widget(world.persona(Role.NAMNDLEDAMOT), world.own, TODAY)
    assert [f.key for f in shown.figures] == ["without_contract"]


def test_no_widget_for_someone_outside_the_register_or_an_empty_unit(filled, world):
    assert widget(world.persona(Role.EXTERN_UTFORARE), world.own, TODAY) is None
    assert widget(world.persona(Role.KVALITETSSAMORDNARE), world.other, TODAY) is None
