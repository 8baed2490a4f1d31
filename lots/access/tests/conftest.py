"""The deviation and feedback fixtures, for the tests of how reads of those records are collected."""

from lots.deviations.tests.conftest import category, report, reporter  # noqa: F401
from lots.feedback.tests.conftest import make_case  # noqa: F401
