"""The reminder mails' texts come from templates through gettext: Swedish by default, English when it is active."""

import datetime

from django.core import mail
from django.utils import translation

from lots.feedback import services
from lots.feedback.reminders import send_reminders
from lots.feedback.tests.conftest import aware

RECEIVED = datetime.date(2026, 3, 2)  # due 2026-03-16 with the default 14 days


def _send(day, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=day)
    return {(m.to[0], m.subject): m.body for m in mail.outbox}


def test_the_reminders_are_plain_swedish_text(world, sub_manager, make_case, django_capture_on_commit_callbacks):
    case = make_case(world.sub, received_at=aware(RECEIVED))
    sent = _send(datetime.date(2026, 3, 13), django_capture_on_commit_callbacks)
    body = sent[(sub_manager.email, f"Påminnelse: {case.reference} ska vara avslutat 2026-03-16")]
    assert f"{case.reference} till {world.sub.name} ska vara avslutat senast 2026-03-16 (om 3 dagar).\n\n" in body
    assert "\n\nÖppna ärendet: http" in body
    services.feedback_receive(actor=sub_manager, case=case)
    sent = _send(datetime.date(2026, 3, 17), django_capture_on_commit_callbacks)
    chief = world.persona("avdelningschef").email
    escalation = sent[(chief, f"Försenat ärende: {case.reference} på {world.sub.name}")]
    assert "avslutat senast 2026-03-16 och är nu 1 dag försenat.\nHandläggare: " in escalation
    assert "\n\nDu får det här som närmast högre chef. Öppna ärendet: http" in escalation
    overdue = sent[(sub_manager.email, f"Tidsfristen har passerat: {case.reference}")]
    assert "Ärendet har eskalerats till närmast högre chef.\n\nÖppna ärendet: http" in overdue


def test_the_reminders_read_in_english_when_english_is_active(world, sub_manager, make_case, django_capture_on_commit_callbacks):
    case = make_case(world.sub, received_at=aware(RECEIVED))
    with translation.override("en"):
        sent = _send(datetime.date(2026, 3, 13), django_capture_on_commit_callbacks)
        body = sent[(sub_manager.email, f"Reminder: {case.reference} is to be closed by 2026-03-16")]
        assert f"{case.reference} to {world.sub.name} is to be closed by 2026-03-16 (in 3 days).\n\nOpen the case: http" in body
        sent = _send(datetime.date(2026, 3, 17), django_capture_on_commit_callbacks)
    chief = world.persona("avdelningschef").email
    escalation = sent[(chief, f"Overdue case: {case.reference} at {world.sub.name}")]
    assert f"should have been closed by 2026-03-16 and is now 1 day overdue.\nCase handler: {sub_manager}." in escalation
    assert "\n\nYou receive this as the next manager up. Open the case: http" in escalation
    overdue = sent[(sub_manager.email, f"The deadline has passed: {case.reference}")]
    assert "The case has been escalated to the next manager up.\n\nOpen the case: http" in overdue
