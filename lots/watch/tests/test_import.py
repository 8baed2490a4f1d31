"""CSV import and its service: column mapping, preview, row report in Swedish, all or nothing, no names or
personal numbers, only units in scope, one audit entry with counts only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.watch import importing
from lots.watch.models import ImportBatch, Placement, PlacementKind, Snapshot
from lots.watch.tests.conftest import TEST_IDENTITY

HEADER = "Ärendereferens;Enhet;Handläggare;Placeringstyp;Startdatum;Senaste besök;Senaste övervägande;Slutdatum"
GOOD_ROWS = [
    "BU-2026-0001;own;medarbetare;barn SoL HVB;2026-01-10;2026-02-01;;",
    "BU-2026-0002;sub;MEDARBETARE;Barn LVU familjehem;2025-06-01;2025-11-15;2025-12-01;",
    "VU-2026-0003;own;medarbetare;vuxen frivillig vård dygnet runt;2026-02-01;;;2026-06-30",
]


def csv_bytes(*rows, header=HEADER) -> bytes:
    return "\n".join([header, *rows]).encode("utf-8-sig")


@pytest.fixture
def importer_client(world, client_for, importer):
    return client_for(importer)


def upload(client, data: bytes):
    return client.post(reverse("watch:import"), {"file": SimpleUploadedFile("placeringar.csv", data)})


def mapping_post(client, extra=None):
    data = dict(client.get(reverse("watch:import_map")).context["form"].initial)
    data.update(extra or {})
    return client.post(reverse("watch:import_map"), data)


def test_the_columns_are_guessed_from_the_headers(world, importer_client):
    assert upload(importer_client, csv_bytes(*GOOD_ROWS)).status_code == 302
    initial = importer_client.get(reverse("watch:import_map")).context["form"].initial
    assert [initial[name] for name in importing.TARGET_NAMES] == [str(i) for i in range(8)]


def test_checking_shows_a_preview_and_imports_nothing(world, importer_client):
    upload(importer_client, csv_bytes(*GOOD_ROWS))
    response = mapping_post(importer_client, {"action": "check"})
    assert response.status_code == 200
    assert response.context["validation"].ok
    assert "Läs in 3 placeringar" in response.content.decode()
    assert not Placement.objects.exists()


def test_importing_keeps_the_rows_as_a_snapshot_per_unit_with_their_due_dates(world, importer_client, worker):
    upload(importer_client, csv_bytes(*GOOD_ROWS))
    response = mapping_post(importer_client, {"action": "import"})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.row_count, batch.unit_count, batch.source) == (3, 2, "csv")
    assert sorted(s.unit.code for s in Snapshot.objects.filter(is_current=True)) == ["own", "sub"]
    child = Placement.objects.get(case_reference="BU-2026-0002")
    assert (child.unit, child.worker, child.kind) == (world.sub, worker, PlacementKind.CHILD_LVU_FAMILY_HOME)
    assert (child.visit_due, child.reconsideration_due, child.next_due) == (
        datetime.date(2026, 2, 15),
        datetime.date(2026, 6, 1),
        datetime.date(2026, 2, 15),
    )
    adult = Placement.objects.get(case_reference="VU-2026-0003")
    assert (adult.visit_due, adult.reconsideration_due, adult.end_date) == (
        None,
        datetime.date(2026, 5, 1),
        datetime.date(2026, 6, 30),
    )


def test_one_bad_row_imports_nothing_and_says_which_row_and_why(world, importer_client):
    rows = [*GOOD_ROWS, "BU-2026-0004;own;okand.person;barn SoL HVB;2026-13-01;;;"]
    upload(importer_client, csv_bytes(*rows))
    response = mapping_post(importer_client, {"action": "import"})
    assert response.status_code == 422
    errors = response.context["validation"].errors
    assert (5, "handläggaren ”okand.person” finns inte i Lots (ange användarnamn eller e-postadress)") in errors
    assert (5, "startdatum: ”2026-13-01” är inte ett datum (ÅÅÅÅ-MM-DD)") in errors
    assert not Placement.objects.exists() and not ImportBatch.objects.exists()


def test_a_failure_in_the_middle_of_the_import_leaves_nothing(world, place, importer):
    with pytest.raises(ValidationError):
        place([{}, {"unit": world.foreign}])
    assert not Placement.objects.exists() and not Snapshot.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    "row",
    [
        "Kalle Svensson;own;medarbetare;barn SoL HVB;2026-01-10;;;",
        "Andersson-12;own;medarbetare;barn SoL HVB;2026-01-10;;;",
        "Zlatan;own;medarbetare;barn SoL HVB;2026-01-10;;;",
    ],
    ids=["name", "surname-with-digits", "no-digits"],
)
def test_names_are_refused_as_case_references(world, importer_client, row):
    upload(importer_client, csv_bytes(GOOD_ROWS[0], row))
    response = mapping_post(importer_client, {"action": "import"})
    assert response.status_code == 422
    messages = [message for line, message in response.context["validation"].errors if line == 3]
    assert any("namn" in m or "pseudonym" in m for m in messages)
    assert not Placement.objects.exists()


@pytest.mark.parametrize(
    "row",
    [
        f"{TEST_IDENTITY};own;medarbetare;barn SoL HVB;2026-01-10;;;",
        "BU-1;own;medarbetare;barn SoL HVB;2026-01-10;;;121212-1212",
        "BU-1;own;medarbetare;barn SoL HVB;2026-01-10;;;;701063-2391",
    ],
    ids=["personnummer-as-reference", "personnummer-in-another-column", "samordningsnummer-in-an-unmapped-column"],
)
def test_a_file_with_a_personal_number_anywhere_is_refused_at_upload_and_not_kept(world, importer_client, row):
    response = upload(importer_client, csv_bytes(GOOD_ROWS[0], row, header=HEADER + ";Extra"))
    assert response.status_code == 422
    [message] = response.context["form"].errors["file"]
    assert message.startswith("Filen innehåller personnummer eller samordningsnummer (rad 3 kolumn ")
    assert "watch_import" not in importer_client.session
    assert importer_client.get(reverse("watch:import_map")).status_code == 302


def test_the_row_check_refuses_a_personal_number_in_any_column_too(world, importer):
    body = [["BU-1", "own", "medarbetare", "barn SoL HVB", "2026-01-10", "", "", "", "19121212-1212"]]
    mapping = {name: i for i, name in enumerate(importing.TARGET_NAMES)}
    result = importing.validate(world.m1, body, mapping, allowed_units=world.m1.units.all())
    assert (2, "kolumn 9 innehåller ett personnummer eller samordningsnummer – ta bort det i filen") in result.errors


def test_the_service_refuses_a_personal_number_that_skipped_the_check(world, place):
    with pytest.raises(ValidationError):
        place([{"case_reference": TEST_IDENTITY}])
    assert not Placement.objects.exists()


def test_units_outside_the_importers_scope_are_row_errors(world, client_for, importer):
    client = client_for(world.persona("enhetschef"))
    upload(client, csv_bytes("BU-1;other;medarbetare;barn SoL HVB;2026-01-10;;;"))
    response = mapping_post(client, {"action": "import"})
    assert (2, "du får inte läsa in placeringar för enheten ”other”") in response.context["validation"].errors


def test_the_service_refuses_a_unit_outside_the_actors_scope(world, place):
    with pytest.raises(PermissionDenied):
        place([{}], actor=world.persona("enhetschef"), unit=world.other)


@pytest.mark.parametrize("role", ["medarbetare", "verksamhetsledare", "granskare", "nämndledamot", "outsider"])
def test_people_without_the_import_permission_get_404(world, client_for, role):
    user = world.outsider if role == "outsider" else world.persona(role.replace("ä", "a"))
    assert client_for(user).get(reverse("watch:import")).status_code == 404


def test_the_import_is_one_audit_entry_with_counts_and_no_content(world, place):
    place([{}, {"unit": world.sub}])
    [entry] = AuditEntry.objects.filter(content_type__model="importbatch")
    assert entry.changes == {"row_count": [None, 2], "unit_count": [None, 2], "source": [None, "csv"]}
    assert "BU-2026" not in str(entry.changes) + entry.note + entry.object_repr
    assert entry.unit_id == world.own.pk


def test_duplicate_references_and_end_before_start_are_row_errors(world, importer_client):
    rows = [GOOD_ROWS[0], "bu-2026-0001;own;medarbetare;barn SoL HVB;2026-01-10;;;2025-12-01"]
    upload(importer_client, csv_bytes(*rows))
    errors = mapping_post(importer_client, {"action": "check"}).context["validation"].errors
    assert (3, "ärendereferensen finns också på rad 2") in errors
    assert (3, "slutdatum ligger före startdatum") in errors


def test_a_visit_in_the_future_is_refused(world, importer_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    upload(importer_client, csv_bytes(f"BU-1;own;medarbetare;barn SoL HVB;2026-01-10;{tomorrow};;"))
    errors = mapping_post(importer_client, {"action": "check"}).context["validation"].errors
    assert (2, "senaste besök ligger i framtiden") in errors


def test_an_empty_file_and_a_header_only_file_are_refused_at_the_file_field(world, importer_client):
    assert "Filen är tom." in upload(importer_client, b"").content.decode() or upload(importer_client, b" ").status_code == 422
    response = upload(importer_client, csv_bytes())
    assert response.status_code == 422
    assert response.context["form"].errors["file"] == ["Filen har bara en rubrikrad och inga placeringar."]


def test_an_error_while_writing_leaves_no_batch_snapshot_or_row(world, place):
    place([{"case_reference": "BU-OLD"}])
    before = (
        ImportBatch.objects.count(),
        Snapshot.objects.count(),
        list(Placement.objects.current().values_list("pk", flat=True)),
    )
    # Two rows with one reference reach the database's unique constraint after the batch and snapshot are written.
    with pytest.raises(IntegrityError):
        place([{"case_reference": "BU-1"}, {"case_reference": "BU-1"}])
    after = (
        ImportBatch.objects.count(),
        Snapshot.objects.count(),
        list(Placement.objects.current().values_list("pk", flat=True)),
    )
    assert after == before
