import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError
from lots.feedback import services
from lots.feedback.models import FeedbackCase, FeedbackSettings
from lots.feedback.tests.conftest import aware
from lots.testing.factories import UnitFactory

C = FeedbackCase


def entries(case, action=None):
    qs = AuditEntry.objects.filter(object_id=str(case.pk), content_type__model="feedbackcase")
    return qs.filter(action=action) if action else qs


def test_a_submission_gets_a_reference_a_deadline_and_a_hashed_status_token(world, make_case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(world.sub, public=True, reply=C.Reply.EMAIL, contact_email="anna@example.invalid")
    assert case.reference == f"SYN-{case.received_on.year}-{case.pk:05d}"
    assert case.channel == C.Channel.E_SERVICE
    assert case.due_date == case.received_on + datetime.timedelta(days=14)
    assert case.status == C.Status.NEW
    assert len(case.token) >= 40
    assert case.status_token_hash == C.hash_token(case.token)
    assert case.token not in case.status_token_hash
    entry = entries(case, "create").get()
    assert entry.actor is None
    assert entry.changes["channel"] == [None, "e_tjanst"]
    assert "contact_email" not in entry.changes
    assert "anna@example.invalid" not in str(entry.changes)
    receipt = [m for m in mail.outbox if m.to == ["anna@example.invalid"]]
    assert len(receipt) == 1
    assert case.reference in receipt[0].body
    assert case.token in receipt[0].body


def test_managers_are_mailed_without_the_text_or_contact_details(world, make_case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(world.sub, public=True, reply=C.Reply.PHONE, contact_phone="070-000 00 00")
    recipients = sorted(m.to[0] for m in mail.outbox)
    expected = sorted(world.persona(r).email for r in ("avdelningschef", "enhetschef", "forvaltningschef"))
    assert recipients == expected
    for message in mail.outbox:
        assert case.reference in message.body
        assert "Ingen ringde tillbaka" not in message.body
        assert "070-000" not in message.body
    assert case.handler in [world.persona(r) for r in ("avdelningschef", "enhetschef", "forvaltningschef")]


def test_the_nearest_manager_level_is_responsible(world, sub_manager, make_case):
    case = make_case(world.sub)
    assert services.responsible_managers(world.sub) == [sub_manager]
    assert case.handler == sub_manager
    assert sub_manager not in services.responsible_managers(world.other)


def test_a_unit_without_line_managers_goes_to_the_quality_coordinators(world):
    lonely = UnitFactory(municipality=world.m2, parent=world.foreign, name="Ensam")
    assert services.responsible_managers(lonely) == []
    assert services.responsible_managers(world.own) != []


def test_the_deadline_follows_the_municipality_setting(world, make_case):
    FeedbackSettings.objects.create(municipality=world.m1, deadline_days=10, reminder_days_before=2)
    case = make_case(received_at=aware(datetime.date(2026, 3, 2)))
    assert case.due_date == datetime.date(2026, 3, 12)


def test_an_anonymous_sender_is_stored_without_any_contact_details(world, make_case):
    case = make_case(public=True, reply=C.Reply.NONE)
    assert case.is_anonymous
    assert not case.can_be_answered
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackCase.objects.filter(pk=case.pk).update(contact_email="x@example.invalid")


@pytest.mark.parametrize(
    ("reply", "contact", "field"),
    [
        (C.Reply.EMAIL, {}, "contact_email"),
        (C.Reply.LETTER, {"contact_name": "Anna"}, "contact_address"),
        (C.Reply.PHONE, {"contact_email": "a@example.invalid"}, "contact_phone"),
    ],
)
def test_the_chosen_way_of_answering_needs_its_contact_detail(world, make_case, reply, contact, field):
    with pytest.raises(ValidationError) as excinfo:
        make_case(public=True, reply=reply, **contact)
    assert field in excinfo.value.message_dict
    assert not FeedbackCase.objects.exists()


def test_a_public_submission_must_be_about_a_unit_serving_the_municipality(world):
    with pytest.raises(ValidationError) as excinfo:
        services.feedback_submit(
            municipality=world.m2,
            unit=world.sub,
            kind=C.Kind.OPINION,
            sender_role=C.SenderRole.OTHER,
            description="Text",
            reply=C.Reply.NONE,
        )
    assert "unit" in excinfo.value.message_dict


def test_staff_cannot_register_an_e_service_case_or_a_future_date(world, make_case):
    with pytest.raises(ValidationError) as excinfo:
        make_case(channel=C.Channel.E_SERVICE)
    assert "channel" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        make_case(received_at=timezone.now() + datetime.timedelta(days=2))
    assert "received_on" in excinfo.value.message_dict


def test_a_report_from_an_authority_is_marked_and_has_the_authority_as_sender(world, make_case):
    case = make_case(authority=C.Authority.IVO, external_reference="IVO 3.5-1234/2026", sender_role="")
    assert case.is_authority_report
    assert case.sender_role == C.SenderRole.AUTHORITY
    assert list(FeedbackCase.objects.authority_reports()) == [case]


def test_staff_registration_with_an_email_sends_the_sender_a_status_link(world, make_case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(reply=C.Reply.EMAIL, contact_email="b@example.invalid", channel=C.Channel.LETTER)
    assert case.status_token_hash
    receipt = [m for m in mail.outbox if m.to == ["b@example.invalid"]]
    assert len(receipt) == 1
    assert f"/lamna-synpunkter/{world.m1.slug}/status/" in receipt[0].body


def test_receive_answer_and_close_move_the_case_and_audit_each_step(world, make_case, django_capture_on_commit_callbacks):
    manager = world.persona("enhetschef")
    case = make_case(reply=C.Reply.EMAIL, contact_email="c@example.invalid", contact_name="Cecilia")
    services.feedback_receive(actor=manager, case=case, expected_version=case.version)
    assert (case.status, case.handler) == (C.Status.IN_PROGRESS, manager)
    services.feedback_update(
        actor=manager,
        case=case,
        expected_version=case.version,
        category=C.Category.TREATMENT,
        sender_role=C.SenderRole.RELATIVE,
        unit=case.unit,
        investigation="Talat med personalen.",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_answer(
            actor=manager,
            case=case,
            expected_version=case.version,
            method=C.AnswerMethod.EMAIL,
            answer="Vi beklagar och har gått igenom bemötandet med personalen.",
        )
    assert case.status == C.Status.ANSWERED
    assert [m.to for m in mail.outbox] == [["c@example.invalid"]]
    assert "Vi beklagar" in mail.outbox[0].body
    assert "Hej Cecilia" in mail.outbox[0].body
    services.feedback_close(
        actor=manager,
        case=case,
        expected_version=case.version,
        category=C.Category.TREATMENT,
        closing_note="Rutin för bemötande uppdaterad.",
    )
    case.refresh_from_db()
    assert case.status == C.Status.CLOSED
    assert case.closed_by == manager
    assert case.completed_in_time is True
    assert case.handling_days == 0
    notes = list(entries(case, "transition").order_by("id").values_list("note", flat=True))
    assert notes == ["Mottaget av handläggaren", "Besvarat", "Avslutat"]
    update = entries(case, "update").get()
    assert update.changes["category"] == ["", "bemotande"]
    assert update.actor == manager


def test_a_case_cannot_be_received_twice_or_closed_before_it_is_received(world, make_case):
    case = make_case()
    with pytest.raises(ValidationError):
        services.feedback_close(actor=None, case=case, expected_version=None, category=C.Category.OTHER)
    services.feedback_receive(actor=world.persona("enhetschef"), case=case)
    with pytest.raises(ValidationError):
        services.feedback_receive(actor=world.persona("avdelningschef"), case=case)


def test_a_sender_who_wants_an_answer_gets_one_before_closing(world, make_case):
    case = make_case(reply=C.Reply.PHONE, contact_phone="070-1")
    services.feedback_receive(actor=world.persona("enhetschef"), case=case)
    with pytest.raises(ValidationError) as excinfo:
        services.feedback_close(actor=None, case=case, expected_version=None, category=C.Category.OTHER)
    assert "Svara innan" in str(excinfo.value)


def test_closing_needs_a_classification(world, make_case):
    case = make_case()
    services.feedback_receive(actor=world.persona("enhetschef"), case=case)
    with pytest.raises(ValidationError) as excinfo:
        services.feedback_close(actor=None, case=case, expected_version=None, category="")
    assert "category" in excinfo.value.message_dict


def test_an_anonymous_case_cannot_be_answered_but_can_be_closed(world, make_case):
    case = make_case(public=True)
    manager = world.persona("enhetschef")
    services.feedback_receive(actor=manager, case=case)
    with pytest.raises(ValidationError) as excinfo:
        services.feedback_answer(actor=manager, case=case, expected_version=None, method=C.AnswerMethod.EMAIL, answer="Hej")
    assert "anonym" in str(excinfo.value)
    services.feedback_close(actor=manager, case=case, expected_version=None, category=C.Category.INFORMATION)
    assert case.is_closed


def test_an_answer_by_letter_needs_an_address(world, make_case):
    case = make_case(reply=C.Reply.EMAIL, contact_email="d@example.invalid")
    services.feedback_receive(actor=world.persona("enhetschef"), case=case)
    with pytest.raises(ValidationError) as excinfo:
        services.feedback_answer(actor=None, case=case, expected_version=None, method=C.AnswerMethod.LETTER, answer="Svar")
    assert "method" in excinfo.value.message_dict


def test_a_stale_version_is_refused_instead_of_overwriting(world, make_case):
    case = make_case()
    stale = FeedbackCase.objects.get(pk=case.pk)
    services.feedback_update(
        actor=None,
        case=case,
        expected_version=case.version,
        category=C.Category.OTHER,
        sender_role=case.sender_role,
        unit=case.unit,
        investigation="Först",
    )
    with pytest.raises(ConcurrentEditError):
        services.feedback_update(
            actor=None,
            case=stale,
            expected_version=stale.version,
            category=C.Category.QUALITY,
            sender_role=stale.sender_role,
            unit=stale.unit,
            investigation="Sedan",
        )
    case.refresh_from_db()
    assert case.investigation == "Först"


def test_moving_a_case_to_another_unit_hands_it_to_that_units_manager(
    world, sub_manager, make_case, django_capture_on_commit_callbacks
):
    case = make_case(world.own)
    services.feedback_receive(actor=world.persona("enhetschef"), case=case)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_update(
            actor=world.persona("enhetschef"),
            case=case,
            expected_version=case.version,
            category="",
            sender_role=case.sender_role,
            unit=world.sub,
            investigation="",
        )
    case.refresh_from_db()
    assert (case.unit, case.handler, case.status) == (world.sub, sub_manager, C.Status.NEW)
    assert [m.to for m in mail.outbox] == [[sub_manager.email]]
    assert "flyttats" in mail.outbox[0].body


def test_a_complaint_becomes_a_lex_sarah_report_linked_both_ways(world, make_case):
    from lots.deviations.models import Deviation

    manager = world.persona("enhetschef")
    case = make_case(description="Min mamma fick inte sin medicin på två dagar.")
    occurred = case.received_at - datetime.timedelta(days=3)
    deviation = services.feedback_report_lex_sarah(actor=manager, case=case, occurred_at=occurred)
    assert deviation.occurred_at == occurred
    case.refresh_from_db()
    assert case.lex_sarah_at is not None
    assert list(Deviation.objects.for_source(case)) == [deviation]
    assert deviation.source == case
    assert deviation.unit == world.own
    assert deviation.possible_lex_sarah
    assert "inte sin medicin" in deviation.description
    assert case.reference in deviation.description
    assert entries(case, "transition").filter(note="Lex Sarah-rapport gjord").exists()
    with pytest.raises(ValidationError):
        services.feedback_report_lex_sarah(actor=manager, case=case, occurred_at=occurred)
    assert Deviation.objects.for_source(case).count() == 1


def test_praise_is_never_turned_into_a_lex_sarah_report(world, make_case):
    case = make_case(kind=C.Kind.PRAISE)
    with pytest.raises(ValidationError):
        services.feedback_report_lex_sarah(actor=world.persona("enhetschef"), case=case, occurred_at=case.received_at)


def test_an_improvement_action_from_a_case_is_linked_to_it(world, make_case):
    from lots.improvements.models import ImprovementAction

    manager = world.persona("enhetschef")
    case = make_case()
    action = services.feedback_improvement_create(
        actor=manager, case=case, title="Gå igenom bemötande på APT", owner=manager, due_date=datetime.date(2030, 1, 31)
    )
    assert list(ImprovementAction.objects.for_source(case)) == [action]
    assert action.source_kind == ImprovementAction.Source.COMPLAINT
    assert action.unit == case.unit
    assert entries(case, "update").get().note == f"Förbättringsåtgärd {action.pk}"  # its id, not its title


def test_settings_are_created_then_updated_with_a_version_check(world):
    actor = world.persona("kvalitetssamordnare")
    data = {
        "deadline_days": 10,
        "reminder_days_before": 2,
        "fallback_unit": None,
        "contact_email": "",
        "contact_phone": "",
        "secrecy_law": "OSL",
        "accessibility_law": "DOS-lagen",
        "accessibility_reviewed_on": None,
    }
    created = services.feedback_settings_save(actor=actor, municipality=world.m1, expected_version=1, **data)
    assert created.deadline_days == 10
    services.feedback_settings_save(actor=actor, municipality=world.m1, expected_version=1, **{**data, "deadline_days": 12})
    assert FeedbackSettings.for_municipality(world.m1).deadline_days == 12
    with pytest.raises(ConcurrentEditError):
        services.feedback_settings_save(actor=actor, municipality=world.m1, expected_version=1, **{**data, "deadline_days": 9})
    with pytest.raises(ValidationError):
        services.feedback_settings_save(
            actor=actor, municipality=world.m1, expected_version=2, **{**data, "fallback_unit": world.foreign}
        )
    with pytest.raises(ValidationError):
        services.feedback_settings_save(
            actor=actor, municipality=world.m1, expected_version=2, **{**data, "reminder_days_before": 12}
        )
    changes = AuditEntry.objects.filter(content_type__model="feedbacksettings").order_by("id")
    assert [e.action for e in changes] == ["create", "update"]
    assert changes[1].changes["deadline_days"] == [10, 12]


def test_an_accessibility_report_reaches_the_quality_coordinators(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.accessibility_report_create(municipality=world.m1, description="Knappen syns inte i mörkt läge.")
    assert [m.to for m in mail.outbox] == [[world.persona("kvalitetssamordnare").email]]
    assert "Knappen" not in mail.outbox[0].body
    entry = AuditEntry.objects.get(content_type__model="accessibilityreport", object_id=str(report.pk))
    assert entry.unit_id == world.namnd.pk
    services.accessibility_report_handle(actor=world.persona("kvalitetssamordnare"), report=report)
    report.refresh_from_db()
    assert report.handled_by == world.persona("kvalitetssamordnare")
