import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.processes import services
from lots.processes.models import Law
from lots.processes.tests.helpers import make_law


def seed(world):
    return services.law_list_seed(actor=world.persona(Role.KVALITETSSAMORDNARE), municipality=world.m1, unit=world.namnd)


def test_the_starting_list_holds_the_laws_of_the_domain_primer(world):
    laws = {law.reference: law for law in seed(world)}
    assert set(laws) == {
        "SFS 2025:400",
        "SFS 2001:453",
        "SFS 1990:52",
        "SFS 1988:870",
        "SFS 2009:400",
        "SFS 2017:900",
        "SFS 2017:725",
        "SFS 1949:381",
        "SOSFS 2011:9",
        "SOSFS 2011:5",
    }
    assert laws["SFS 2025:400"].in_force_from == datetime.date(2025, 7, 1)
    old = Law.objects.get(pk=laws["SFS 2001:453"].pk)
    assert old.repealed_on == datetime.date(2025, 7, 1)
    assert old.replaced_by == laws["SFS 2025:400"]
    assert not old.is_in_force(datetime.date(2026, 1, 1))
    assert laws["SFS 1990:52"].short_name == "LVU"


def test_seeding_twice_adds_nothing(world):
    seed(world)
    assert seed(world) == []
    assert Law.objects.filter(municipality=world.m1).count() == 10


def test_a_reference_is_unique_in_the_list(world):
    make_law(world, world.own)
    with pytest.raises(ValidationError) as error:
        make_law(world, world.own, title="Dubblett")
    assert "finns redan" in error.value.message_dict["number"][0]


def test_review_records_who_and_when_and_is_due_a_year_later(world):
    law = make_law(world, world.own)
    today = datetime.date(2026, 11, 23)
    assert law.review_is_due(today)
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    services.law_review(actor=coordinator, law=law, on=today)
    law.refresh_from_db()
    assert (law.last_reviewed_at, law.last_reviewed_by) == (today, coordinator)
    assert not law.review_is_due(today + datetime.timedelta(days=364))
    assert law.review_is_due(today + datetime.timedelta(days=365))
    assert AuditEntry.objects.filter(object_id=str(law.pk), content_type__model="law", note="Genomgången").exists()


def test_excel_export_lists_the_laws_and_is_logged(world, client_for):
    seed(world)
    response = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("processes:law_export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Författning", "Rubrik")
    references = {row[0] for row in rows[1:]}
    assert "SFS 2025:400" in references
    assert "SFS 2001:453" not in references  # repealed laws are left out unless asked for
    assert AuditEntry.objects.filter(action="export", note__startswith="Laglista (xlsx)").exists()


def test_pdf_export(world, client_for):
    seed(world)
    response = client_for(world.persona(Role.GRANSKARE)).get(reverse("processes:law_export", args=["pdf"]), {"repealed": "on"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_unknown_export_format_is_not_found(world, client_for):
    assert client_for(world.persona(Role.ENHETSCHEF)).get(reverse("processes:law_export", args=["docx"])).status_code == 404


def test_the_list_can_be_filtered_to_the_laws_that_apply_at_a_unit(world, client_for):
    make_law(world, world.forvaltning, number="2017:900", title="Förvaltningslag")
    make_law(world, world.other, number="1988:870", title="Lag om vård av missbrukare i vissa fall")
    make_law(world, world.sub, number="1990:52", title="Lag med särskilda bestämmelser om vård av unga")
    page = (
        client_for(world.persona(Role.KVALITETSSAMORDNARE))
        .get(reverse("processes:laws"), {"unit": world.own.pk})
        .content.decode()
    )
    assert "Förvaltningslag" in page
    assert "missbrukare" not in page
    assert "vård av unga" not in page  # below the unit, not applying to all of it


def test_the_form_keeps_input_and_explains_errors_in_swedish(world, client_for):
    make_law(world, world.own)
    response = client_for(world.persona(Role.KVALITETSSAMORDNARE)).post(
        reverse("processes:law_create"),
        {
            "collection": "SFS",
            "number": "2025:400",
            "title": "Dubblett av SoL",
            "units": [world.own.pk],
            "in_force_from": "2026-01-01",
            "repealed_on": "2025-01-01",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "En författning kan inte upphävas innan den börjar gälla." in page
    assert 'value="Dubblett av SoL"' in page


def test_the_quality_coordinator_can_load_the_starting_list_once(world, client_for):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    # Held on "own", not on the municipality's top unit where the list is filed.
    assert client.post(reverse("processes:law_seed")).status_code == 403
    top_coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    from lots.testing.factories import RoleAssignmentFactory

    RoleAssignmentFactory(user=top_coordinator, role=Role.KVALITETSSAMORDNARE, unit=world.namnd)
    client.force_login(top_coordinator)
    assert client.post(reverse("processes:law_seed")).status_code == 302
    assert Law.objects.filter(municipality=world.m1).count() == 10
