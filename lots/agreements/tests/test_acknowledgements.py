"""Agreements made known are acknowledged by the staff of the units concerned, and by no one else; the share per unit
is shown and what is unread is on each person's task list."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lots.accounts.models import Role
from lots.agreements import acknowledgements, services
from lots.agreements.models import AgreementAcknowledgement
from lots.agreements.tasks import tasks_for
from lots.agreements.tests.helpers import TODAY, make_agreement
from lots.testing.factories import RoleAssignmentFactory, UserFactory


def test_staff_of_a_unit_concerned_acknowledge_once(world):
    agreement = make_agreement(world, [world.own])
    staff = world.persona(Role.MEDARBETARE)
    services.agreement_acknowledge(actor=staff, agreement=agreement)
    assert AgreementAcknowledgement.objects.filter(agreement=agreement, user=staff).count() == 1
    with pytest.raises(Exception, match="redan"):
        services.agreement_acknowledge(actor=staff, agreement=agreement)


def test_staff_of_other_units_may_not_acknowledge(world):
    agreement = make_agreement(world, [world.other])
    with pytest.raises(PermissionDenied):
        services.agreement_acknowledge(actor=world.persona(Role.MEDARBETARE), agreement=agreement)
    assert not AgreementAcknowledgement.objects.exists()


def test_staff_below_a_unit_concerned_are_asked_and_staff_above_it_are_not(world):
    below = UserFactory(username="underenhetens")
    RoleAssignmentFactory(user=below, role=Role.MEDARBETARE, unit=world.sub, include_subunits=False)
    agreement = make_agreement(world, [world.own])
    services.agreement_acknowledge(actor=below, agreement=agreement)
    only_sub = make_agreement(world, [world.sub], title="Bara underenheten")
    with pytest.raises(PermissionDenied):  # the medarbetare's role is held on "own", above "sub"
        services.agreement_acknowledge(actor=world.persona(Role.MEDARBETARE), agreement=only_sub)


def test_a_draft_or_an_agreement_not_made_known_asks_no_one(world):
    draft = make_agreement(world, [world.own], active=False)
    quiet = make_agreement(world, [world.own], title="Tyst", make_known=False)
    for agreement in (draft, quiet):
        with pytest.raises(PermissionDenied):
            services.agreement_acknowledge(actor=world.persona(Role.MEDARBETARE), agreement=agreement)


def test_the_share_acknowledged_is_counted_per_unit(world):
    below = UserFactory(username="underenhetens")
    RoleAssignmentFactory(user=below, role=Role.MEDARBETARE, unit=world.sub, include_subunits=False)
    agreement = make_agreement(world, [world.own])
    services.agreement_acknowledge(actor=world.persona(Role.MEDARBETARE), agreement=agreement)
    statuses = {s.unit.code: s for s in acknowledgements.status_by_unit(agreement)}
    assert statuses["sub"].percent == 0 and statuses["sub"].missing == [below]
    assert world.persona(Role.MEDARBETARE) in statuses["own"].confirmed
    confirmed, asked = acknowledgements.totals(list(statuses.values()))
    assert confirmed == 1 and asked == len({*statuses["own"].confirmed, *statuses["own"].missing, below})


def test_an_unread_agreement_is_a_task_until_it_is_acknowledged(world):
    agreement = make_agreement(world, [world.own], title="Läs mig")
    staff = world.persona(Role.MEDARBETARE)
    assert [t.title for t in tasks_for(staff, TODAY)] == ["Läs samverkansöverenskommelsen: Läs mig"]
    services.agreement_acknowledge(actor=staff, agreement=agreement)
    assert tasks_for(staff, TODAY) == []
    assert tasks_for(world.outsider, TODAY) == []


def test_the_page_lets_staff_acknowledge_and_refuses_others(world, client_for):
    agreement = make_agreement(world, [world.own])
    url = reverse("agreements:acknowledge", args=[agreement.pk])
    assert client_for(world.persona(Role.MEDARBETARE)).post(url).status_code == 302
    assert AgreementAcknowledgement.objects.filter(agreement=agreement).count() == 1
    # A board member reads the agreement but is not staff who acknowledge it.
    assert client_for(world.persona(Role.NAMNDLEDAMOT)).post(url).status_code == 403
    assert client_for(world.outsider).post(url).status_code == 404


def test_a_new_document_of_an_active_agreement_asks_the_staff_again(world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    agreement = make_agreement(world, [world.own], title="Ny version")
    staff = world.persona(Role.MEDARBETARE)
    services.agreement_acknowledge(actor=staff, agreement=agreement)
    assert not acknowledgements.pending_for(staff).exists()
    services.document_attach(
        actor=world.persona(Role.ENHETSCHEF), agreement=agreement, upload=SimpleUploadedFile("ny.txt", b"Reviderad text.")
    )
    agreement.refresh_from_db()
    assert list(acknowledgements.pending_for(staff)) == [agreement]
    assert not acknowledgements.has_confirmed(staff, agreement)
    assert [t.title for t in tasks_for(staff, TODAY)] == ["Läs samverkansöverenskommelsen: Ny version"]
    services.agreement_acknowledge(actor=staff, agreement=agreement)
    assert acknowledgements.has_confirmed(staff, agreement)
    assert AgreementAcknowledgement.objects.filter(agreement=agreement, user=staff).count() == 2
