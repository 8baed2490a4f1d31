"""Every read of a confidential record leaves one log entry per request naming exactly the records read.

Confidential records are the case records of OSL 26:1: deviations (with their lex Sarah investigation, IVO
notification, actions and attachments, logged as reads of the deviation) and feedback cases (with the sender's
contact details). Each is read here through every page, list, API path, export and PDF that shows it.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lots.accounts.services import api_token_create
from lots.audit.models import AuditEntry
from lots.deviations import services as deviation_services
from lots.feedback import services as feedback_services
from lots.feedback.models import FeedbackCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
C = FeedbackCase


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def deviations(world, report):
    """A lex Sarah report on "own" with its investigation, a sent IVO notification, an action and an attachment,
    and a plain report on the sub-unit reported earlier."""
    yesterday = timezone.now() - datetime.timedelta(days=1)
    earlier = report(unit=world.sub, reported_at=yesterday, occurred_at=yesterday - datetime.timedelta(hours=1))
    deviation_services.settings_update(
        actor=None, municipality=world.m1, expected_version=None, organisation_number="2120999004", provider_name="Nämnden"
    )
    case = report(possible_lex_sarah=True)
    deviation_services.investigation_update(
        actor=None,
        investigation=case.lex_sarah,
        expected_version=case.lex_sarah.version,
        data={"what_happened": "Ingen nattpersonal.", "affected": "Den enskilde blev rädd."},
    )
    notification = deviation_services.ivo_notification_start(actor=None, deviation=case)
    deviation_services.ivo_notification_update(
        actor=None,
        notification=notification,
        expected_version=notification.version,
        data={"contact_name": "Kim Kontakt", "contact_phone": "0150-12345"},
    )
    deviation_services.ivo_notification_decide(
        actor=world.persona("forvaltningschef"), notification=notification, basis="delegation", reference="Punkt 1.4"
    )
    deviation_services.ivo_notification_mark_sent(
        actor=world.persona("kvalitetssamordnare"), notification=notification, ivo_reference="3.5.1-1"
    )
    deviation_services.deviation_action_create(
        actor=world.persona("enhetschef"), deviation=case, title="Ny rutin", owner=world.persona("enhetschef")
    )
    attachment = deviation_services.attachment_add(
        actor=world.persona("enhetschef"), deviation=case, upload=SimpleUploadedFile("foto.pdf", PDF)
    )
    return {"case": case, "earlier": earlier, "attachment": attachment}


@pytest.fixture
def cases(world, make_case):
    """A complaint on "own" answered by letter, with the sender's address and an attachment, and a praise on the
    sub-unit received earlier."""
    manager = world.persona("kvalitetssamordnare")
    earlier = make_case(world.sub, kind=C.Kind.PRAISE, received_at=timezone.now() - datetime.timedelta(days=1))
    upload = SimpleUploadedFile("brev.pdf", PDF)
    upload.detected_type = "application/pdf"
    case = make_case(
        reply=C.Reply.LETTER, contact_name="Siv Svensson", contact_address="Storgatan 1, 111 11 Teststad", attachments=[upload]
    )
    case = feedback_services.feedback_receive(actor=manager, case=case)
    case = feedback_services.feedback_answer(
        actor=manager, case=case, expected_version=case.version, method=C.AnswerMethod.LETTER, answer="Vi ber om ursäkt."
    )
    return {"case": case, "earlier": earlier, "attachment": case.attachments.get()}


@pytest.fixture
def reader(world, client):
    """``reader.get(url, api=False)``: GET as the kvalitetssamordnare (through the API with a key when ``api``),
    returning the response and the log entries the request wrote."""
    person = world.persona("kvalitetssamordnare")
    _token, key = api_token_create(actor=person, name="test")

    class Reader:
        user = person

        def get(self, url, *, api=False, **params):
            last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            if api:
                response = client.get(f"/api/v1{url}", params, HTTP_AUTHORIZATION=f"Bearer {key}")
            else:
                client.force_login(person)
                response = client.get(url, params)
            if response.streaming:
                b"".join(response.streaming_content)
            assert response.status_code == 200, (url, response.status_code)
            return response, list(AuditEntry.objects.filter(pk__gt=last).order_by("pk"))

    return Reader()


def read_ids(entry) -> set[tuple[str, str]]:
    return set(entry.reads.values_list("content_type__model", "object_id"))


def assert_one_read(entries, user, records, *, action=AuditEntry.Action.VIEW):
    assert len(entries) == 1, [(e.action, e.note) for e in entries]
    [entry] = entries
    assert (entry.actor, entry.action) == (user, action)
    assert read_ids(entry) == {(r._meta.model_name, str(r.pk)) for r in records}
    return entry


DEVIATION_PAGES = [
    "deviations:detail",
    "deviations:receipt",
    "deviations:analysis",
    "deviations:action_create",
    "deviations:attachment_add",
    "deviations:investigation",
    "deviations:close_early",
    "deviations:ivo",
    "deviations:ivo_pdf",
    "deviations:ivo_sent_copy",
]


@pytest.mark.parametrize("name", DEVIATION_PAGES)
def test_each_page_and_pdf_of_a_deviation_logs_one_read_of_it(deviations, reader, name):
    case = deviations["case"]
    _response, entries = reader.get(reverse(name, args=[case.pk]))
    entry = assert_one_read(entries, reader.user, [case])
    assert (entry.content_type.model, entry.object_id, entry.object_repr) == ("deviation", str(case.pk), str(case))
    assert entry.unit_id == case.unit_id and entry.note.endswith(reverse(name, args=[case.pk]))


def test_an_attachment_download_logs_a_read_of_its_deviation(deviations, reader):
    attachment = deviations["attachment"]
    _response, entries = reader.get(reverse("deviations:attachment", args=[attachment.pk]))
    assert_one_read(entries, reader.user, [deviations["case"]])


def test_the_deviation_list_logs_the_rows_it_shows(world, deviations, reader):
    _response, entries = reader.get(reverse("deviations:index"))
    entry = assert_one_read(entries, reader.user, [deviations["case"], deviations["earlier"]])
    assert entry.object_id == "" and entry.content_type.model == "deviation"
    # Reports on "own" and its sub-unit: the entry belongs to the unit holding both, for the auditors there.
    assert (entry.unit_id, entry.unit_path) == (world.own.pk, world.own.path)
    _response, entries = reader.get(reverse("deviations:index"), unit=world.sub.pk)
    assert_one_read(entries, reader.user, [deviations["earlier"]])


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_deviation_export_is_one_entry_naming_every_report_in_it(deviations, reader, fmt):
    _response, entries = reader.get(reverse("deviations:export", args=[fmt]))
    entry = assert_one_read(entries, reader.user, [deviations["case"], deviations["earlier"]], action=AuditEntry.Action.EXPORT)
    assert entry.note.startswith("Export av 2 avvikelser")


def test_the_deviation_api_list_logs_only_the_window_it_returns(deviations, reader):
    response, entries = reader.get("/deviations", api=True)
    assert len(response.json()) == 2
    assert_one_read(entries, reader.user, [deviations["case"], deviations["earlier"]])
    response, entries = reader.get("/deviations", api=True, limit=1)
    assert [row["id"] for row in response.json()] == [deviations["case"].pk]
    assert_one_read(entries, reader.user, [deviations["case"]])


@pytest.mark.parametrize("suffix", ["", "/transitions"])
def test_the_deviation_api_detail_and_sub_resources_log_the_report(deviations, reader, suffix):
    case = deviations["case"]
    _response, entries = reader.get(f"/deviations/{case.pk}{suffix}", api=True)
    assert_one_read(entries, reader.user, [case])


FEEDBACK_PAGES = [
    "feedback:detail",
    "feedback:edit",
    "feedback:answer",
    "feedback:letter",
    "feedback:close",
    "feedback:lex_sarah",
    "feedback:improvement",
]


@pytest.mark.parametrize("name", FEEDBACK_PAGES)
def test_each_page_and_pdf_of_a_feedback_case_logs_one_read_of_it(cases, reader, name):
    case = cases["case"]
    _response, entries = reader.get(reverse(name, args=[case.pk]))
    entry = assert_one_read(entries, reader.user, [case])
    assert (entry.content_type.model, entry.object_id, entry.object_repr) == ("feedbackcase", str(case.pk), str(case))


def test_a_feedback_attachment_logs_a_read_of_its_case(cases, reader):
    case = cases["case"]
    _response, entries = reader.get(reverse("feedback:attachment", args=[case.pk, cases["attachment"].pk]))
    assert_one_read(entries, reader.user, [case])


def test_the_feedback_list_logs_the_rows_it_shows(world, cases, reader):
    _response, entries = reader.get(reverse("feedback:index"))
    assert_one_read(entries, reader.user, [cases["case"], cases["earlier"]])
    _response, entries = reader.get(reverse("feedback:index"), kind=C.Kind.PRAISE)
    assert_one_read(entries, reader.user, [cases["earlier"]])


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_feedback_export_is_one_entry_naming_every_case_in_it(cases, reader, fmt):
    _response, entries = reader.get(reverse("feedback:export", args=[fmt]))
    entry = assert_one_read(entries, reader.user, [cases["case"], cases["earlier"]], action=AuditEntry.Action.EXPORT)
    assert entry.note.startswith("Export av 2 synpunkter")


def test_the_feedback_api_list_logs_only_the_window_it_returns(cases, reader):
    response, entries = reader.get("/feedback", api=True)
    assert len(response.json()) == 2
    assert_one_read(entries, reader.user, [cases["case"], cases["earlier"]])
    _response, entries = reader.get("/feedback", api=True, limit=1)
    assert_one_read(entries, reader.user, [cases["case"]])


def test_the_feedback_api_detail_logs_the_case_with_its_contact_details(cases, reader):
    case = cases["case"]
    response, entries = reader.get(f"/feedback/{case.pk}", api=True)
    assert response.json()["contact"]["name"] == "Siv Svensson"
    assert_one_read(entries, reader.user, [case])


def test_a_reporter_reading_their_own_reports_is_logged(world, deviations, reporter, client_for):
    client = client_for(reporter)
    for url in (reverse("deviations:mine"), reverse("deviations:index")):
        assert client.get(url).status_code == 200
    entries = list(AuditEntry.objects.filter(actor=reporter, action=AuditEntry.Action.VIEW).order_by("pk"))
    assert len(entries) == 2
    for entry in entries:
        assert read_ids(entry) == {("deviation", str(deviations["case"].pk)), ("deviation", str(deviations["earlier"].pk))}


def test_staff_reading_the_cases_they_registered_is_logged(world, cases, client_for):
    staff = world.persona("medarbetare")
    client = client_for(staff)
    assert client.get(reverse("feedback:registered", args=[cases["case"].pk])).status_code == 200
    assert client.get(reverse("feedback:index")).status_code == 200
    receipt, own_list = AuditEntry.objects.filter(actor=staff, action=AuditEntry.Action.VIEW).order_by("pk")
    assert read_ids(receipt) == {("feedbackcase", str(cases["case"].pk))}
    assert read_ids(own_list) == {("feedbackcase", str(cases["case"].pk)), ("feedbackcase", str(cases["earlier"].pk))}


def test_a_list_filtered_to_nothing_leaves_no_entry(world, deviations, cases, reader):
    assert reader.get(reverse("deviations:index"), state="closed")[1] == []
    assert reader.get(reverse("feedback:index"), q="finns inte")[1] == []
    assert reader.get("/deviations", api=True, offset=10)[1] == []


def test_pages_without_case_records_leave_no_entry(deviations, cases, reader):
    for url in (reverse("deviations:compilation"), reverse("feedback:compilation"), reverse("processes:index")):
        assert reader.get(url)[1] == [], url


def test_a_change_is_logged_by_its_service_not_as_a_read(deviations, reader, client):
    case = deviations["case"]
    client.force_login(reader.user)
    data = {"t-received-to_state": "received", "t-received-version": case.version}
    response = client.post(reverse("deviations:transition", args=[case.pk]), data)
    assert response.status_code == 302
    assert AuditEntry.objects.filter(actor=reader.user, action=AuditEntry.Action.TRANSITION, object_id=str(case.pk)).exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()


def test_a_page_refused_after_the_record_was_looked_up_is_not_a_read(deviations, reporter, client_for):
    response = client_for(reporter).get(reverse("deviations:investigation", args=[deviations["case"].pk]))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()


def test_a_head_request_shows_nothing_and_is_not_a_read(deviations, reader, client):
    client.force_login(reader.user)
    response = client.head(reverse("deviations:detail", args=[deviations["case"].pk]))
    assert response.status_code == 200 and response.content == b""
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()


def test_the_audit_search_by_record_finds_list_export_and_page_reads(world, deviations, reader):
    case, earlier = deviations["case"], deviations["earlier"]
    reader.get(reverse("deviations:index"))
    reader.get(reverse("deviations:export", args=["csv"]))
    reader.get(reverse("deviations:detail", args=[case.pk]))
    reader.get(reverse("deviations:detail", args=[earlier.pk]))
    found = reader.get(reverse("audit:search"), record_type="deviations.deviation", record=str(earlier.pk))[0]
    notes = [e.note for e in found.context["page_obj"] if e.actor == reader.user]
    assert len(notes) == 3
    assert notes[0].endswith(reverse("deviations:detail", args=[earlier.pk]))
    assert notes[1].startswith("Export av 2 avvikelser") and notes[2].endswith(reverse("deviations:index"))
    # The same id of another type is another record.
    other_type = reader.get(reverse("audit:search"), record_type="feedback.feedbackcase", record=str(earlier.pk))[0]
    assert list(other_type.context["page_obj"]) == []


def test_the_audit_search_finds_reads_by_the_number_or_reference_people_see(world, deviations, cases, reader):
    reader.get(reverse("deviations:index"))
    reader.get(reverse("feedback:index"))
    searches = [
        ("deviations.deviation", deviations["earlier"].number.lower(), f"2 avvikelser på {reverse('deviations:index')}"),
        ("feedback.feedbackcase", cases["case"].reference, f"2 synpunkter på {reverse('feedback:index')}"),
    ]
    for record_type, term, list_read in searches:
        found = reader.get(reverse("audit:search"), record_type=record_type, record=term)[0].context["page_obj"]
        assert [e.note for e in found if e.action == AuditEntry.Action.VIEW] == [list_read]


def test_the_audit_search_by_type_alone_lists_every_read_of_that_type(deviations, cases, reader):
    reader.get(reverse("deviations:index"))
    reader.get(reverse("feedback:index"))
    found = list(reader.get(reverse("audit:search"), record_type="feedback.feedbackcase")[0].context["page_obj"])
    assert {e.content_type_id for e in found} == {ContentType.objects.get_for_model(FeedbackCase).pk}
    reads = [e.note for e in found if e.action == AuditEntry.Action.VIEW]
    assert reads == [f"2 synpunkter på {reverse('feedback:index')}"]


def test_an_unknown_record_type_is_a_form_error(world, client_for):
    response = client_for(world.persona("kvalitetssamordnare")).get(reverse("audit:search"), {"record_type": "auth.nope"})
    assert response.status_code == 422
    assert "record_type" in response.context["form"].errors
