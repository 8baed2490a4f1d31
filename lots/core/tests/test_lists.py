"""The list-definition layer on a domain-free model (django.contrib.auth's groups)."""

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.http import HttpResponse, QueryDict

from lots.core.lists import API_MAX_LIMIT, ListDefinition, Paging, api_window


class NameForm(forms.Form):
    name = forms.CharField(required=False, max_length=5)


def _groups(**kwargs) -> ListDefinition:
    fields = {
        "name": "Groups",
        "form": NameForm,
        "scope": lambda user: Group.objects.all(),
        "narrow": lambda qs, data, user: qs.filter(name__startswith=data["name"]) if data["name"] else qs,
        "ordering": ("name", "pk"),
        "per_page": 2,
    }
    fields.update(kwargs)
    return ListDefinition(**fields)


@pytest.fixture
def groups(db):
    return [Group.objects.create(name=name) for name in ("b", "a", "c", "ab")]


def test_an_ordering_that_does_not_end_in_the_primary_key_is_refused():
    with pytest.raises(ValueError, match="primary key"):
        _groups(ordering=("name",))


def test_the_page_the_window_and_the_rows_follow_the_one_ordering(groups):
    bound = _groups().bind(None, QueryDict(""))
    names = [g.name for g in bound.rows()]
    assert names == ["a", "ab", "b", "c"]
    assert [g.name for g in bound.page(2)] == names[2:]
    window, total = bound.window(1, 2)
    assert [g.name for g in window] == names[1:3] and total == 4


def test_valid_filters_narrow_the_rows(groups):
    bound = _groups().bind(None, QueryDict("name=a"))
    assert bound.is_valid and bound.status == 200
    assert [g.name for g in bound.rows()] == ["a", "ab"]


def test_an_invalid_filter_value_lists_nothing(groups):
    bound = _groups().bind(None, QueryDict("name=toolong"))
    assert not bound.is_valid and bound.status == 422
    assert list(bound.rows()) == [] and bound.window(0, 10) == ([], 0)
    assert list(bound.errors()) == ["name"]


def test_the_api_query_has_the_form_fields_and_bounded_paging():
    fields = _groups().api_query.model_fields
    assert set(fields) == {"name", "limit", "offset"}
    with pytest.raises(ValueError):
        _groups().api_query(limit=API_MAX_LIMIT + 1)


def test_a_list_without_filters_is_windowed_with_its_total(groups):
    response = HttpResponse()
    rows = api_window(Group.objects.order_by("name", "pk"), Paging(limit=2, offset=1), response)
    assert [g.name for g in rows] == ["ab", "b"] and response["X-Total-Count"] == "4"


def test_an_unordered_queryset_is_refused_for_an_api_list(groups):
    with pytest.raises(ValueError, match="ordered"):
        api_window(Group.objects.all(), Paging(), HttpResponse())


def test_a_filter_may_choose_the_ordering_and_it_still_ends_in_the_primary_key(groups):
    definition = _groups(ordering=lambda data: ("-name", "pk") if data.get("name") else ("name", "pk"))
    assert [g.name for g in definition.bind(None, QueryDict("name=a")).rows()] == ["ab", "a"]
    assert [g.name for g in definition.bind(None, QueryDict("")).rows()] == ["a", "ab", "b", "c"]
    with pytest.raises(ValueError, match="primary key"):
        _groups(ordering=lambda data: ("name",)).bind(None, QueryDict(""))


def test_a_list_already_in_order_is_windowed_too():
    response = HttpResponse()
    assert api_window(["a", "b", "c"], Paging(limit=1, offset=2), response) == ["c"]
    assert response["X-Total-Count"] == "3"
