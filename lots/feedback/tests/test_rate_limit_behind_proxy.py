"""Behind the TLS proxy, the public form's rate limit counts each citizen, not the proxy."""

import pytest

from lots.feedback.models import FeedbackCase
from lots.feedback.tests.test_public_views import form_url, public_unit, valid  # noqa: F401

PROXY = "127.0.0.1"


@pytest.fixture
def behind_proxy(settings):
    settings.LOTS_TRUSTED_PROXIES = [PROXY]
    settings.LOTS_FEEDBACK_RATE_LIMIT = 2


def _post(client, world, unit, citizen):
    return client.post(form_url(world), valid(unit), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=citizen)


def test_citizens_behind_the_proxy_each_have_their_own_limit(world, client, public_unit, behind_proxy):  # noqa: F811
    for _ in range(2):
        assert _post(client, world, public_unit, "198.51.100.1").status_code == 302
    assert _post(client, world, public_unit, "198.51.100.1").status_code == 429
    assert _post(client, world, public_unit, "198.51.100.2").status_code == 302
    assert FeedbackCase.objects.count() == 3


def test_a_citizen_cannot_escape_the_limit_by_sending_a_forwarded_header(world, client, public_unit, behind_proxy):  # noqa: F811
    for n in range(2):
        forged = f"203.0.113.{n}, 198.51.100.1"
        assert client.post(form_url(world), valid(public_unit), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forged).status_code == 302
    again = client.post(form_url(world), valid(public_unit), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1")
    assert again.status_code == 429
