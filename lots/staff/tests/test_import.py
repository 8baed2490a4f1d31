import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lots import access
from lots.accounts.models import Role, User
from lots.audit.models import AuditEntry
from lots.staff import importing, services
from lots.staff.models import EmployeeNumber, Employment, HiringCheck, Introduction
from lots.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = "Anställningsnummer;Användarnamn;E-post;Förnamn;Efternamn;Enhet;Startdatum;Slutdatum;Befattning;Anställnings-id"


@pytest.fixture
def anna(world):
    return UserFactory(username="anna", email="anna@example.se", first_name="Anna", last_name="Andersson")


def csv_bytes(*lines, encoding="utf-8"):
    return ("\n".join([HEADER, *lines]) + "\n").encode(encoding)


def upload(client, data: bytes, name="hr.csv"):
    return client.post(reverse("staff:import"), {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def mapping(create_accounts=False):
    guessed = importing.guess_mapping(HEADER.split(";"))
    data = {k: "" if v is None else str(v) for k, v in guessed.items()}
    if create_accounts:
        data["create_accounts"] = "on"
    return data


def run_import(client, data: bytes, *, create_accounts=False):
    assert upload(client, data).status_code == 302
    return client.post(reverse("staff:import_map"), {**mapping(create_accounts), "action": "import"})


def start(days_ago=5):
    return (datetime.date.today() - datetime.timedelta(days=days_ago)).isoformat()


def test_the_columns_are_guessed_from_the_headers():
    guessed = importing.guess_mapping(HEADER.split(";"))

    assert guessed["employee_number"] == 0 and guessed["unit"] == 5 and guessed["external_id"] == 9


def test_hr_imports_a_new_employment_which_starts_the_introduction_and_checks(client_for, hr, anna):
    response = run_import(client_for(hr), csv_bytes(f"1001;anna;;;;own;{start()};;Undersköterska;E-1"))

    assert response.status_code == 302
    employment = Employment.objects.get()
    assert (employment.person, employment.title, employment.external_id) == (anna, "Undersköterska", "E-1")
    assert Introduction.objects.filter(employment=employment).exists()
    assert employment.checks.count() == 4
    assert EmployeeNumber.objects.get(person=anna).number == "1001"
    assert AuditEntry.objects.filter(note="Import av anställningar", actor=hr).count() == 1


def test_reimporting_the_same_file_changes_nothing(client_for, hr, anna):
    data = csv_bytes(f"1001;anna;;;;own;{start()};;Undersköterska;E-1")
    client = client_for(hr)
    run_import(client, data)
    before = (Employment.objects.get().version, Introduction.objects.count(), HiringCheck.objects.count())

    response = run_import(client, data)

    assert response.status_code == 302
    assert (Employment.objects.get().version, Introduction.objects.count(), HiringCheck.objects.count()) == before
    assert Employment.objects.count() == 1


def test_without_an_hr_id_the_same_person_unit_and_start_match(hr, anna):
    rows = [{"username": "anna", "unit": "own", "starts_on": start()}]
    for _ in range(2):
        validation = importing.validate(hr, rows, create_accounts=False)
        services.employments_import(actor=hr, rows=validation.rows)

    assert Employment.objects.count() == 1


def test_an_error_on_one_row_imports_nothing(client_for, hr, anna):
    data = csv_bytes(
        f"1001;anna;;;;own;{start()};;;E-1", f"1002;anna;;;;nosuchunit;{start()};;;E-2", "1003;anna;;;;own;igår;;;E-3"
    )

    response = run_import(client_for(hr), data)

    assert response.status_code == 422
    messages = [m for _line, m in response.context["validation"].errors]
    assert any("nosuchunit" in m for m in messages) and any("”igår” är inte ett datum" in m for m in messages)
    assert [line for line, _m in response.context["validation"].errors] == [3, 4]
    assert not Employment.objects.exists()


def test_a_failure_while_importing_rolls_back_every_row(hr, anna, monkeypatch):
    rows = [
        {"username": "anna", "unit": "own", "starts_on": start(), "external_id": "E-1"},
        {"username": "anna", "unit": "sub", "starts_on": start(), "external_id": "E-2"},
    ]
    validation = importing.validate(hr, rows, create_accounts=False)
    calls = []
    original = services._start_records

    def failing(employment, *, actor):
        calls.append(employment)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(employment, actor=actor)

    monkeypatch.setattr(services, "_start_records", failing)
    with pytest.raises(RuntimeError):
        services.employments_import(actor=hr, rows=validation.rows)

    assert not Employment.objects.exists() and not Introduction.objects.exists()


def test_an_unknown_person_is_reported_unless_accounts_are_to_be_created(client_for, hr):
    data = csv_bytes(f"2001;;berit@example.se;Berit;Berg;own;{start()};;;E-9")
    client = client_for(hr)

    refused = run_import(client, data)

    assert refused.status_code == 422
    assert "finns inte i Lots" in refused.content.decode()
    assert not User.objects.filter(email="berit@example.se").exists()

    created = client.post(reverse("staff:import_map"), {**mapping(create_accounts=True), "action": "import"})

    assert created.status_code == 302
    berit = User.objects.get(email="berit@example.se")
    assert berit.first_name == "Berit" and berit.employments.get().unit.code == "own"
    assert berit in access.people_holding(berit.employments.get().unit, roles=[Role.MEDARBETARE])
    assert EmployeeNumber.objects.get(person=berit).number == "2001"


def test_an_ended_employment_in_the_file_closes_the_introduction(client_for, hr, anna):
    client = client_for(hr)
    run_import(client, csv_bytes(f"1001;anna;;;;own;{start(20)};;;E-1"))

    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    response = run_import(client, csv_bytes(f"1001;anna;;;;own;{start(20)};{yesterday};;E-1"))

    assert response.status_code == 302
    employment = Employment.objects.get()
    assert employment.introduction.status == Introduction.Status.CLOSED
    assert employment.introduction.items.filter(closed_at__isnull=False).count() == employment.introduction.items.count()


def test_windows_1252_and_commas_are_read(hr, anna):
    data = (f"Anställningsnummer,Användarnamn,Enhet,Startdatum,Befattning\n1001,anna,own,{start()},Vårdbiträde\n").encode(
        "cp1252"
    )

    headers, body = importing.read_csv(data)

    assert headers[0] == "Anställningsnummer" and body[0][4] == "Vårdbiträde"


def test_the_file_and_mapping_errors_are_in_swedish_at_their_fields(client_for, hr):
    client = client_for(hr)
    response = upload(client, b"bara en rad\n")
    assert response.status_code == 422
    assert "file" in response.context["form"].errors

    upload(client, csv_bytes(f"1;anna;;;;own;{start()};;;"))
    response = client.post(reverse("staff:import_map"), {"unit": "5", "starts_on": "6", "action": "check"})
    assert response.status_code == 422
    assert "Välj minst en kolumn" in str(response.context["form"].errors["employee_number"])


def test_a_unit_outside_the_importers_scope_is_an_error(world, hr, anna):
    validation = importing.validate(hr, [{"username": "anna", "unit": "other", "starts_on": start()}], create_accounts=False)

    assert not validation.ok


@pytest.mark.parametrize("role", [Role.ENHETSCHEF, Role.MEDARBETARE])
def test_only_import_holders_reach_the_import(world, client_for, role):
    client = client_for(world.persona(role))

    assert client.get(reverse("staff:import")).status_code == 404
    assert client.get(reverse("staff:import_map")).status_code == 404


# The API push.


def test_the_api_push_imports_all_or_nothing_and_is_idempotent(api, hr, anna):
    rows = [{"username": "anna", "unit": "own", "starts_on": start(), "external_id": "E-1", "title": "Stödassistent"}]

    first = api(hr, "post", "/staff/employments/import", data={"rows": rows})
    again = api(hr, "post", "/staff/employments/import", data={"rows": rows})
    bad = api(
        hr,
        "post",
        "/staff/employments/import",
        data={"rows": rows + [{"username": "anna", "unit": "x", "starts_on": "2026-13-01"}]},
    )

    assert first.status_code == 200 and first.json() == {"created": 1, "updated": 0, "unchanged": 0, "people_created": 0}
    assert again.json() == {"created": 0, "updated": 0, "unchanged": 1, "people_created": 0}
    assert bad.status_code == 422 and set(bad.json()["detail"]) == {"rad 2"}
    assert Employment.objects.count() == 1


def test_the_api_push_needs_the_import_permission(world, api):
    response = api(
        world.persona(Role.ENHETSCHEF),
        "post",
        "/staff/employments/import",
        data={"rows": [{"unit": "own", "starts_on": start()}]},
    )

    assert response.status_code == 403


def test_the_api_push_refuses_unknown_fields(api, hr):
    response = api(
        hr, "post", "/staff/employments/import", data={"rows": [{"unit": "own", "starts_on": start(), "extract": "x"}]}
    )

    assert response.status_code == 422


def test_an_employment_first_imported_without_the_hr_id_gets_it_on_the_next_import(hr, anna):
    first = [{"username": "anna", "unit": "own", "starts_on": start()}]
    services.employments_import(actor=hr, rows=importing.validate(hr, first, create_accounts=False).rows)

    second = [{**first[0], "external_id": "E-7"}]
    result = services.employments_import(actor=hr, rows=importing.validate(hr, second, create_accounts=False).rows)

    assert result.as_dict()["updated"] == 1
    assert list(Employment.objects.values_list("external_id", flat=True)) == ["E-7"]


def test_the_example_file_is_offered_to_importers_only(world, client_for, hr):
    response = client_for(hr).get(reverse("staff:import_example"))

    assert response.status_code == 200
    headers, _body = importing.read_csv(response.content)
    assert headers[0] == "Anställningsnummer"
    assert client_for(world.persona(Role.ENHETSCHEF)).get(reverse("staff:import_example")).status_code == 404
