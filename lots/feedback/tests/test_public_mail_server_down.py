"""The public form with the mail server down: the sender gets the receipt page with the status link, and the receipt
and the managers' mails go out once the server is back, each once."""

import re

import pytest
from django.urls import reverse

from lots.feedback.models import FeedbackCase

C = FeedbackCase
pytestmark = pytest.mark.django_db(transaction=True)


def test_with_the_mail_server_down_the_sender_gets_the_receipt_and_the_mail_follows_once_the_server_is_back(
    world, client, mail_server, mail_queue
):
    world.sub.public_name = "Stöd till familjer"
    world.sub.save(update_fields=["public_name"])
    mail_server.stop()
    data = {
        "kind": C.Kind.COMPLAINT,
        "unit": str(world.sub.pk),
        "sender_role": C.SenderRole.RELATIVE,
        "description": "Min pappa fick vänta tre veckor på ett besked.",
        "reply": C.Reply.EMAIL,
        "contact_email": "anhorig@example.se",
        "website": "",
    }
    response = client.post(reverse("feedback_public:form", args=[world.m1.slug]), data)
    assert response.status_code == 302
    case = FeedbackCase.objects.get()
    receipt = client.get(response.url)
    assert receipt.status_code == 200
    page = receipt.content.decode()
    assert case.reference in page
    assert re.search(r'href="http://testserver/lamna-synpunkter/testkommun/status/[^"]+/"', page)

    mail_queue.work()
    assert mail_server.received == []
    mail_server.start()
    mail_queue.work(later=True)
    to_sender = [m for m in mail_server.received if m.to == ["anhorig@example.se"]]
    assert len(to_sender) == 1 and case.reference in to_sender[0].subject
    assert "/lamna-synpunkter/testkommun/status/" in to_sender[0].body
    managers = [m for m in mail_server.received if m.to != ["anhorig@example.se"]]
    assert managers and all(case.reference in m.subject for m in managers)
    assert len({tuple(m.to) for m in managers}) == len(managers)
    count = len(mail_server.received)
    mail_queue.work(later=True)
    assert len(mail_server.received) == count
