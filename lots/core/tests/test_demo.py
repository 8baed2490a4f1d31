"""The whole demo municipality, loaded once for every app's checks of it.

Loading the demo takes half a minute, so this module loads it once (``built_once``), in a transaction rolled back after
the last check; each check runs in a savepoint of its own, so what one check writes no other sees. What an app's demo
must hold is in that app's ``tests/demo_checks.py``: every function there named ``check_…`` is called with the loaded
``DemoContext``.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone

from lots.core import demo as core_demo
from lots.testing.shared import built_once


def _checks():
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("lots."):
            continue
        name = f"{config.name}.tests.demo_checks"
        try:
            module = import_module(name)
        except ModuleNotFoundError as missing:
            if name.startswith(f"{missing.name}.") or missing.name == name:
                continue
            raise
        for attribute, check in vars(module).items():
            if attribute.startswith("check_") and callable(check):
                found.append(pytest.param(check, id=f"{config.label}.{attribute.removeprefix('check_')}"))
    return found


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
