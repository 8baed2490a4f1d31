import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.processes import services
from lots.processes.models import Responsibility


def test_the_matrix_is_seeded_from_the_katrineholm_sections(world):
    created = services.responsibilities_seed(actor=None, municipality=world.m1)
    assert created == Responsibility.objects.filter(municipality=world.m1).count()
    phases = set(Responsibility.objects.values_list("phase", flat=True))
    assert phases == {"planning", "doing", "evaluating", "improving"}
    chief = Responsibility.objects.filter(role=Role.ENHETSCHEF, phase="evaluating").values_list("text", flat=True)
    assert "Att synpunkter och klagomål tas emot, hanteras och slutförs inom 14 dagar." in chief
    sources = set(Responsibility.objects.values_list("source", flat=True))
    assert {"Katrineholm 2018, §4.4", "Katrineholm 2018, §5.3", "Katrineholm 2018, §6.6", "Katrineholm 2018, §7"} == sources
    assert services.responsibilities_seed(actor=None, municipality=world.m1) == 0


def test_edits_are_checked_and_audited(world):
    item = services.responsibility_create(
        actor=None, municipality=world.m1, role=Role.ENHETSCHEF, phase="doing", text="Ett ansvar"
    )
    with pytest.raises(ValidationError):
        services.responsibility_update(
            actor=None, item=item, expected_version=item.version, role="okänd", phase="doing", text="x", source=""
        )
    services.responsibility_update(
        actor=None, item=item, expected_version=item.version, role=Role.ENHETSCHEF, phase="doing", text="Nytt", source=""
    )
    services.responsibility_delete(actor=None, item=item)
    actions = list(
        AuditEntry.objects.filter(content_type__model="responsibility").values_list("action", flat=True).order_by("id")
    )
    assert actions == ["create", "update", "delete"]
    assert AuditEntry.objects.filter(content_type__model="responsibility", unit_id=world.namnd.pk).count() == 3


def test_mitt_ansvar_shows_what_the_persons_roles_answer_for(world, client_for):
    services.responsibilities_seed(actor=None, municipality=world.m1)
    page = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("processes:mine")).content.decode()
    assert "Som Enhetschef" in page
    assert "Att genomföra arbets- och skyddsrond." in page
    assert "Att besluta om förvaltningens budgetskrivelse." not in page  # the board's


def test_the_quality_coordinator_edits_the_matrix_with_errors_in_swedish(world, client_for):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    response = client.post(reverse("processes:responsibility_create"), {"role": Role.ENHETSCHEF, "phase": "doing", "text": ""})
    assert response.status_code == 422
    assert "Detta fält måste fyllas i." in response.content.decode() or "obligatoriskt" in response.content.decode()
    response = client.post(
        reverse("processes:responsibility_create"), {"role": Role.ENHETSCHEF, "phase": "doing", "text": "Att leda"}
    )
    assert response.status_code == 302
    assert Responsibility.objects.get().text == "Att leda"
