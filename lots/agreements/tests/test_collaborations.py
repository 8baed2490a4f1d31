"""Processes' and routines' collaboration entries link to the written agreement they rest on; the process register's
figure of entries without one equals the list it links to."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lots.accounts.models import Role
from lots.agreements import services as agreement_services
from lots.agreements.collaborations import linkable, visible_entries
from lots.agreements.tests.helpers import make_agreement
from lots.processes import services
from lots.processes.models import Process
from lots.processes.tests.helpers import make_process, make_routine


def _entries(world, agreement=None):
    actor = world.persona(Role.KVALITETSSAMORDNARE)
    process = make_process(world, world.own, name="Mottagning")
    linked = services.collaboration_create(
        actor=actor, process=process, partner="Skolan", kind="external", linked_agreement=agreement
    )
    services.collaboration_create(actor=actor, process=process, partner="Polisen", kind="external")
    routine = make_routine(world, world.sub, title="Orosanmälan")
    services.routine_collaboration_create(actor=actor, routine=routine, partner="Regionen", kind="external")
    other = make_process(world, world.other, name="Annan avdelnings process")
    services.collaboration_create(actor=actor, process=other, partner="Polisen", kind="external")
    return process, routine, linked


def test_the_register_figure_equals_its_list(world, client_for):
    agreement = make_agreement(world, [world.own])
    _entries(world, agreement)
    client = client_for(world.persona(Role.ENHETSCHEF))
    register = client.get(reverse("processes:index"))
    figure = register.context["collaboration_missing"]
    listed = client.get(reverse("agreements:collaborations"), {"missing": "on"})
    rows = listed.context["process_entries"] + listed.context["routine_entries"]
    assert figure == len(rows) == 2
    assert {row.partner for row in rows} == {"Polisen", "Regionen"}
    assert "2 samverkan i processer och rutiner saknar skriftlig överenskommelse" in register.content.decode()


def test_the_list_without_the_filter_shows_every_entry_with_its_agreement(world, client_for):
    agreement = make_agreement(world, [world.own], title="Skolans överenskommelse")
    _entries(world, agreement)
    listed = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("agreements:collaborations"))
    assert len(listed.context["process_entries"]) == 2
    assert "Skolans överenskommelse" in listed.content.decode()


def test_an_entry_links_only_to_an_agreement_for_its_units_that_has_not_ended(world):
    elsewhere = make_agreement(world, [world.other], title="Annan avdelning")
    above = make_agreement(world, [world.forvaltning], title="Hela förvaltningen")
    process = make_process(world, world.own)
    assert list(linkable(process.units.all())) == [above]
    with pytest.raises(ValidationError) as error:
        services.collaboration_create(
            actor=world.persona(Role.KVALITETSSAMORDNARE),
            process=process,
            partner="Skolan",
            kind="external",
            linked_agreement=elsewhere,
        )
    assert "linked_agreement" in error.value.message_dict
    agreement_services.agreement_end(actor=world.persona(Role.KVALITETSSAMORDNARE), agreement=above, expected_version=None)
    assert list(linkable(process.units.all())) == []


def test_the_picker_offers_the_agreements_for_the_process(world, client_for):
    mine = make_agreement(world, [world.own], title="Gäller här")
    make_agreement(world, [world.other], title="Gäller inte här")
    process = make_process(world, world.own)
    client = client_for(world.persona(Role.ENHETSCHEF))
    page = client.get(reverse("processes:collaboration_create", args=[process.pk]))
    choices = list(page.context["form"].fields["linked_agreement"].queryset)
    assert choices == [mine]
    response = client.post(
        reverse("processes:collaboration_create", args=[process.pk]),
        {"partner": "Skolan", "kind": "external", "purpose": "", "agreement": "", "linked_agreement": mine.pk},
    )
    assert response.status_code == 302
    assert process.collaborations.get().linked_agreement == mine


def test_linking_an_agreement_keeps_an_established_process_established(world):
    process = make_process(world, world.own)
    entry = services.collaboration_create(
        actor=world.persona(Role.KVALITETSSAMORDNARE), process=process, partner="Skolan", kind="external"
    )
    services.process_establish(actor=world.persona(Role.ENHETSCHEF), process=Process.objects.get(pk=process.pk))
    agreement = make_agreement(world, [world.own])
    services.collaboration_update(actor=world.persona(Role.ENHETSCHEF), collaboration=entry, linked_agreement=agreement)
    assert Process.objects.get(pk=process.pk).status == Process.Status.ESTABLISHED


def test_the_routine_picker_links_the_entry(world, client_for):
    agreement = make_agreement(world, [world.own])
    routine = make_routine(world, world.own)
    response = client_for(world.persona(Role.ENHETSCHEF)).post(
        reverse("processes:routine_collaboration_create", args=[routine.pk]),
        {"partner": "Regionen", "kind": "external", "purpose": "", "agreement": "", "linked_agreement": agreement.pk},
    )
    assert response.status_code == 302
    assert routine.collaborations.get().linked_agreement == agreement
    assert visible_entries(world.persona(Role.ENHETSCHEF), missing=True).count() == 0


def test_the_register_marks_each_process_with_collaboration_without_an_agreement(world, client_for):
    _entries(world)
    page = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("processes:index")).content.decode()
    assert "2 samverkan utan skriftlig överenskommelse" in page  # "Mottagning": Skolan and Polisen
