"""Mail to a citizen is written in the language they used on the public form, whoever on the staff side sends it."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from lots.feedback import services
from lots.feedback.models import FeedbackCase

C = FeedbackCase


@pytest.fixture
def public_unit(world):
    world.sub.public_name = "Stöd till familjer"
    world.sub.save(update_fields=["public_name"])
    return world.sub


def submit(client, world, unit, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    data = {
        "kind": C.Kind.COMPLAINT,
        "unit": str(unit.pk),
        "sender_role": C.SenderRole.RELATIVE,
        "description": "Ingen ringde tillbaka efter mötet.",
        "reply": C.Reply.EMAIL,
        "contact_name": "Cecilia",
        "contact_email": "cecilia@example.invalid",
        "website": "",
    }
    response = client.post(reverse("feedback_public:form", args=[world.m1.slug]), data)
    assert response.status_code == 302
    return FeedbackCase.objects.get()


def answer(world, case, *, staff_language):
    manager = world.persona("enhetschef")
    services.feedback_receive(actor=manager, case=case, expected_version=case.version)
    mail.outbox.clear()
    with translation.override(staff_language):
        services.feedback_answer(
            actor=manager, case=case, expected_version=case.version, method=C.AnswerMethod.EMAIL, answer="Vi har ringt upp."
        )


def test_a_sender_who_used_the_form_in_english_gets_the_receipt_and_the_answer_in_english(
    world, client, public_unit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = submit(client, world, public_unit, "en")
    assert case.contact_language == "en"
    receipt = [m for m in mail.outbox if m.to == ["cecilia@example.invalid"]]
    assert receipt[0].subject == f"We have received your feedback {case.reference}"
    with django_capture_on_commit_callbacks(execute=True):
        answer(world, case, staff_language="sv")
    assert [m.subject for m in mail.outbox] == [f"Answer to your feedback {case.reference}"]
    assert "Vi har ringt upp." in mail.outbox[0].body  # the answer itself is the staff's text, as written


def test_a_sender_who_used_the_form_in_swedish_gets_swedish_mail_even_from_staff_using_english(
    world, client, public_unit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = submit(client, world, public_unit, "sv")
    assert case.contact_language == "sv"
    with django_capture_on_commit_callbacks(execute=True):
        answer(world, case, staff_language="en")
    assert [m.subject for m in mail.outbox] == [f"Svar på din synpunkt {case.reference}"]


def test_a_case_registered_by_staff_is_answered_in_swedish(world, make_case, django_capture_on_commit_callbacks):
    case = make_case(reply=C.Reply.EMAIL, contact_email="c@example.invalid", contact_name="Cecilia")
    assert case.contact_language == ""
    with django_capture_on_commit_callbacks(execute=True):
        answer(world, case, staff_language="en")
    assert [m.subject for m in mail.outbox] == [f"Svar på din synpunkt {case.reference}"]
