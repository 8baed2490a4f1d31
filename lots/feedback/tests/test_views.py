import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lots.audit.models import AuditEntry
from lots.feedback import services
from lots.feedback.models import AccessibilityReport, FeedbackCase
from lots.feedback.tests.conftest import aware
from lots.testing.grants import audit_grant

C = FeedbackCase


def test_the_list_uses_a_fixed_number_of_queries(world, client_for, make_case, django_assert_num_queries):
    client = client_for(world.persona("enhetschef"))
    for _ in range(2):
        make_case()
    client.get(reverse("feedback:index"))
    # The page is counted, its ids found and then its rows loaded (lots.core.lists); the access log of the cases
    # read looks up their units by id and appends the entry to its chain: the chain's head locked, the entry, its
    # read rows in one batch, the head moved.
    with django_assert_num_queries(16):
        first = client.get(reverse("feedback:index"))
    for _ in range(10):
        make_case(world.sub, kind=C.Kind.PRAISE)
    with django_assert_num_queries(16):
        second = client.get(reverse("feedback:index"))
    assert first.content.decode().count("SYN-") < second.content.decode().count("SYN-")


def test_the_list_filters(world, client_for, make_case):
    client = client_for(world.persona("kvalitetssamordnare"))
    old = make_case(received_at=aware(datetime.date(2025, 1, 10)))
    ivo = make_case(world.sub, authority=C.Authority.IVO, sender_role="", external_reference="IVO 8.5-77/2026")
    praise = make_case(world.sub, kind=C.Kind.PRAISE)

    def shown(**query):
        page = client.get(reverse("feedback:index"), query).content.decode()
        return {c.reference for c in (old, ivo, praise) if c.reference in page}

    assert shown() == {old.reference, ivo.reference, praise.reference}
    assert shown(origin="myndighet") == {ivo.reference}
    assert shown(kind="berom") == {praise.reference}
    assert shown(overdue="on") == {old.reference}
    assert shown(unit=world.sub.pk) == {ivo.reference, praise.reference}
    assert shown(date_to="2025-12-31") == {old.reference}
    assert shown(q="8.5-77") == {ivo.reference}
    assert shown(q=old.reference) == {old.reference}
    assert shown(category="-") == {old.reference, ivo.reference, praise.reference}
    bad = client.get(reverse("feedback:index"), {"date_from": "igår"})
    assert bad.status_code == 422
    assert "Skriv datumet som ÅÅÅÅ-MM-DD." in bad.content.decode()


