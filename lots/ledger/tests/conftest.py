import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lots.ledger import services
from lots.testing.factories import RoleAssignmentFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def receipt():
    return lambda: SimpleUploadedFile("kvitto.pdf", PDF)


@pytest.fixture
def staff(world):
    """The medarbetare of "own" enters; a second medarbetare on "own" attests; the enhetschef reconciles."""
    second = UserFactory(username="medarbetare2", first_name="Andra", last_name="Medarbetare")
    RoleAssignmentFactory(user=second, role="medarbetare", unit=world.own, include_subunits=False)
    return {"entrant": world.persona("medarbetare"), "attester": second, "manager": world.persona("enhetschef")}


@pytest.fixture
def ledger(world, staff):
    return services.ledger_open(
        actor=staff["manager"], unit=world.own, reference="EM-2026-001", opened_on=datetime.date(2026, 1, 5)
    )


@pytest.fixture
def enter(staff, receipt):
    """``enter(ledger, kronor, attest=True)``: an entry of ``kronor`` (negative for money out), attested by default."""

    def make(ledger, kr, *, attest=True, day=None):
        ore = round(kr * 100)
        entry = services.entry_add(
            actor=staff["entrant"],
            ledger=ledger,
            date=day or datetime.date(2026, 6, 1),
            description="Insättning" if ore > 0 else "Inköp",
            amount=ore,
            receipt=receipt() if ore < -20_000 else None,
            today=TODAY,
        )
        if attest:
            services.entry_attest(actor=staff["attester"], entry=entry, today=TODAY)
        ledger.refresh_from_db()
        return entry

    return make
