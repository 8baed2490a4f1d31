import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.deviations import services
from lots.deviations.models import Deviation, IvoNotification, LexSarahInvestigation

C = LexSarahInvestigation.Classification
S = Deviation.State

COMPLETE = {
    "what_happened": "Ingen tillsyn under natten trots beslut.",
    "when_where": "2026-01-10 kl. 02, i gemensamhetsrummet",
    "affected": "Den enskilde (BU-7) var ensam i sex timmar och blev rädd.",
    "informed": LexSarahInvestigation.Informed.YES_WITH_VIEW,
    "informed_details": "Informerades vid samtal; tycker att personalen borde ha kommit.",
    "causes": "Schemat saknade nattpersonal.",
    "actions_taken": "Nattpersonal är insatt.",
    "actions_planned": "Schemarutinen ses över.",
    "final_assessment": "Ett missförhållande enligt definitionen.",
    "classification": C.WRONG,
}


@pytest.fixture
def lex(world, report):
    return report(possible_lex_sarah=True).lex_sarah


@pytest.fixture
def with_org_number(world):
    services.settings_update(actor=None, municipality=world.m1, expected_version=None, organisation_number="212099-9004")


def decide(world, notification, **overrides):
    fields = {"basis": IvoNotification.Basis.DELEGATION, "reference": "Delegationsordningen punkt 1.4"}
    fields.update(overrides)
    return services.ivo_notification_decide(actor=world.persona("forvaltningschef"), notification=notification, **fields)


def save(investigation, actor, **data):
    return services.investigation_update(
        actor=actor, investigation=investigation, expected_version=investigation.version, data=data
    )


def test_the_investigation_can_be_completed_only_with_every_required_content(world, lex):
    manager = world.persona("enhetschef")
    for missing in COMPLETE:
        save(lex, manager, **{**COMPLETE, missing: ""})
        with pytest.raises(ValidationError) as excinfo:
            services.investigation_complete(actor=manager, investigation=lex)
        label = str(LexSarahInvestigation._meta.get_field(missing).verbose_name)
        assert label in str(excinfo.value), missing
    save(lex, manager, **COMPLETE)
    services.investigation_complete(actor=manager, investigation=lex)
    lex.refresh_from_db()
    assert lex.status == LexSarahInvestigation.Status.COMPLETED
    assert lex.completed_by == manager


def test_saving_the_investigation_is_audited_field_by_field(world, lex):
    manager = world.persona("enhetschef")
    save(lex, manager, affected="Den enskilde blev rädd.")
    entry = AuditEntry.objects.filter(content_type__model="lexsarahinvestigation", action="update").get()
    assert entry.changes == {"affected": [None, {"chars": 23}]}  # the log keeps the text's length, not the text
    assert entry.unit_id == lex.deviation.unit_id


def test_a_completed_investigation_cannot_be_changed(world, lex):
    manager = world.persona("enhetschef")
    save(lex, manager, **COMPLETE)
    services.investigation_complete(actor=manager, investigation=lex)
    with pytest.raises(ValidationError):
        save(lex, manager, causes="Annat")


def test_an_early_close_needs_a_documented_position(world, lex):
    manager = world.persona("enhetschef")
    with pytest.raises(ValidationError) as excinfo:
        services.investigation_close_early(actor=manager, investigation=lex, position="  ")
    assert "early_close_position" in excinfo.value.error_dict
    services.investigation_close_early(actor=manager, investigation=lex, position="Besöket var flyttat på brukarens begäran.")
    lex.refresh_from_db()
    assert lex.status == LexSarahInvestigation.Status.CLOSED_EARLY
    assert lex.classification == C.NOT_A_WRONG
    assert lex.early_close_position == "Besöket var flyttat på brukarens begäran."


