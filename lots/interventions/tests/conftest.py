import datetime

import pytest
from django.utils import timezone

from lots.accounts.models import Role
from lots.interventions import services
from lots.interventions.models import Participant
from lots.requirements.models import Contract

TODAY = timezone.localdate()


@pytest.fixture
def manager(world):
    return world.persona(Role.ENHETSCHEF)


@pytest.fixture
def staff(world):
    return world.persona(Role.MEDARBETARE)


@pytest.fixture
def contract(world):
    """A contract with the world's provider, in force today."""
    return Contract.objects.create(
        provider=world.provider,
        title="Samtalsstöd för unga",
        scope="Samtalsstöd",
        starts_on=TODAY - datetime.timedelta(days=100),
        ends_on=TODAY + datetime.timedelta(days=100),
        responsible_unit=world.own,
    )


@pytest.fixture
def make_intervention(world, manager):
    def make(*, unit=None, provider=None, contract=None, offered=True, keeps=True, name="Föräldragrupp"):
        intervention = services.intervention_create(
            actor=manager,
            unit=unit or world.own,
            name=name,
            kind="group",
            description="Tio träffar under terminen.",
            target_group="Föräldrar till barn 0–12 år",
            provider=provider,
            contract=contract,
            keeps_participant_data=keeps,
        )
        if offered:
            services.intervention_offer(actor=manager, intervention=intervention, expected_version=intervention.version)
            intervention.refresh_from_db()
        return intervention

    return make


@pytest.fixture
def intervention(make_intervention):
    return make_intervention()


CONSENT = {
    "consent_given_on": TODAY,
    "consent_method": Participant.ConsentMethod.WRITTEN,
    "consent_given_by": Participant.ConsentGiver.PARTICIPANT,
    "started_on": TODAY,
}


@pytest.fixture
def register(intervention, staff):
    def make(reference="G-1", *, consent_name=True, consent_contact=True, consent_notes=False, on=None, **data):
        return services.participant_register(
            actor=staff,
            intervention=data.pop("intervention", intervention),
            reference=reference,
            consent_name=consent_name,
            consent_contact=consent_contact,
            consent_notes=consent_notes,
            **(CONSENT | ({"consent_given_on": on, "started_on": on} if on else {})),
            **data,
        )

    return make
