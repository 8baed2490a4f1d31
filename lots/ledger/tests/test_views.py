"""The pages: list, ledger, the forms that write, their errors at the field and the permission answers."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lots.ledger import services
from lots.ledger.models import Ledger, LedgerEntry, Reconciliation
from lots.ledger.tests.conftest import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def today_ledger(world, staff):
    """A ledger opened a month ago, with 500 kr in (attested)."""
    today = timezone.localdate()
    ledger = services.ledger_open(
        actor=staff["manager"], unit=world.own, reference="EM-2026-007", opened_on=today - datetime.timedelta(days=40)
    )
    entry = services.entry_add(actor=staff["entrant"], ledger=ledger, date=today, description="Insättning", amount=50_000)
    services.entry_attest(actor=staff["attester"], entry=entry)
    ledger.refresh_from_db()
    return ledger


def test_the_list_shows_the_ledgers_in_scope(world, staff, today_ledger, client_for):
    Ledger.objects.create(
        unit=world.other, municipality=world.m1, reference="EM-9", opened_on=today_ledger.opened_on, opened_by=staff["manager"]
    )
    response = client_for(staff["entrant"]).get(reverse("ledger:index"))
    assert response.status_code == 200
    assert [row.reference for row in response.context["page_obj"]] == ["EM-2026-007"]
    assert "500,00" in response.content.decode()


def test_people_without_the_permission_get_404(world, today_ledger, client_for):
    for person in (world.outsider, world.persona("granskare"), world.persona("kvalitetssamordnare")):
        client = client_for(person)
        assert client.get(reverse("ledger:index")).status_code == 404
        assert client.get(reverse("ledger:detail", args=[today_ledger.pk])).status_code == 404


def test_an_invalid_filter_is_explained_at_the_field(staff, today_ledger, client_for):
    response = client_for(staff["entrant"]).get(reverse("ledger:index"), {"status": "nonsense"})
    assert response.status_code == 422 and "status" in response.context["form"].errors


@pytest.mark.parametrize(
    ("params", "expected"),
    [({}, ["EM-2026-007"]), ({"attention": "unattested"}, []), ({"status": "closed"}, []), ({"q": "007"}, ["EM-2026-007"])],
)
def test_filters(staff, today_ledger, client_for, params, expected):
    response = client_for(staff["entrant"]).get(reverse("ledger:index"), params)
    assert [row.reference for row in response.context["page_obj"]] == expected


def test_the_ledger_page_shows_both_balances(staff, today_ledger, client_for):
    services.entry_add(actor=staff["entrant"], ledger=today_ledger, date=timezone.localdate(), description="Mer", amount=2_500)
    response = client_for(staff["attester"]).get(reverse("ledger:detail", args=[today_ledger.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "525,00" in body and "500,00" in body and "Attestera" in body


def test_entering_money_out_through_the_form(staff, today_ledger, client_for):
    client = client_for(staff["entrant"])
    response = client.post(
        reverse("ledger:entry_add", args=[today_ledger.pk]),
        {
            "direction": "out",
            "amount": "250,50",
            "date": timezone.localdate().isoformat(),
            "description": "Kläder",
            "receipt": SimpleUploadedFile("kvitto.pdf", PDF),
        },
    )
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(ledger=today_ledger, sequence=2)
    assert (entry.amount, entry.balance_after) == (-25_050, 24_950)


def test_a_payment_above_the_balance_keeps_what_was_typed_with_the_message_at_the_amount(staff, today_ledger, client_for):
    client = client_for(staff["entrant"])
    data = {"direction": "out", "amount": "600", "date": timezone.localdate().isoformat(), "description": "Dator"}
    response = client.post(reverse("ledger:entry_add", args=[today_ledger.pk]), data)
    assert response.status_code == 422
    form = response.context["form"]
    assert "negativt" in form.errors["amount"][0] and "receipt" in form.errors
    assert form["description"].value() == "Dator" and form["amount"].value() == "600"
    assert LedgerEntry.objects.filter(ledger=today_ledger).count() == 1


def test_an_unreadable_amount_is_explained(staff, today_ledger, client_for):
    client = client_for(staff["entrant"])
    data = {"direction": "in", "amount": "12,345", "date": timezone.localdate().isoformat(), "description": "In"}
    response = client.post(reverse("ledger:entry_add", args=[today_ledger.pk]), data)
    assert response.status_code == 422 and "1 250,50" in response.context["form"].errors["amount"][0]


def test_the_entrant_sees_no_attest_button_and_the_service_refuses_the_post(staff, today_ledger, client_for):
    today = timezone.localdate()
    entry = services.entry_add(actor=staff["entrant"], ledger=today_ledger, date=today, description="In", amount=100)
    client = client_for(staff["entrant"])
    body = client.get(reverse("ledger:detail", args=[today_ledger.pk])).content.decode()
    assert reverse("ledger:entry_attest", args=[today_ledger.pk, entry.pk]) not in body
    response = client.post(reverse("ledger:entry_attest", args=[today_ledger.pk, entry.pk]), follow=True)
    assert "annan person" in response.content.decode()
    entry.refresh_from_db()
    assert entry.attested_by is None
    client = client_for(staff["attester"])
    client.post(reverse("ledger:entry_attest", args=[today_ledger.pk, entry.pk]))
    entry.refresh_from_db()
    assert entry.attested_by == staff["attester"]


def test_only_managers_reconcile(staff, today_ledger, client_for):
    assert client_for(staff["entrant"]).get(reverse("ledger:reconcile", args=[today_ledger.pk])).status_code == 403


def test_a_reconciliation_with_a_difference_needs_an_explanation(staff, today_ledger, client_for):
    client = client_for(staff["manager"])
    today = timezone.localdate()
    data = {"period": f"{today:%Y-%m}", "counted_on": today.isoformat(), "counted": "490"}
    response = client.post(reverse("ledger:reconcile", args=[today_ledger.pk]), data)
    assert response.status_code == 422 and "Förklara" in response.context["form"].errors["explanation"][0]
    response = client.post(reverse("ledger:reconcile", args=[today_ledger.pk]), {**data, "explanation": "Växel saknas"})
    assert response.status_code == 302
    reconciliation = Reconciliation.objects.get()
    assert (reconciliation.difference, reconciliation.expected) == (-1_000, 50_000)


def test_a_concurrent_edit_answers_409_and_keeps_the_text(staff, today_ledger, client_for):
    client = client_for(staff["manager"])
    url = reverse("ledger:edit", args=[today_ledger.pk])
    version = today_ledger.version
    services.ledger_update(actor=staff["manager"], ledger=today_ledger, reference="EM-2026-008", purpose="", version=version)
    response = client.post(url, {"reference": "EM-2026-009", "purpose": "Fickpengar", "version": version})
    assert response.status_code == 409
    assert response.context["form"]["purpose"].value() == "Fickpengar"
    today_ledger.refresh_from_db()
    assert today_ledger.reference == "EM-2026-008"


def test_a_reference_with_a_name_or_personal_number_is_refused(world, staff, client_for):
    client = client_for(staff["manager"])
    for reference in ("Kalle Svensson", "19121212-1212", "EM Anna 1"):
        response = client.post(
            reverse("ledger:create"), {"unit": world.own.pk, "reference": reference, "opened_on": str(timezone.localdate())}
        )
        assert response.status_code == 422, reference
        assert "reference" in response.context["form"].errors
    assert not Ledger.objects.exists()


def test_opening_a_ledger(world, staff, client_for):
    response = client_for(staff["manager"]).post(
        reverse("ledger:create"), {"unit": world.own.pk, "reference": "EM-2026-100", "opened_on": str(timezone.localdate())}
    )
    ledger = Ledger.objects.get()
    assert response.status_code == 302 and response["Location"] == ledger.get_absolute_url()


def test_a_medarbetare_cannot_open_a_ledger(staff, client_for):
    assert client_for(staff["entrant"]).get(reverse("ledger:create")).status_code == 404


def test_the_statement_is_a_pdf(staff, today_ledger, client_for):
    today = timezone.localdate()
    response = client_for(staff["entrant"]).get(
        reverse("ledger:statement", args=[today_ledger.pk]), {"start": str(today_ledger.opened_on), "end": str(today)}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_statement_period_ending_before_it_starts_is_explained(staff, today_ledger, client_for):
    response = client_for(staff["entrant"]).get(
        reverse("ledger:statement", args=[today_ledger.pk]), {"start": "2026-05-02", "end": "2026-05-01"}
    )
    assert response.status_code == 422 and "end" in response.context["period_form"].errors


def test_the_receipt_is_served_only_to_those_who_see_the_ledger(world, staff, today_ledger, client_for):
    entry = services.entry_add(
        actor=staff["entrant"],
        ledger=today_ledger,
        date=timezone.localdate(),
        description="Kläder",
        amount=-30_000,
        receipt=SimpleUploadedFile("kvitto.pdf", PDF),
    )
    url = reverse("ledger:receipt", args=[today_ledger.pk, entry.pk])
    response = client_for(staff["attester"]).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client_for(world.persona("kvalitetssamordnare")).get(url).status_code == 404


def test_the_quality_coordinator_keeps_the_base_amounts(world, staff, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.post(reverse("ledger:base_amounts"), {"year": 2027, "amount": 60_000})
    assert response.status_code == 302
    from lots.ledger.models import BaseAmount

    assert BaseAmount.objects.get(year=2027).threshold == 900_000
    assert client_for(staff["entrant"]).get(reverse("ledger:base_amounts")).status_code == 403


def test_a_task_is_marked_done_on_the_ledger_page_and_an_empty_answer_is_explained(staff, today_ledger, client_for):
    entry = services.entry_add(
        actor=staff["entrant"], ledger=today_ledger, date=timezone.localdate(), description="In", amount=900_000
    )
    services.entry_attest(actor=staff["attester"], entry=entry)
    task = today_ledger.tasks.get()
    client = client_for(staff["manager"])
    url = reverse("ledger:task_resolve", args=[today_ledger.pk, task.pk])
    response = client.post(url, {f"task{task.pk}-outcome": ""})
    assert response.status_code == 422 and "Skriv vad som gjordes." in response.content.decode()
    response = client.post(url, {f"task{task.pk}-outcome": "Kontot öppnades i banken"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.resolved_by == staff["manager"] and task.outcome == "Kontot öppnades i banken"
    assert client_for(staff["entrant"]).post(url, {f"task{task.pk}-outcome": "x"}).status_code == 403


def test_the_second_manager_attests_a_reconciliation_the_signer_cannot(world, staff, today_ledger, client_for):
    today = timezone.localdate()
    reconciliation = services.reconciliation_sign(
        actor=staff["manager"], ledger=today_ledger, period=today, counted_on=today, counted=50_000
    )
    url = reverse("ledger:reconciliation_attest", args=[today_ledger.pk, reconciliation.pk])
    response = client_for(staff["manager"]).post(url, follow=True)
    assert "annan person" in response.content.decode()
    client_for(world.persona("avdelningschef")).post(url)
    reconciliation.refresh_from_db()
    assert reconciliation.attested_by == world.persona("avdelningschef")


def test_the_last_unattested_entry_is_taken_back_from_the_page(staff, today_ledger, client_for):
    entry = services.entry_add(
        actor=staff["entrant"], ledger=today_ledger, date=timezone.localdate(), description="Fel", amount=700
    )
    response = client_for(staff["entrant"]).post(reverse("ledger:entry_remove", args=[today_ledger.pk, entry.pk]))
    assert response.status_code == 302 and not LedgerEntry.objects.filter(pk=entry.pk).exists()
    today_ledger.refresh_from_db()
    assert today_ledger.balance == 50_000


def test_a_ledger_with_money_left_cannot_be_closed(staff, today_ledger, client_for):
    client = client_for(staff["manager"])
    url = reverse("ledger:close", args=[today_ledger.pk])
    response = client.post(url, {"closed_on": str(timezone.localdate()), "version": today_ledger.version})
    assert response.status_code == 422 and "500,00" in response.context["form"].errors["closed_on"][0]
    today_ledger.refresh_from_db()
    assert today_ledger.closed_on is None


def test_the_csv_export_has_the_rows_of_the_filtered_list_in_its_order(world, staff, today_ledger, client_for):
    from lots.ledger.views import headers
    from lots.testing.spreadsheets import csv_rows

    HEADERS = headers()

    services.ledger_open(actor=staff["manager"], unit=world.own, reference="EM-2026-001", opened_on=today_ledger.opened_on)
    client = client_for(staff["entrant"])
    rows = csv_rows(client.get(reverse("ledger:export", args=["csv"])))
    assert rows[0] == HEADERS
    assert [r[0] for r in rows[1:]] == ["EM-2026-001", "EM-2026-007"]
    assert rows[2][HEADERS.index("Saldo (kr)")] in ("500.0", "500", "500,0")
    rows = csv_rows(client.get(reverse("ledger:export", args=["csv"]), {"q": "007"}))
    assert [r[0] for r in rows[1:]] == ["EM-2026-007"]
    assert client.get(reverse("ledger:export", args=["pdf"])).status_code == 404
    assert client_for(world.outsider).get(reverse("ledger:export", args=["csv"])).status_code == 404
