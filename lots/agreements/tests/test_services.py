"""The rules of the register's services: no activation without a legal assessment finding no obstacle, reviews move
the review date on, concurrent edits are refused, and every write leaves its audit entry without copying text."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from lots.accounts.models import Role
from lots.agreements import services
from lots.agreements.models import Agreement, AgreementReview
from lots.agreements.tests.helpers import REASONING, TODAY, assess, make_agreement
from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError


def test_an_agreement_without_a_legal_assessment_cannot_become_active(world):
    agreement = make_agreement(world, [world.own], active=False)
    with pytest.raises(ValidationError) as error:
        services.agreement_activate(actor=world.persona(Role.KVALITETSSAMORDNARE), agreement=agreement, expected_version=None)
    assert "rättslig bedömning saknas" in " ".join(error.value.messages)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT


def test_an_assessment_that_finds_an_obstacle_does_not_let_it_become_active(world):
    agreement = make_agreement(world, [world.own], active=False)
    assess(world, agreement, conclusion=Agreement.LegalConclusion.OBSTACLE)
    agreement.refresh_from_db()
    with pytest.raises(ValidationError):
        services.agreement_activate(actor=world.persona(Role.KVALITETSSAMORDNARE), agreement=agreement, expected_version=None)


def test_with_the_assessment_it_becomes_active_and_the_entry_says_so(world):
    agreement = make_agreement(world, [world.own], active=False)
    assess(world, agreement)
    agreement.refresh_from_db()
    services.agreement_activate(
        actor=world.persona(Role.KVALITETSSAMORDNARE), agreement=agreement, expected_version=agreement.version
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE and agreement.activated_at is not None
    entry = AuditEntry.objects.filter(object_id=str(agreement.pk), action="transition").latest("id")
    assert entry.changes["status"] == ["draft", "active"]


def test_the_database_refuses_an_active_agreement_without_an_assessment(world):
    agreement = make_agreement(world, [world.own], active=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.ACTIVE)


def test_an_active_agreement_cannot_be_given_an_assessment_that_finds_an_obstacle(world):
    agreement = make_agreement(world, [world.own])
    with pytest.raises(ValidationError) as error:
        assess(world, agreement, conclusion=Agreement.LegalConclusion.OBSTACLE)
    assert "conclusion" in error.value.message_dict


def test_the_assessment_needs_who_when_and_why_with_messages_at_the_fields(world):
    agreement = make_agreement(world, [world.own], active=False)
    with pytest.raises(ValidationError) as error:
        services.legal_assessment_record(
            actor=world.persona(Role.KVALITETSSAMORDNARE),
            agreement=agreement,
            expected_version=None,
            assessed_by=world.outsider,
            assessed_on=TODAY + datetime.timedelta(days=1),
            conclusion="",
            reasoning=" ",
        )
    assert set(error.value.message_dict) == {"assessed_by", "assessed_on", "conclusion", "reasoning"}


def test_activation_also_needs_a_party_and_a_review_date(world):
    agreement = make_agreement(world, [world.own], active=False, parties=0)
    assess(world, agreement)
    agreement.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.agreement_activate(actor=world.persona(Role.KVALITETSSAMORDNARE), agreement=agreement, expected_version=None)
    assert "parterna" in " ".join(error.value.messages)


def test_a_concurrent_edit_is_refused(world):
    agreement = make_agreement(world, [world.own], active=False)
    seen = agreement.version
    services.agreement_update(actor=world.persona(Role.ENHETSCHEF), agreement=agreement, expected_version=seen, title="Nytt namn")
    stale = Agreement.objects.get(pk=agreement.pk)
    with pytest.raises(ConcurrentEditError):
        services.agreement_update(actor=world.persona(Role.ENHETSCHEF), agreement=stale, expected_version=seen, title="Annat")


def test_the_audit_log_keeps_the_length_of_free_text_not_the_text(world):
    agreement = make_agreement(world, [world.own], active=False)
    services.agreement_update(
        actor=world.persona(Role.ENHETSCHEF), agreement=agreement, expected_version=None, purpose="Hemlig formulering"
    )
    entry = AuditEntry.objects.filter(object_id=str(agreement.pk), action="update").latest("id")
    assert entry.changes["purpose"][1] == {"chars": len("Hemlig formulering")}


def test_a_review_moves_the_review_date_on(world):
    agreement = make_agreement(world, [world.own], review_date=TODAY - datetime.timedelta(days=5))
    next_date = TODAY + datetime.timedelta(days=365)
    services.review_record(
        actor=world.persona(Role.ENHETSCHEF),
        agreement=agreement,
        expected_version=agreement.version,
        reviewed_on=TODAY,
        reviewed_by=world.persona(Role.ENHETSCHEF),
        outcome=AgreementReview.Outcome.CONTINUE,
        conclusion="Följs och fungerar.",
        next_review_date=next_date,
    )
    agreement.refresh_from_db()
    assert agreement.review_date == next_date
    assert agreement.reviews.get().conclusion == "Följs och fungerar."


def test_a_review_without_a_next_date_is_refused_unless_it_ends_the_agreement(world):
    agreement = make_agreement(world, [world.own])
    args = {
        "actor": world.persona(Role.ENHETSCHEF),
        "agreement": agreement,
        "expected_version": None,
        "reviewed_on": TODAY,
        "reviewed_by": world.persona(Role.ENHETSCHEF),
        "conclusion": "Behövs inte längre.",
        "next_review_date": None,
    }
    with pytest.raises(ValidationError) as error:
        services.review_record(outcome=AgreementReview.Outcome.CONTINUE, **args)
    assert "next_review_date" in error.value.message_dict
    services.review_record(outcome=AgreementReview.Outcome.END, **args)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ENDED


def test_the_document_is_stored_with_its_type_read_from_the_content(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = make_agreement(world, [world.own], active=False)
    upload = SimpleUploadedFile("avtal.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    services.document_attach(actor=world.persona(Role.ENHETSCHEF), agreement=agreement, upload=upload)
    agreement.refresh_from_db()
    assert agreement.document_name == "avtal.pdf" and agreement.document_content_type == "application/pdf"
    program = SimpleUploadedFile("avtal.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 4)
    with pytest.raises(ValidationError) as error:
        services.document_attach(actor=world.persona(Role.ENHETSCHEF), agreement=agreement, upload=program)
    assert "document" in error.value.message_dict


def test_the_last_party_of_an_active_agreement_stays(world):
    agreement = make_agreement(world, [world.own])
    with pytest.raises(ValidationError):
        services.party_remove(actor=world.persona(Role.ENHETSCHEF), party=agreement.parties.get())


def test_units_of_another_municipality_are_refused(world):
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            actor=world.persona(Role.KVALITETSSAMORDNARE),
            municipality=world.m1,
            units=[world.own, world.foreign],
            owner=world.persona(Role.ENHETSCHEF),
            title="Blandad",
            area="Barn",
            purpose="Syfte",
        )
    assert "units" in error.value.message_dict


def test_reasoning_is_kept(world):
    agreement = make_agreement(world, [world.own])
    assert agreement.legal_reasoning == REASONING and agreement.has_legal_clearance
