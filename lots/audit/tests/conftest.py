"""The deviation and feedback fixtures, for the tests that read those records and look for the reads in the log."""

from lots.deviations.tests.conftest import category, report, reporter  # noqa: F401
from lots.feedback.tests.conftest import make_case  # noqa: F401