@pytest.mark.parametrize("classification", [C.RISK, C.WRONG, C.SERIOUS_RISK, C.SERIOUS])
def test_an_early_close_is_refused_once_it_is_assessed_as_a_wrong(world, lex, classification):
    manager = world.persona("enhetschef")
    save(lex, manager, classification=classification)
    with pytest.raises(ValidationError) as excinfo:
        services.investigation_close_early(actor=manager, investigation=lex, position="Inte ett missförhållande.")
    assert "kan inte avslutas i förtid" in str(excinfo.value)
    lex.refresh_from_db()
    assert lex.is_open


def test_the_database_refuses_an_early_close_without_a_position(lex):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        LexSarahInvestigation.objects.filter(pk=lex.pk).update(status="closed_early", classification="not_a_wrong")


@pytest.mark.parametrize("classification", [C.SERIOUS, C.SERIOUS_RISK])
def test_a_serious_classification_starts_the_ivo_notification_with_the_default_target(world, lex, classification):
    manager = world.persona("enhetschef")
    assert not IvoNotification.objects.exists()
    save(lex, manager, classification=classification)
    notification = IvoNotification.objects.get(deviation=lex.deviation)
    assert notification.due_date == timezone.localdate(lex.deviation.reported_at) + datetime.timedelta(days=14)
    assert notification.contact_name == manager.get_full_name()
    assert not notification.is_sent


@pytest.mark.parametrize("classification", [C.NOT_A_WRONG, C.RISK, C.WRONG])
def test_other_classifications_do_not_start_a_notification(world, lex, classification):
    save(lex, world.persona("enhetschef"), classification=classification)
    assert not IvoNotification.objects.exists()


def test_the_target_date_follows_the_municipality_setting(world, report):
    services.settings_update(actor=None, municipality=world.m1, expected_version=None, ivo_target_days=5)
    reported_at = timezone.now() - datetime.timedelta(days=3)
    deviation = report(possible_lex_sarah=True, reported_at=reported_at, occurred_at=reported_at - datetime.timedelta(hours=1))
    save(deviation.lex_sarah, world.persona("enhetschef"), classification=C.SERIOUS)
    assert deviation.ivo_notification.due_date == timezone.localdate(reported_at) + datetime.timedelta(days=5)


