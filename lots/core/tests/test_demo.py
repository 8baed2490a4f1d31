"""The whole demo municipality, loaded once for every app's checks of it.

Loading the demo takes half a minute, so this module loads it once (``built_once``), in a transaction rolled back after
the last check; each check runs in a savepoint of its own, so what one check writes no other sees. What an app's demo
must hold is in that app's ``tests/demo_checks.py``: every function there named ``check_…`` is called with the loaded
``DemoContext``.
"""

import pytest
from django.core import mail
from django.utils import timezone

from lots.core import demo as core_demo
from lots.core.discovery import app_modules
from lots.testing.shared import built_once


def _checks():
    return [
        pytest.param(check, id=f"{module.__name__.split('.')[1]}.{name.removeprefix('check_')}")
        for module in app_modules("tests.demo_checks")
        for name, check in vars(module).items()
        if name.startswith("check_") and callable(check)
    ]


CHECKS = _checks()


def _load():
    sent = len(mail.outbox)
    ctx = core_demo.load(timezone.localdate())
    ctx.mails_while_loading = len(mail.outbox) - sent
    return ctx


demo = built_once(_load)


def test_every_app_with_demo_data_has_its_checks_here():
    checked = {param.id.split(".")[0] for param in CHECKS}
    assert {"core", "deviations", "processes", "staff", "indicators"} <= checked


@pytest.mark.parametrize("check", CHECKS)
def test_the_demo(demo, check, db):
    check(demo)
