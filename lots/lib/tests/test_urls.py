"""pk_url gives what reverse gives, for every id, prefix and URLconf."""

from unittest import mock

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from lots.lib import urls
from lots.lib.urls import pk_url


@pytest.mark.parametrize("pk", [1, 7, 987654, 2**40])
def test_the_url_is_what_reverse_gives(pk):
    assert pk_url("deviations:detail", pk) == reverse("deviations:detail", args=[pk])


def test_the_name_is_reversed_once_however_many_rows_ask():
    pk_url("deviations:detail", 1)
    with mock.patch.object(urls, "reverse", wraps=reverse) as reversed_:
        found = [pk_url("deviations:detail", pk) for pk in range(1, 51)]
    assert reversed_.call_count == 0
    assert found == [reverse("deviations:detail", args=[pk]) for pk in range(1, 51)]


def test_a_script_prefix_is_kept():
    set_script_prefix("/lots/")
    try:
        assert pk_url("deviations:detail", 5) == reverse("deviations:detail", args=[5])
        assert pk_url("deviations:detail", 5).startswith("/lots/")
    finally:
        set_script_prefix("/")


def test_an_id_that_is_not_a_number_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        pk_url("deviations:detail", "x/../y")
