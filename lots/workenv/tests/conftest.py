"""A line of managers on the test world: a förvaltningschef on Förvaltningen, an avdelningschef on Egna avdelningen
and an enhetschef on Underenheten, each with sub-units, and the municipality's default catalogue."""

from dataclasses import dataclass

import pytest

from lots.accounts.models import Role, User
from lots.testing.factories import RoleAssignmentFactory, UserFactory
from lots.workenv import services
from lots.workenv.models import WorkTask

TEXTS = {
    "activity": "Hemtjänsten i Norra distriktet med lokaler och personal.",
    "competence": "Utbildning i systematiskt arbetsmiljöarbete inom ett år.",
    "authority": "Beslutar om åtgärder inom enhetens budget.",
    "resources": "Enhetens budget och stöd från HR och företagshälsovården.",
}


@dataclass
class Line:
    fc: User
    ac: User
    ec: User
    coordinator: User
    tasks: list


@pytest.fixture
def line(world) -> Line:
    fc = UserFactory(username="fc", first_name="Frida", last_name="Förvaltningschef")
    ac = UserFactory(username="ac", first_name="Anders", last_name="Avdelningschef")
    ec = UserFactory(username="ec", first_name="Eva", last_name="Enhetschef")
    qc = UserFactory(username="qc", first_name="Kim", last_name="Samordnare")
    RoleAssignmentFactory(user=fc, role=Role.FORVALTNINGSCHEF, unit=world.forvaltning, include_subunits=True)
    RoleAssignmentFactory(user=ac, role=Role.AVDELNINGSCHEF, unit=world.own, include_subunits=True)
    RoleAssignmentFactory(user=ec, role=Role.ENHETSCHEF, unit=world.sub, include_subunits=True)
    RoleAssignmentFactory(user=qc, role=Role.KVALITETSSAMORDNARE, unit=world.namnd, include_subunits=True)
    services.catalogue_add_defaults(actor=qc, municipality=world.m1)
    tasks = list(WorkTask.objects.filter(municipality=world.m1).order_by("position"))
    return Line(fc, ac, ec, qc, tasks)


def delegate(actor, unit, receiver, tasks, **extra):
    return services.delegation_create(
        actor=actor,
        unit=unit,
        receiver=receiver,
        tasks=tasks,
        may_delegate_further=extra.pop("further", False),
        **{**TEXTS, **extra},
    )


def sign_both(delegation):
    services.delegation_sign(actor=delegation.delegator, delegation=delegation, expected_version=delegation.version)
    services.delegation_sign(actor=delegation.receiver, delegation=delegation, expected_version=delegation.version)
    return delegation


@pytest.fixture
def in_force(world, line):
    """The förvaltningschef's delegation of the first three tasks for Egna avdelningen to the avdelningschef, in force,
    which may be delegated further."""
    return sign_both(delegate(line.fc, world.own, line.ac, line.tasks[:3], further=True))
