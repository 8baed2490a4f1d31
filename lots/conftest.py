import os

import pytest
from django.conf import settings
from django.utils import translation

from lots.testing.world import build_world

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["lots.testing.browser", "lots.testing.smtp"]


_DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


def pytest_collection_modifyitems(items):
    """Mark each test that touches no database ``no_database``: the PostgreSQL lane of the CI leaves those out, as
    they run exactly as they do in the SQLite lane."""
    for item in items:
        if not item.get_closest_marker("django_db") and not _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.no_database)


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
