"""One definition per list of records, serving its web page, its API list and its export alike.

A ``ListDefinition`` names everything that decides which rows a list has and in which
order: the filter form (its fields validate the filter values, with their messages next
to the field), how valid filters narrow the queryset, the access scope the rows start
from, the one ordering (ending in the primary key, so it is total), how a page of rows is
loaded with its relations, and the page size. ``definition.bind(user, request.GET)`` gives
a ``FilteredList``; the web page takes ``page()``, the API ``window()`` and the export
``rows()``, so the three cannot disagree about filters, scope or order.

A filter value with an error lists nothing: the page shows the error at its field (422)
and the API answers 422 with the same messages. Listing everything instead would look
like the filter had been applied.

Every API list pages the same way: ``limit`` (default ``API_LIMIT``, at most
``API_MAX_LIMIT``) and ``offset``; the body is the list of rows and the ``X-Total-Count``
header says how many rows match.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import create_model

from lots.core.pagination import DeferredRows

API_LIMIT = 100
API_MAX_LIMIT = 500
# Far beyond any list's length, yet small enough for every database's integer type.
API_MAX_OFFSET = 1_000_000_000
TOTAL_HEADER = "X-Total-Count"

# ``openapi_extra`` for an API list: documents the total header on the 200 response.
API_LIST_OPENAPI = {
    "responses": {
        200: {
            "headers": {
                TOTAL_HEADER: {
                    "description": "Antal rader som matchar filtren (alla sidor).",
                    "schema": {"type": "integer"},
                }
            }
        }
    }
}


class NoFilters(forms.Form):
    """The filter form of a list without filters."""


def _no_filters(queryset: QuerySet, data: dict, user) -> QuerySet:
    return queryset


def _no_form_kwargs(user) -> dict:
    return {}


def _as_is(queryset: QuerySet, user) -> QuerySet:
    return queryset


@dataclass(frozen=True)
class ListDefinition:
    """What decides a list's rows and their order. See the module docstring.

    ``scope(user)`` is the access module's queryset of what the person may see;
    ``narrow(queryset, cleaned_data, user)`` applies valid filter values;
    ``form_kwargs(user)`` gives the filter form its choices (units, categories …);
    ``load(queryset, user)`` adds what a row needs (select_related, prefetches, the person's annotations);
    ``ordering`` is a tuple of fields, or ``ordering(cleaned_data)`` when a filter changes it (a search ranks its
    matches); it gets ``{}`` for invalid filters, and the narrowed queryset must have what it orders by.
    """

    name: str
    form: type[forms.Form]
    scope: Callable[[Any], QuerySet]
    ordering: tuple[str, ...] | Callable[[dict], tuple[str, ...]]
    narrow: Callable[[QuerySet, dict, Any], QuerySet] = _no_filters
    form_kwargs: Callable[[Any], dict] = _no_form_kwargs
    load: Callable[[QuerySet, Any], QuerySet] = _as_is
    per_page: int = 50
    api_query: type[Schema] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if not callable(self.ordering):
            self.order_by(None)
        object.__setattr__(self, "api_query", _query_schema(self))

    def order_by(self, data: dict | None) -> tuple[str, ...]:
        ordering = self.ordering(data or {}) if callable(self.ordering) else self.ordering
        if not ordering or ordering[-1].lstrip("-") not in ("pk", "id"):
            raise ValueError(f"the ordering of {self.name} must end in the primary key")
        return ordering

    def bind(self, user, data) -> "FilteredList":
        """The list as ``user`` sees it with the filter values in ``data`` (a QueryDict; other keys are ignored)."""
        return FilteredList(self, user, data)


class FilteredList:
    def __init__(self, definition: ListDefinition, user, data):
        self.definition = definition
        self.user = user
        self.form = definition.form(data, **definition.form_kwargs(user))
        queryset = definition.scope(user)
        if self.form.is_valid():
            queryset = definition.narrow(queryset, self.form.cleaned_data, user)
            ordering = definition.order_by(self.form.cleaned_data)
        else:
            queryset = queryset.none()
            ordering = definition.order_by(None)
        self.queryset = queryset.order_by(*ordering)

    @property
    def is_valid(self) -> bool:
        return not self.form.errors

    @property
    def status(self) -> int:
        """The web page's status: 422 when a filter value has an error."""
        return 200 if self.is_valid else 422

    def errors(self) -> dict[str, list[str]]:
        return {name: [str(message) for message in messages] for name, messages in self.form.errors.items()}

    def _load(self, queryset: QuerySet) -> QuerySet:
        return self.definition.load(queryset, self.user)

    def page(self, number) -> Page:
        """Page ``number`` of the web list (an invalid or out-of-range number gives the first or last page)."""
        return Paginator(DeferredRows(self.queryset, load=self._load), self.definition.per_page).get_page(number)

    def window(self, offset: int, limit: int) -> tuple[list, int]:
        """``limit`` rows from ``offset``, and the number of matching rows."""
        rows = DeferredRows(self.queryset, load=self._load)
        return rows[offset : offset + limit], rows.count()

    def rows(self) -> QuerySet:
        """Every matching row in the list's order, loaded as a page is: what the export writes."""
        return self._load(self.queryset)

    def api_rows(self, params, response) -> list:
        """The API's window of the list, with the total in the response header; 422 for invalid filter values."""
        if not self.is_valid:
            raise ValidationError(self.errors())
        rows, total = self.window(params.offset, params.limit)
        response[TOTAL_HEADER] = str(total)
        return rows


class Paging(Schema):
    """The query parameters of an API list without filters."""

    limit: int = Field(API_LIMIT, ge=1, le=API_MAX_LIMIT, description=f"Högst så här många rader (högst {API_MAX_LIMIT}).")
    offset: int = Field(0, ge=0, le=API_MAX_OFFSET, description="Hoppa över så här många rader.")


def api_window(rows: QuerySet | list, params: Paging, response) -> list:
    """A window of an ordered queryset (or of a list already in order) for an API list without filters, with the
    total in the response header."""
    if isinstance(rows, QuerySet):
        if not rows.ordered:
            raise ValueError("an API list needs an ordered queryset")
        total = rows.count()
    else:
        total = len(rows)
    response[TOTAL_HEADER] = str(total)
    return list(rows[params.offset : params.offset + params.limit])


# Filter values the API accepts before the form sees them: ids that fit a bigint, numbers that fit an integer and
# dates between 1900 and 2999, so that no value reaches a query or a date calculation it cannot survive.
_API_ID = Annotated[int, Field(ge=1, le=2**63 - 1)]
_API_NUMBER = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
_API_DATE = Annotated[datetime.date, Field(ge=datetime.date(1900, 1, 1), le=datetime.date(2999, 12, 31))]


def _api_type(form_field: forms.Field) -> type:
    if isinstance(form_field, forms.BooleanField):
        return bool
    if isinstance(form_field, forms.ModelChoiceField):
        return _API_ID
    if isinstance(form_field, forms.IntegerField):
        return _API_NUMBER
    if isinstance(form_field, forms.DateField):
        return _API_DATE
    return str


def _description(form_field: forms.Field) -> str:
    text = str(form_field.label or "")
    if isinstance(form_field, forms.ChoiceField) and not isinstance(form_field, forms.ModelChoiceField):
        values = [str(value) for value, _label in form_field.choices if value != ""]
        text += " (" + ", ".join(values) + ")"
    return text


def _query_schema(definition: ListDefinition) -> type[Schema]:
    """The API's query parameters: the filter form's fields (validated again by the form) plus limit and offset."""
    fields = {
        name: (_api_type(form_field) | None, Field(None, description=_description(form_field)))
        for name, form_field in definition.form.base_fields.items()
    }
    fields.update({name: (info.annotation, info) for name, info in Paging.model_fields.items()})
    return create_model(f"{definition.name}Query", __base__=Schema, **fields)
