"""CSV import: column mapping, preview, validation report, and nothing half-imported on error."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.deviations import importing, services
from lots.deviations.models import Deviation, DeviationEvent, LexSarahInvestigation
from lots.deviations.tests.conftest import TEST_IDENTITY

HEADER = "Löpnummer;Datum;Enhet;Typ;Beskrivning;Åtgärd;Lex Sarah;Status;Avslutsdatum"
GOOD_ROWS = [
    "F-1;2025-03-01 10:15;own;Bemötande;Brukaren fick vänta länge.;Bad om ursäkt.;nej;avslutad;2025-03-20",
    "F-2;2025-04-02;sub;Handläggning;Beslut utan utredning.;;ja;under utredning;",
    "F-3;02/05/2025;Egna avdelningen;;Journal saknades.;;nej;;",
]


def csv_bytes(*rows, header=HEADER, encoding="utf-8-sig") -> bytes:
    return "\n".join([header, *rows]).encode(encoding)


@pytest.fixture
def client(world, client_for, category):
    return client_for(world.persona("kvalitetssamordnare"))


def upload(client, data: bytes):
    return client.post(reverse("deviations:import"), {"file": SimpleUploadedFile("export.csv", data)})


def mapping_post(client, extra=None):
    response = client.get(reverse("deviations:import_map"))
    data = dict(response.context["form"].initial)
    data.update(extra or {})
    return client.post(reverse("deviations:import_map"), data)


def test_the_columns_are_guessed_from_the_headers(world, client):
    assert upload(client, csv_bytes(*GOOD_ROWS)).status_code == 302
    initial = client.get(reverse("deviations:import_map")).context["form"].initial
    assert initial["external_reference"] == "0" and initial["occurred_at"] == "1" and initial["unit"] == "2"
    assert initial["category"] == "3" and initial["description"] == "4" and initial["state"] == "7"
    assert initial["case_reference"] == ""


def test_checking_shows_a_preview_and_imports_nothing(world, client):
    upload(client, csv_bytes(*GOOD_ROWS))
    response = mapping_post(client, {"action": "check"})
    assert response.status_code == 200
    assert response.context["validation"].ok
    assert len(response.context["preview"]) == 3
    assert "Läs in 3 avvikelser" in response.content.decode()
    assert not Deviation.objects.exists()


def test_importing_keeps_status_dates_and_ids_and_starts_lex_sarah_for_open_ones(world, client):
    upload(client, csv_bytes(*GOOD_ROWS))
    response = mapping_post(client, {"action": "import"})
    assert response.status_code == 302
    imported = {d.external_reference: d for d in Deviation.objects.all()}
    assert set(imported) == {"F-1", "F-2", "F-3"}
    first, second, third = imported["F-1"], imported["F-2"], imported["F-3"]
    assert first.state == Deviation.State.CLOSED and first.closed_at.date().isoformat() == "2025-03-20"
    assert first.category.name == "Bemötande" and first.unit == world.own
    assert second.state == Deviation.State.INVESTIGATING and second.unit == world.sub and second.possible_lex_sarah
    assert LexSarahInvestigation.objects.filter(deviation=second).exists()
    assert third.occurred_at.date().isoformat() == "2025-05-02" and third.category is None
    assert DeviationEvent.objects.filter(deviation=first, to_state="closed").get().comment == "Status från tidigare system"
    assert AuditEntry.objects.filter(action="create", content_type__model="deviation").count() == 3
    assert client.session.get("deviations_import") is None


def test_errors_are_reported_per_row_and_nothing_is_imported(world, client):
    bad = [
        GOOD_ROWS[0],
        "F-4;2025-13-01;own;Bemötande;Text;;nej;;",
        "F-5;2025-04-01;okand-enhet;Bemötande;Text;;nej;;",
        "F-6;2025-04-01;own;Påhittad kategori;Text;;nej;;",
        f"F-7;2025-04-01;own;Bemötande;Gäller {TEST_IDENTITY}.;;nej;;",
        "F-8;2025-04-01;own;Bemötande;;;kanske;okänd;",
        "F-1;2025-04-01;own;Bemötande;Dubblett;;nej;;",
        "F-9;2025-04-01;own;Bemötande;Text;;nej;avslutad;",
    ]
    upload(client, csv_bytes(*bad))
    response = mapping_post(client, {"action": "import"})
    assert response.status_code == 422
    errors = response.context["validation"].errors
    lines = {line for line, _ in errors}
    assert lines == {3, 4, 5, 6, 7, 8, 9}
    text = " ".join(message for _, message in errors)
    for expected in (
        "inte ett datum",
        "okand-enhet",
        "Påhittad kategori",
        "personnummer",
        "beskrivning saknas",
        "ja eller nej",
        "status ”okänd”",
        "finns också på rad 2",
        "kräver ett datum",
    ):
        assert expected in text, expected
    assert not Deviation.objects.exists()


def test_likely_names_are_warnings_that_do_not_stop_the_import(world, client):
    upload(client, csv_bytes("F-1;2025-03-01;own;Bemötande;Personalen glömde Olle.;;nej;;"))
    response = mapping_post(client, {"action": "check"})
    validation = response.context["validation"]
    assert validation.ok and "Olle" in validation.warnings[0][1]


def test_an_id_already_imported_is_refused(world, client):
    upload(client, csv_bytes(GOOD_ROWS[0]))
    mapping_post(client, {"action": "import"})
    upload(client, csv_bytes(GOOD_ROWS[0]))
    response = mapping_post(client, {"action": "import"})
    assert "redan inläst" in response.content.decode()
    assert Deviation.objects.count() == 1


def test_a_failure_during_the_import_undoes_every_row(world, category):
    headers, body = importing.read_csv(csv_bytes(*GOOD_ROWS))
    validation = importing.validate(world.m1, headers, body, importing.guess_mapping(headers))
    assert validation.ok
    real = services.deviation_report
    calls = []

    def fail_on_third(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise ValidationError({"unit": "Enheten stängdes under inläsningen."})
        return real(**kwargs)

    with mock.patch.object(services, "deviation_report", side_effect=fail_on_third), pytest.raises(ValidationError) as excinfo:
        services.deviations_import(actor=world.persona("kvalitetssamordnare"), municipality=world.m1, rows=validation.rows)
    assert "Rad 4" in str(excinfo.value)
    assert len(calls) == 3
    assert not Deviation.objects.exists()
    assert not AuditEntry.objects.filter(content_type__model="deviation").exists()


def test_the_same_column_cannot_be_chosen_twice(world, client):
    upload(client, csv_bytes(*GOOD_ROWS))
    response = mapping_post(client, {"action": "check", "case_reference": "4"})
    assert response.status_code == 422
    assert "Kolumnen är redan vald" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "tom"), (b"bara en rad utan kolumner", "rubrikrad"), (b"Id;Datum\n", "bara en rubrikrad")],
)
def test_unreadable_files_are_explained(world, client, data, message):
    response = upload(client, data)
    assert response.status_code == 422
    assert message in response.content.decode()


def test_windows_encoded_files_and_commas_are_read(world, category):
    data = "Id,Datum,Enhet,Beskrivning\nA-1,2025-01-02,own,Händelse på öppenvården\n".encode("cp1252")
    headers, body = importing.read_csv(data)
    assert headers == ["Id", "Datum", "Enhet", "Beskrivning"]
    assert body == [["A-1", "2025-01-02", "own", "Händelse på öppenvården"]]


def test_the_mapping_step_without_a_file_goes_back_to_the_upload(world, client):
    response = client.get(reverse("deviations:import_map"))
    assert response.status_code == 302 and response.url == reverse("deviations:import")
