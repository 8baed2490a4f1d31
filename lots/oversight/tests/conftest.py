import datetime
import zoneinfo

import pytest
from django.contrib.contenttypes.models import ContentType

from lots.accounts.models import Role
from lots.audit import chain
from lots.audit.models import AuditEntry
from lots.testing.factories import RoleAssignmentFactory, UserFactory

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def at(day: str, clock: str = "12:00") -> datetime.datetime:
    """A moment in Swedish time: ``at("2026-04-07", "06:59")``."""
    return datetime.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=STOCKHOLM)


@pytest.fixture
def coordinator(world):
    """A quality coordinator for the whole of Testkommun (the world's one holds her role on 'own' only)."""
    person = UserFactory(username="samordnare", first_name="Sara", last_name="Samordnare")
    RoleAssignmentFactory(user=person, role=Role.KVALITETSSAMORDNARE, unit=world.namnd, created_at=LONG_AGO)
    return person


@pytest.fixture
def read():
    """``read(person, unit, when, records=1)``: an access-log entry of ``person`` reading ``records`` deviations on
    ``unit`` at ``when``, appended to the hash chain as the request middleware would (at a chosen time)."""
    from lots.deviations.models import Deviation

    content_type = ContentType.objects.get_for_model(Deviation)

    def make(person, unit, when, records=1):
        entry = AuditEntry(
            at=when,
            actor=person,
            actor_name=person.get_full_name() or person.username,
            action=AuditEntry.Action.VIEW,
            content_type=content_type,
            object_repr=f"{records} avvikelser",
            unit_id=unit.pk,
            unit_path=unit.path,
            note="Läsning i test",
        )
        return chain.append(entry, [(content_type.pk, str(n)) for n in range(1, records + 1)])

    return make
