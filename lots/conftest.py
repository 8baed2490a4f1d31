import os

import pytest
from django.conf import settings
from django.utils import translation

from lots.testing.world import build_world

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["lots.testing.browser", "lots.testing.smtp"]


@pytest.fixture(autouse=True)
def swedish_after_each_test():
    """Every request activates its own language (lots.core.middleware); a test that asked for English must not leave
    it active in the thread for the next test's code outside a request."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client logged in as ``user``."""

    def login(user):
        client.force_login(user)
        return client

    return login
