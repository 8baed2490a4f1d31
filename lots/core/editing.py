"""The path every edit form takes: bound form, service call, and the page or redirect that follows."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect, render

from lots.core.forms import CONFLICT_MESSAGE, apply_validation_error, form_status


class EditConflict(Exception):
    """Someone else saved the record since the person opened the form; raised by services, answered here."""


def edit_form(
    request,
    form,
    save: Callable[[dict], object],
    *,
    template: str | None = None,
    page: Callable[[int], HttpResponse] | None = None,
    context: dict | Callable[[], dict] | None = None,
    success: str | Callable[[object], str] | None,
    redirect_to: str | models.Model | Callable[[object], object],
    record: models.Model | Callable[[], models.Model | None] | None = None,
    field_map: dict | None = None,
) -> HttpResponse:
    """Run the edit path of a page with one form and answer with its response.

    On a POST with a valid ``form``, ``save(form.cleaned_data)`` calls the service, and then:

    - an ``EditConflict`` puts the conflict message on the form, keeps what was typed and answers 409. With
      ``record``, the record is read again (the page shows it as it is now) and the form carries its current version,
      so saving again is a choice made after the message. A record that may not exist yet is given as a function
      that looks it up;
    - a ``ValidationError`` puts its messages on the fields it names (renamed by ``field_map``) and answers 422;
    - otherwise ``success`` (a text, or a function of the service's result) becomes a message, and the person is
      redirected to ``redirect_to`` (a URL, a record, or a function of the result giving either, or a response).

    A GET renders ``template`` with ``context`` and ``form`` (200); invalid input renders it with the errors (422).
    ``context`` may be a function, called only when the page is rendered (not before a redirect). A form that lives
    on another page (a detail page's row action) gives ``page`` instead: a function of the status that renders it.
    """
    status = None
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
            if record is not None:
                _carry_current_version(form, record)
            status = 409
        except ValidationError as error:
            apply_validation_error(form, error, field_map=field_map)
        else:
            text = success(result) if callable(success) else success
            if text:
                messages.success(request, text)
            target = redirect_to(result) if callable(redirect_to) else redirect_to
            return target if isinstance(target, HttpResponse) else redirect(target)
    status = status or form_status(form)
    if page is not None:
        return page(status)
    extra = context() if callable(context) else context or {}
    return render(request, template, {"form": form, **extra}, status=status)


def _carry_current_version(form, record) -> None:
    if callable(record):
        record = record()
    else:
        try:
            record.refresh_from_db()
        except ObjectDoesNotExist:
            record = None
    name = form.add_prefix("version")
    if record is not None and name in form.data:
        data = form.data.copy()
        data[name] = str(record.version)
        form.data = data


def without_version(data: dict) -> dict:
    """A form's cleaned data without its ``version`` field: the values a service takes as keyword arguments."""
    return {name: value for name, value in data.items() if name != "version"}