def test_the_excel_export_follows_the_filter_and_is_logged(world, client_for, make_case):
    user = world.persona("granskare")
    audit_grant(world)
    make_case(kind=C.Kind.PRAISE)
    complaint = make_case(world.sub)
    response = client_for(user).get(reverse("feedback:export", args=["xlsx"]), {"kind": "klagomal"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Diarienummer", "Inkom", "Typ")
    assert [r[0] for r in rows[1:]] == [complaint.reference]
    assert rows[1][4] == "Underenheten"
    assert AuditEntry.objects.filter(actor=user, action="export").count() == 1


def test_opening_a_case_is_access_logged_and_shows_the_countdown(world, client_for, make_case):
    user = world.persona("avdelningschef")
    case = make_case(received_at=aware(datetime.date.today() - datetime.timedelta(days=4)))
    client = client_for(user)
    page = client.get(reverse("feedback:detail", args=[case.pk])).content.decode()
    assert "10 dagar kvar" in page
    assert AuditEntry.objects.filter(actor=user, action="view", object_id=str(case.pk)).count() == 1
    late = make_case(received_at=aware(datetime.date.today() - datetime.timedelta(days=20)))
    assert "Försenat 6 dagar" in client.get(reverse("feedback:detail", args=[late.pk])).content.decode()


def test_staff_without_access_to_the_case_get_a_receipt_after_registering(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.persona("medarbetare"))
    data = {
        "unit": world.own.pk,
        "kind": "synpunkt",
        "channel": "besok",
        "received_on": datetime.date.today().isoformat(),
        "sender_role": "berord",
        "description": "Önskar längre öppettider.",
        "reply": "ingen",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("feedback:register"), data)
    case = FeedbackCase.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("feedback:registered", args=[case.pk])
    assert case.channel == C.Channel.VISIT
    assert case.registered_by == world.persona("medarbetare")
    assert case.reference in client.get(response.url).content.decode()
    assert world.persona("enhetschef").email in [m.to[0] for m in mail.outbox]
    other = client_for(world.persona("enhetschef"))
    assert other.get(reverse("feedback:registered", args=[case.pk])).status_code == 404


def test_registration_errors_keep_what_was_typed(world, client_for):
    client = client_for(world.persona("enhetschef"))
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("feedback:register"),
        {
            "unit": world.own.pk,
            "kind": "klagomal",
            "channel": "brev",
            "received_on": tomorrow,
            "description": "Brevet säger…",
            "reply": "brev",
            "contact_name": "Olle",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Datumet kan inte vara i framtiden." in page
    assert "Välj vem synpunkten kommer från." in page
    assert "Skriv din postadress" in page
    assert "Brevet säger…" in page and 'value="Olle"' in page
    assert not FeedbackCase.objects.exists()


def test_a_quality_coordinator_registers_an_ivo_decision(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.post(
        reverse("feedback:register"),
        {
            "unit": world.sub.pk,
            "kind": "klagomal",
            "channel": "brev",
            "received_on": datetime.date.today().isoformat(),
            "authority": "ivo",
            "external_reference": "IVO 3.5-111/2026",
            "description": "IVO kritiserar dokumentationen.",
            "reply": "ingen",
        },
    )
    case = FeedbackCase.objects.get()
    assert response.url == case.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "Beslut från IVO" in page and "IVO 3.5-111/2026" in page


def test_the_managers_path_to_answer_by_letter_and_close(world, client_for, make_case):
    manager = world.persona("enhetschef")
    client = client_for(manager)
    case = make_case(reply=C.Reply.LETTER, contact_name="Greta Testsson", contact_address="Storgatan 1\n123 45 Exempelstad")
    assert client.post(reverse("feedback:receive", args=[case.pk]), {"version": case.version}).status_code == 302
    case.refresh_from_db()
    response = client.post(
        reverse("feedback:edit", args=[case.pk]),
        {
            "version": case.version,
            "category": "bemotande",
            "sender_role": "anhorig",
            "unit": world.own.pk,
            "investigation": "Talat med personalen om bemötandet.",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    form = client.get(reverse("feedback:answer", args=[case.pk])).content.decode()
    assert 'value="brev" selected' in form
    response = client.post(
        reverse("feedback:answer", args=[case.pk]),
        {"version": case.version, "method": "brev", "answer": "Vi ber om ursäkt för bemötandet."},
    )
    assert response.status_code == 302
    letter = client.get(reverse("feedback:letter", args=[case.pk]))
    assert letter.status_code == 200
    assert letter.content.startswith(b"%PDF")
    case.refresh_from_db()
    response = client.post(
        reverse("feedback:close", args=[case.pk]),
        {"version": case.version, "category": "bemotande", "closing_note": "Bemötande tas upp på APT."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == C.Status.CLOSED and case.completed_in_time
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Inom tidsfristen" in page and "Bemötande tas upp på APT." in page


def test_a_concurrent_edit_is_refused_and_the_typed_text_kept(world, client_for, make_case):
    client = client_for(world.persona("enhetschef"))
    case = make_case()
    services.feedback_update(
        actor=None,
        case=case,
        expected_version=case.version,
        category="ovrigt",
        sender_role=case.sender_role,
        unit=case.unit,
        investigation="Någon annans text",
    )
    response = client.post(
        reverse("feedback:edit", args=[case.pk]),
        {
            "version": case.version - 1,
            "category": "kvalitet",
            "sender_role": "anhorig",
            "unit": world.own.pk,
            "investigation": "Min egen text",
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Någon annan har sparat ändringar" in page
    assert "Min egen text" in page
    case.refresh_from_db()
    assert case.investigation == "Någon annans text"


def test_closing_without_classification_shows_the_error_at_the_field(world, client_for, make_case):
    client = client_for(world.persona("enhetschef"))
    case = make_case()
    services.feedback_receive(actor=world.persona("enhetschef"), case=case)
    response = client.post(
        reverse("feedback:close", args=[case.pk]), {"version": case.version, "category": "", "closing_note": "Klart"}
    )
    assert response.status_code == 422
    assert 'id="id_category_errors"' in response.content.decode()
    assert "Klart" in response.content.decode()


def test_an_anonymous_case_has_no_answer_page(world, client_for, make_case):
    client = client_for(world.persona("enhetschef"))
    case = make_case(public=True)
    services.feedback_receive(actor=world.persona("enhetschef"), case=case)
    response = client.get(reverse("feedback:answer", args=[case.pk]), follow=True)
    assert "anonym och kan inte få något svar" in response.content.decode()


def test_lex_sarah_and_an_improvement_action_from_the_case_page(world, client_for, make_case):
    from lots.improvements.models import ImprovementAction

    manager = world.persona("enhetschef")
    client = client_for(manager)
    case = make_case()
    assert "Gör en lex Sarah-rapport" in client.get(reverse("feedback:lex_sarah", args=[case.pk])).content.decode()
    response = client.post(reverse("feedback:lex_sarah", args=[case.pk]))
    assert response.status_code == 422
    assert response.context["form"].errors["occurred_at"] == ["Ange när det hände."]
    response = client.post(reverse("feedback:lex_sarah", args=[case.pk]), {"occurred_at": "2026-03-01T14:30"})
    assert response.status_code == 302
    assert response.url.startswith("/avvikelser/")
    from lots.deviations.models import Deviation

    occurred = timezone.localtime(Deviation.objects.for_source(case).get().occurred_at)
    assert occurred.strftime("%Y-%m-%d %H:%M") == "2026-03-01 14:30"
    response = client.post(
        reverse("feedback:improvement", args=[case.pk]),
        {"title": "Ny rutin för återkoppling", "owner": manager.pk, "due_date": ""},
    )
    assert response.status_code == 302
    assert ImprovementAction.objects.for_source(case).get().title == "Ny rutin för återkoppling"
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Ny rutin för återkoppling" in page
    assert "utreds enligt lex Sarah" in page
    missing = client.post(reverse("feedback:improvement", args=[case.pk]), {"title": "", "owner": ""})
    assert missing.status_code == 422
    assert "Skriv vad som ska göras." in missing.content.decode()


@pytest.fixture
def top_coordinator(world):
    from lots.accounts.models import Role
    from lots.testing.factories import RoleAssignmentFactory

    user = world.persona("kvalitetssamordnare")
    RoleAssignmentFactory(user=user, role=Role.KVALITETSSAMORDNARE, unit=world.namnd, include_subunits=True)
    return user


def test_settings_are_saved_and_invalid_values_shown(world, client_for, top_coordinator):
    client = client_for(top_coordinator)
    url = reverse("feedback:settings", args=[world.m1.slug])
    data = {
        "version": 1,
        "deadline_days": 10,
        "reminder_days_before": 10,
        "delegation_deadline_days": 21,
        "secrecy_law": "OSL",
        "accessibility_law": "DOS",
    }
    response = client.post(url, data)
    assert response.status_code == 422
    assert "Påminnelsen måste komma före sista dagen." in response.content.decode()
    assert client.post(url, {**data, "reminder_days_before": 2}).status_code == 302
    from lots.feedback.models import FeedbackSettings

    assert FeedbackSettings.for_municipality(world.m1).deadline_days == 10
    assert FeedbackSettings.for_municipality(world.m1).delegation_deadline_days == 21


def test_accessibility_reports_are_listed_and_marked_handled(world, client_for):
    report = services.accessibility_report_create(municipality=world.m1, description="Kontrasten är för låg.")
    services.accessibility_report_create(municipality=world.m2, description="Annan kommun.")
    client = client_for(world.persona("kvalitetssamordnare"))
    page = client.get(reverse("feedback:accessibility_reports")).content.decode()
    assert "Kontrasten är för låg." in page and "Annan kommun." not in page
    assert client.post(reverse("feedback:accessibility_report_handle", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.handled_at is not None
    foreign = AccessibilityReport.objects.get(municipality=world.m2)
    assert client.post(reverse("feedback:accessibility_report_handle", args=[foreign.pk])).status_code == 404


def test_every_page_showing_a_case_is_access_logged(world, client_for, make_case):
    user = world.persona("enhetschef")
    client = client_for(user)
    case = make_case()
    for name in ("feedback:detail", "feedback:edit", "feedback:close", "feedback:improvement"):
        client.get(reverse(name, args=[case.pk]))
    assert AuditEntry.objects.filter(actor=user, action="view", object_id=str(case.pk)).count() == 4
    client.post(reverse("feedback:receive", args=[case.pk]), {"version": case.version})
    assert AuditEntry.objects.filter(actor=user, action="view", object_id=str(case.pk)).count() == 4


@pytest.mark.parametrize(("sender_language", "letter_language"), [("en", "en"), ("", "sv")])
def test_the_answer_letter_is_written_in_the_senders_language_whatever_the_staff_reads(
    world, client_for, make_case, monkeypatch, sender_language, letter_language
):
    from django.utils import translation

    from lots.feedback.views import handling

    case = make_case(reply=FeedbackCase.Reply.LETTER, contact_name="Kim Svensson", contact_address="Storgatan 1, 123 45 Testby")
    FeedbackCase.objects.filter(pk=case.pk).update(answer="Tack.", contact_language=sender_language)
    languages = []
    monkeypatch.setattr(handling, "render_pdf", lambda *args, **kwargs: languages.append(translation.get_language()) or b"%PDF")
    client = client_for(world.persona("enhetschef"))
    client.cookies["django_language"] = "sv" if sender_language else "en"
    assert client.get(reverse("feedback:letter", args=[case.pk])).status_code == 200
    assert languages == [letter_language]
