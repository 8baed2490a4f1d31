"""Data built once for all the tests of a module.

Some test data is costly to build (the whole demo, a generated benchmark data set) and only read by the tests that use
it. ``built_once(build)`` makes a module-scoped fixture: ``build()`` runs once, inside a transaction that is rolled back
after the module's last test; each test, which also asks for ``db``, runs in a savepoint of that transaction, so what
one test writes the next does not see.
"""

import pytest
from django.db import transaction


def built_once(build):
    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        outer = transaction.atomic()
        with django_db_blocker.unblock():
            outer.__enter__()
            try:
                value = build()
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        yield value
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

    return fixture
