"""The error summary every page shows above its content when a form on it was sent with errors.

``base.html`` asks once (``{% page_errors as page_errors %}``) and uses the answer twice: the page
title starts with "Fel:" and the summary at the top of ``main`` links each message to its field.
No template has to pass its forms along: the forms and formsets in the page's context are found
here, so every staff form gets the summary without a line of its own.
"""

from dataclasses import dataclass

from django import forms, template
from django.forms.formsets import BaseFormSet

register = template.Library()


@dataclass(frozen=True)
class ErrorLink:
    message: str
    anchor: str  # the id of the control to move focus to; "" when there is no control to go to
    label: str = ""


def _validated(form) -> bool:
    # Only forms the view has validated: asking an unvalidated bound form for its errors would validate it here,
    # in the template, with whatever queries and side effects its clean methods have.
    return form.is_bound and getattr(form, "_errors", None) is not None


def _anchor(bound_field) -> str:
    # A radio or checkbox group has no single control for its label; its first option takes the focus.
    return bound_field.id_for_label or (f"{bound_field.auto_id}_0" if bound_field.auto_id else "")


def _first_control(form) -> str:
    for bound_field in form.visible_fields():
        anchor = _anchor(bound_field)
        if anchor:
            return anchor
    return ""


def form_error_links(form) -> list[ErrorLink]:
    """Every error of a validated bound form, the form's own errors first; each linked to its field's control."""
    if not _validated(form) or not form.errors:
        return []
    links = [ErrorLink(str(error), _first_control(form)) for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name not in form.fields:
            continue
        bound_field = form[name]
        anchor = "" if bound_field.is_hidden else _anchor(bound_field)
        label = "" if bound_field.is_hidden else str(bound_field.label or "")
        links += [ErrorLink(str(error), anchor or _first_control(form), label) for error in errors]
    return links


def formset_error_links(formset) -> list[ErrorLink]:
    if not _validated(formset):
        return []
    first = next((anchor for anchor in map(_first_control, formset.forms) if anchor), "")
    links = [ErrorLink(str(error), first) for error in formset.non_form_errors()]
    for form in formset.forms:
        links += form_error_links(form)
    return links


FORMS = (forms.BaseForm, BaseFormSet)


def _is_form(value) -> bool:
    # type(), not isinstance(): isinstance() would evaluate a lazy object in the context (the CSP nonce, the user).
    return issubclass(type(value), FORMS)


def _candidates(value):
    kind = type(value)
    if issubclass(kind, FORMS):
        yield value
    elif issubclass(kind, list | tuple):
        # A page with a form per row (a list of forms, or of (object, form) pairs).
        for item in value:
            if _is_form(item):
                yield item
            elif issubclass(type(item), list | tuple):
                yield from (part for part in item if _is_form(part))
    elif issubclass(kind, dict):
        yield from (item for item in value.values() if _is_form(item))


def error_links(values) -> list[ErrorLink]:
    """The error links of every form and formset among ``values`` (each form once, in the order found)."""
    seen, links = set(), []
    for value in values:
        for candidate in _candidates(value):
            if id(candidate) in seen:
                continue
            seen.add(id(candidate))
            if isinstance(candidate, BaseFormSet):
                links += formset_error_links(candidate)
            else:
                links += form_error_links(candidate)
    return links


@register.simple_tag(takes_context=True)
def page_errors(context) -> list[ErrorLink]:
    """The errors of the forms in the page's context, for the title's "Fel:" and the summary."""
    return error_links(context.flatten().values())
