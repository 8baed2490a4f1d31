import datetime
import os
import sys

import pytest
from django.conf import settings
from django.utils import timezone, translation

from lots.testing.world import build_world

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["lots.testing.browser", "lots.testing.smtp"]


_DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


# The modules that take longest, started first: the two workers then finish together instead of one running a long
# module alone at the end.
LONGEST_FIRST = (
    "lots/core/tests/test_demo.py",
    "lots/archive/tests/test_backup.py",
    "bench/tests/test_generate_deviations.py",
    "lots/risks/tests/test_browser.py",
    "lots/rounds/tests/test_browser.py",
    "lots/processes/tests/test_browser.py",
    "lots/feedback/tests/test_browser.py",
    "lots/requirements/tests/test_browser.py",
    "lots/deviations/tests/test_browser.py",
    "lots/core/tests/test_phone_layout.py",
    "lots/access/tests/test_links_open.py",
    "lots/risks/tests/test_permission_matrix.py",
    "lots/processes/tests/test_permission_matrix.py",
)


def pytest_collection_modifyitems(items):
    """Mark each test that touches no database ``no_database``: the PostgreSQL lane of the CI leaves those out, as
    they run exactly as they do in the SQLite lane. Then put the longest modules first."""
    for item in items:
        if not item.get_closest_marker("django_db") and not _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.no_database)
    rank = {path: position for position, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


_COLLECTED_ON = timezone.localdate()


def move_today(started_on: datetime.date, today: datetime.date) -> list[str]:
    """Set ``TODAY`` to ``today`` in every loaded test module (and test helper) where it holds ``started_on``; returns
    the names of the modules changed."""
    moved = []
    for name, module in list(sys.modules.items()):
        held = getattr(module, "TODAY", None)
        if name.startswith(("lots.", "bench.")) and ".tests" in name and type(held) is datetime.date and held == started_on:
            module.TODAY = today
            moved.append(name)
    return moved


@pytest.fixture(autouse=True)
def today_is_the_day_the_test_runs():
    """Test modules name the day they run on as ``TODAY = timezone.localdate()``, which is fixed when the module is
    imported. A run that goes past midnight would then compare yesterday with the application's today; from then on,
    each test module's ``TODAY`` that still holds the day the run started is moved to the new day."""
    today = timezone.localdate()
    if today != _COLLECTED_ON:
        move_today(_COLLECTED_ON, today)


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
