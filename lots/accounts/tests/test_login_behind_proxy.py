"""Behind the TLS proxy, the login lockout is per person and client address, not per person and proxy."""

import pytest
from django.conf import settings
from django.urls import reverse

from lots.testing.factories import UserFactory

PROXY = "127.0.0.1"


@pytest.fixture
def person(db, settings):
    settings.LOTS_TRUSTED_PROXIES = [PROXY]
    return UserFactory(username="emma")


def login(client, password, citizen):
    data = {"username": "emma", "password": password}
    return client.post(reverse("accounts:login"), data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=citizen)


def test_someone_guessing_from_elsewhere_cannot_lock_the_person_out(client, person):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "fel", "203.0.113.66")
    assert login(client, "fel", "203.0.113.66").status_code == 429
    assert login(client, "test-password-123", "198.51.100.10").status_code == 302
