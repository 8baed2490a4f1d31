"""POST /api/v1/deviations with the mail server down: the report is saved and answered 201, and the managers' mail
goes out once the server is back."""

import datetime

import pytest
from django.utils import timezone

from lots.accounts.services import api_token_create
from lots.deviations.models import Deviation

pytestmark = pytest.mark.django_db(transaction=True)


def test_with_the_mail_server_down_the_api_answers_201_and_the_mail_follows(
    world, client, reporter, category, mail_server, mail_queue
):
    _token, key = api_token_create(actor=reporter, name="test")
    mail_server.stop()
    payload = {
        "unit_id": world.own.pk,
        "occurred_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
        "description": "Besöket blev inställt.",
        "category_id": category.pk,
    }
    response = client.post(
        "/api/v1/deviations", payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 201
    deviation = Deviation.objects.get()
    assert response.json()["number"] == deviation.number
    mail_queue.work()
    assert mail_server.received == []
    mail_server.start()
    mail_queue.work(later=True)
    assert mail_server.received
    assert all(deviation.number in m.subject or deviation.number in m.body for m in mail_server.received)
    assert len({tuple(m.to) for m in mail_server.received}) == len(mail_server.received)