def test_the_ivo_people_on_the_unit_are_told_when_a_notification_starts(world, lex, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        save(lex, world.persona("enhetschef"), classification=C.SERIOUS)
    recipients = sorted(m.to[0] for m in mail.outbox if "IVO" in m.subject)
    expected = sorted(world.persona(r).email for r in ("kvalitetssamordnare", "forvaltningschef", "avdelningschef"))
    assert recipients == expected


def test_marking_as_sent_records_who_and_when_keeps_a_copy_and_the_investigation_continues(world, lex, with_org_number):
    manager, coordinator = world.persona("enhetschef"), world.persona("kvalitetssamordnare")
    save(lex, manager, affected="Den enskilde blev rädd.", classification=C.SERIOUS)
    notification = lex.deviation.ivo_notification
    decide(world, notification)
    sent_at = timezone.now()
    services.ivo_notification_mark_sent(actor=coordinator, notification=notification, sent_at=sent_at, ivo_reference="3.5.1-99")
    notification.refresh_from_db()
    assert (notification.sent_at, notification.sent_by, notification.ivo_reference) == (sent_at, coordinator, "3.5.1-99")
    assert notification.sent_pdf.read().startswith(b"%PDF")
    entry = AuditEntry.objects.filter(content_type__model="ivonotification", action="transition").latest("pk")
    assert entry.actor == coordinator and "sent_at" in entry.changes
    lex.refresh_from_db()
    assert lex.is_open
    save(lex, manager, causes="Utredningen fortsätter efter anmälan.")
    lex.refresh_from_db()
    assert lex.causes == "Utredningen fortsätter efter anmälan."


def test_an_incomplete_notification_cannot_be_marked_as_sent(world, lex):
    save(lex, world.persona("enhetschef"), classification=C.SERIOUS)
    notification = lex.deviation.ivo_notification
    decide(world, notification)
    with pytest.raises(ValidationError) as excinfo:
        services.ivo_notification_mark_sent(actor=world.persona("kvalitetssamordnare"), notification=notification)
    message = str(excinfo.value)
    assert "organisationsnummer" in message and "vem som drabbades" in message
    notification.refresh_from_db()
    assert not notification.is_sent


def test_a_sent_notification_cannot_be_changed_or_sent_again(world, lex, with_org_number):
    save(lex, world.persona("enhetschef"), affected="Rädd.", classification=C.SERIOUS)
    notification = lex.deviation.ivo_notification
    decide(world, notification)
    services.ivo_notification_mark_sent(actor=world.persona("kvalitetssamordnare"), notification=notification)
    with pytest.raises(ValidationError):
        services.ivo_notification_update(actor=None, notification=notification, expected_version=None, data={"contact_name": "X"})
    with pytest.raises(ValidationError):
        services.ivo_notification_mark_sent(actor=world.persona("kvalitetssamordnare"), notification=notification)


def test_the_sending_time_cannot_be_in_the_future_or_before_the_report(world, lex, with_org_number):
    save(lex, world.persona("enhetschef"), affected="Rädd.", classification=C.SERIOUS)
    notification = lex.deviation.ivo_notification
    decide(world, notification)
    for sent_at in (timezone.now() + datetime.timedelta(days=1), lex.deviation.reported_at - datetime.timedelta(days=1)):
        with pytest.raises(ValidationError):
            services.ivo_notification_mark_sent(
                actor=world.persona("kvalitetssamordnare"), notification=notification, sent_at=sent_at
            )


def test_a_report_with_an_unsent_notification_cannot_be_closed(world, lex, with_org_number):
    manager = world.persona("enhetschef")
    deviation = lex.deviation
    for state in (S.RECEIVED, S.INVESTIGATING):
        services.deviation_transition(actor=manager, deviation=deviation, to_state=state)
    save(lex, manager, **{**COMPLETE, "classification": C.SERIOUS})
    services.investigation_complete(actor=manager, investigation=lex)
    services.deviation_transition(actor=manager, deviation=deviation, to_state=S.RESOLVED, comment="Åtgärdat")
    with pytest.raises(ValidationError) as excinfo:
        services.deviation_transition(actor=manager, deviation=deviation, to_state=S.CLOSED, comment="Klart")
    assert "IVO" in str(excinfo.value)
    decide(world, deviation.ivo_notification)
    services.ivo_notification_mark_sent(actor=world.persona("kvalitetssamordnare"), notification=deviation.ivo_notification)
    services.deviation_transition(actor=manager, deviation=deviation, to_state=S.CLOSED, comment="Klart")
    assert deviation.state == S.CLOSED


def test_a_lex_sarah_investigation_can_be_started_later_but_only_once(world, report):
    deviation = report()
    manager = world.persona("enhetschef")
    services.lex_sarah_start(actor=manager, deviation=deviation)
    deviation.refresh_from_db()
    assert deviation.possible_lex_sarah
    with pytest.raises(ValidationError):
        services.lex_sarah_start(actor=manager, deviation=deviation)


def test_the_investigation_continues_after_the_ivo_notification_even_when_re_classified(world, lex):
    manager = world.persona("enhetschef")
    save(lex, manager, classification=C.SERIOUS)
    assert IvoNotification.objects.filter(deviation=lex.deviation).exists()
    save(lex, manager, classification=C.NOT_A_WRONG)
    with pytest.raises(ValidationError) as excinfo:
        services.investigation_close_early(actor=manager, investigation=lex, position="Det var inte ett missförhållande.")
    assert "anmäld till IVO" in str(excinfo.value)
    lex.refresh_from_db()
    assert lex.is_open
    assert lex.early_close_position == ""


def test_a_serious_classification_only_proposes_the_notification_which_is_sent_after_the_decision(world, lex, with_org_number):
    save(lex, world.persona("enhetschef"), affected="Rädd.", classification=C.SERIOUS)
    notification = lex.deviation.ivo_notification
    assert not notification.is_decided
    with pytest.raises(ValidationError) as excinfo:
        services.ivo_notification_mark_sent(actor=world.persona("kvalitetssamordnare"), notification=notification)
    assert "Beslut om anmälan saknas" in str(excinfo.value)
    notification.refresh_from_db()
    assert not notification.is_sent


def test_the_decision_records_who_when_and_on_which_delegation(world, lex):
    save(lex, world.persona("enhetschef"), classification=C.SERIOUS)
    notification = lex.deviation.ivo_notification
    decided_at = timezone.now()
    board = {"basis": IvoNotification.Basis.BOARD, "reference": "Socialnämndens protokoll § 45"}
    decide(world, notification, decided_at=decided_at, **board)
    notification.refresh_from_db()
    assert (notification.decided_by, notification.decided_at) == (world.persona("forvaltningschef"), decided_at)
    assert (notification.decision_basis, notification.decision_reference) == ("board", "Socialnämndens protokoll § 45")
    entry = AuditEntry.objects.get(content_type__model="ivonotification", action="transition")
    assert entry.actor == world.persona("forvaltningschef")
    assert {"decided_at", "decision_basis", "decision_reference"} <= set(entry.changes)
    with pytest.raises(ValidationError):
        decide(world, notification)


@pytest.mark.parametrize("role", ["enhetschef", "avdelningschef", "kvalitetssamordnare"])
def test_only_the_forvaltningschef_records_the_decision(world, lex, role):
    from django.core.exceptions import PermissionDenied

    save(lex, world.persona("enhetschef"), classification=C.SERIOUS)
    notification = lex.deviation.ivo_notification
    with pytest.raises(PermissionDenied):
        services.ivo_notification_decide(
            actor=world.persona(role), notification=notification, basis="delegation", reference="Punkt 1.4"
        )
    notification.refresh_from_db()
    assert not notification.is_decided


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"basis": "somebody"}, "decision_basis"),
        ({"reference": "  "}, "decision_reference"),
        ({"decided_at": timezone.now() + datetime.timedelta(days=2)}, "decided_at"),
        ({"decided_at": timezone.now() - datetime.timedelta(days=400)}, "decided_at"),
    ],
)
def test_a_decision_without_basis_or_reference_or_at_an_impossible_time_is_refused(world, lex, overrides, field):
    save(lex, world.persona("enhetschef"), classification=C.SERIOUS)
    with pytest.raises(ValidationError) as excinfo:
        decide(world, lex.deviation.ivo_notification, **overrides)
    assert field in excinfo.value.error_dict


