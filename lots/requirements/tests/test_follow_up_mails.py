"""The follow-up's mails to the provider and the lead: templates through gettext, Swedish by default, English when active."""

import datetime

from django.core import mail
from django.utils import translation

from lots.accounts.models import User
from lots.requirements import services
from lots.requirements.models import DemandedAction
from lots.requirements.tests.conftest import A, M, assess_all


def _run_a_follow_up(world, make_follow_up, capture) -> dict:
    """Open and submit a self-assessment, complete the follow-up, report and reopen a demanded action: {subject: body}."""
    User.objects.filter(username="extern_utforare").update(email="u@example.invalid")
    provider_user, lead = world.persona("extern_utforare"), world.persona("kvalitetssamordnare")
    follow_up = make_follow_up(methods=(M.DOCUMENTS, M.SELF_ASSESSMENT), self_assessment_due=datetime.date(2025, 5, 1))
    mail.outbox.clear()
    with capture(execute=True):
        services.follow_up_start_self_assessment(actor=lead, follow_up=follow_up)
        entries = [services.SelfEntry(a, a.version, A.MET, "") for a in follow_up.assessments.all()]
        services.self_assessment_save(actor=provider_user, follow_up=follow_up, entries=entries)
        services.self_assessment_submit(actor=provider_user, follow_up=follow_up)
    assess_all(follow_up, {1: A.NOT_MET}, actor=lead)
    follow_up.refresh_from_db()
    with capture(execute=True):
        completed_on = datetime.date(2025, 7, 15)
        services.follow_up_complete(
            actor=lead, follow_up=follow_up, expected_version=follow_up.version, completed_on=completed_on, summary="X"
        )
    action = DemandedAction.objects.get(follow_up=follow_up)
    with capture(execute=True):
        services.demanded_action_report(actor=provider_user, action=action, expected_version=action.version, response="Klart.")
    action.refresh_from_db()
    with capture(execute=True):
        services.demanded_action_reopen(actor=lead, action=action, expected_version=action.version, note="Datum & ansvar saknas.")
    return {m.subject: m.body for m in mail.outbox}


def test_the_follow_up_mails_are_plain_swedish_text(world, make_follow_up, django_capture_on_commit_callbacks):
    sent = _run_a_follow_up(world, make_follow_up, django_capture_on_commit_callbacks)
    assert "\n\nFyll i självskattningen senast 2025-05-01: http" in sent["Självskattning: Uppföljning 2025"]
    assert sent["Självskattning inskickad: Uppföljning 2025"].startswith("Egen utförare AB har skickat in sin självskattning.")
    assert "har slutfört uppföljningen. Rapporten och eventuella krav" in sent["Uppföljningen är klar: Uppföljning 2025"]
    assert sent["Åtgärd redovisad: Uppföljning 2025"].startswith("Egen utförare AB har redovisat en åtgärd:\n\n")
    assert sent["Åtgärden behöver kompletteras: Uppföljning 2025"].startswith("Datum & ansvar saknas.\n\nhttp")


def test_the_follow_up_mails_read_in_english_when_english_is_active(world, make_follow_up, django_capture_on_commit_callbacks):
    with translation.override("en"):
        sent = _run_a_follow_up(world, make_follow_up, django_capture_on_commit_callbacks)
    opened = sent["Self-assessment: Uppföljning 2025"]
    assert " is following up your services against " in opened
    assert "\n\nFill in the self-assessment by 2025-05-01: http" in opened
    assert sent["Self-assessment submitted: Uppföljning 2025"].startswith("Egen utförare AB has submitted their self-assessment.")
    completed = sent["The follow-up is complete: Uppföljning 2025"]
    assert "has completed the follow-up. The report and any demanded actions are here:\n\nhttp" in completed
    assert sent["Action reported: Uppföljning 2025"].startswith("Egen utförare AB has reported on an action:\n\n")
    assert sent["The action needs more work: Uppföljning 2025"].startswith("Datum & ansvar saknas.\n\nhttp")
