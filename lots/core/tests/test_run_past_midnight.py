"""A test run that goes past midnight: the test modules' TODAY follows the date (lots/conftest.py)."""

import datetime
import sys
import types

from lots.conftest import move_today

STARTED = datetime.date(2020, 1, 1)
NEXT = datetime.date(2020, 1, 2)


def _module(name, today):
    module = types.ModuleType(name)
    module.TODAY = today
    sys.modules[name] = module
    return module


def test_the_day_the_run_started_becomes_the_new_day_in_test_modules_only():
    stale = _module("lots.example.tests.test_stale", STARTED)
    fixed = _module("lots.example.tests.test_fixed", datetime.date(2019, 6, 1))
    moment = _module("lots.example.tests.test_moment", datetime.datetime(2020, 1, 1, 12, 0))
    application = _module("lots.example.services", STARTED)
    try:
        assert move_today(STARTED, NEXT) == ["lots.example.tests.test_stale"]
        assert stale.TODAY == NEXT
        assert datetime.date(2019, 6, 1) == fixed.TODAY
        assert datetime.datetime(2020, 1, 1, 12, 0) == moment.TODAY
        assert application.TODAY == STARTED
    finally:
        for name in ("lots.example.tests.test_stale", "lots.example.tests.test_fixed", "lots.example.tests.test_moment"):
            sys.modules.pop(name)
        sys.modules.pop("lots.example.services")