def test_the_database_refuses_a_sent_notification_without_a_decision(world, lex):
    from django.db import IntegrityError, transaction

    save(lex, world.persona("enhetschef"), classification=C.SERIOUS)
    with pytest.raises(IntegrityError), transaction.atomic():
        IvoNotification.objects.filter(deviation=lex.deviation).update(
            sent_at=timezone.now(), sent_by=world.persona("kvalitetssamordnare")
        )


def test_the_expected_end_of_the_investigation_on_the_notification_cannot_lie_in_the_past(world, lex):
    save(lex, world.persona("enhetschef"), classification=C.SERIOUS)
    notification = lex.deviation.ivo_notification
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        services.ivo_notification_update(
            actor=None, notification=notification, expected_version=None, data={"investigation_expected": yesterday}
        )
    assert "investigation_expected" in excinfo.value.error_dict
    ahead = timezone.localdate() + datetime.timedelta(days=20)
    services.ivo_notification_update(
        actor=None, notification=notification, expected_version=None, data={"investigation_expected": ahead}
    )
    notification.refresh_from_db()
    assert notification.investigation_expected == ahead


def test_an_action_demanded_by_the_analysis_cannot_be_due_in_the_past(world, report):
    manager = world.persona("enhetschef")
    with pytest.raises(ValidationError) as excinfo:
        services.deviation_action_create(
            actor=manager,
            deviation=report(),
            title="Ny rutin",
            owner=manager,
            due_date=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert "due_date" in excinfo.value.error_dict
