"""Form helpers shared by every module."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import ChoiceWidget
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lots.lib.text import clean_input

CONFLICT_MESSAGE = _(
    "Någon annan har sparat ändringar i posten medan du redigerade. Dina ändringar är inte sparade men finns kvar "
    "i formuläret. Jämför med den aktuella versionen och spara igen."
)


def _shown(value) -> str:
    """``{{ value }}`` in a template: local time, localised, escaped."""
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def _as_string(value) -> str:
    """``{{ value|stringformat:'s' }}`` in a template (the filter keeps safe text safe)."""
    text = str(value)
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)


def _attrs(attrs: dict) -> str:
    """Django's ``django/forms/widgets/attrs.html``."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_as_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class FormRenderer(DjangoTemplates):
    """Django's form renderer, with the options of a ``<select>`` written out in Python.

    The stock select template includes two templates per option, some 40 µs each time: a
    filter offering a municipality's units spent milliseconds of every list page there.
    The markup is the templates' own, character for character (tested against them); every
    other widget, and a select whose options have a template of their own, uses the templates.
    """

    SELECT = "django/forms/widgets/select.html"
    OPTION = "django/forms/widgets/select_option.html"

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == self.SELECT else None
        if widget is None or any(o["template_name"] != self.OPTION for _n, group, _i in widget["optgroups"] for o in group):
            return super().render(template_name, context, request)
        parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
            parts += [
                f'\n  <option value="{_as_string(o["value"])}"{_attrs(o["attrs"])}>{_shown(o["label"])}</option>\n'
                for o in options
            ]
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)


RENDERER = FormRenderer()


class AccessibleFormMixin:
    """Ties each field's error list to the field (aria-describedby) so screen readers read the message, and cleans
    the text of every valid field (control and bidirectional characters dropped, lots.lib.text) before anyone
    stores it."""

    default_renderer = RENDERER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and isinstance(field.widget, ChoiceWidget):
                _mark_swedish_options(field)

    def full_clean(self):
        super().full_clean()
        for name, value in getattr(self, "cleaned_data", {}).items():
            if isinstance(value, str):
                self.cleaned_data[name] = clean_input(value)
        self._describe_errors()

    def add_error(self, field, error):
        # An error a view or service adds after validation (a wrong code, a service's ValidationError) is tied to its
        # field like the form's own.
        super().add_error(field, error)
        if hasattr(self, "cleaned_data"):
            self._describe_errors()

    def _describe_errors(self):
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            widget = self.fields[name].widget
            ids = [i for i in widget.attrs.get("aria-describedby", "").split() if i]
            error_id = f"{bound.auto_id}_errors"
            if error_id not in ids:
                ids.append(error_id)
            if self.fields[name].help_text:
                help_id = f"{bound.auto_id}_helptext"
                if help_id not in ids:
                    ids.insert(0, help_id)
            widget.attrs["aria-describedby"] = " ".join(ids)
            widget.attrs["aria-invalid"] = "true"


class LotsForm(AccessibleFormMixin, forms.Form):
    pass


class LotsModelForm(AccessibleFormMixin, forms.ModelForm):
    pass


def _in_swedish() -> bool:
    return (get_language() or "sv").split("-")[0] == "sv"


def swedish_name(text: str):
    """A Swedish name shown in a label (a checkbox's): marked ``lang="sv"`` on pages in another language, unchanged
    on Swedish ones, since a label carries no language of its own."""
    if _in_swedish():
        return text
    return format_html('<span lang="sv">{}</span>', text)


class SwedishNamesSelect(forms.Select):
    """A select whose options are names in Swedish (units, municipalities): on a page in another language each option
    but the empty one and those in ``translated`` says ``lang="sv"``, so the page tells the truth about its language.
    Swedish pages are unchanged."""

    def __init__(self, attrs=None, choices=(), translated=()):
        super().__init__(attrs, choices)
        self.translated = {str(value) for value in translated}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if not _in_swedish() and str(value) not in self.translated and str(value) != "":
            option["attrs"] = {**option["attrs"], "lang": "sv"}
        return option


# Records whose names are Swedish whatever the interface language: a choice of them marks its options lang="sv".
NAMED_IN_SWEDISH = {"organisation.Unit", "organisation.Municipality", "organisation.Provider"}


def _mark_swedish_options(field) -> None:
    """Have the widget of ``field`` (a choice of records) mark each non-empty option ``lang="sv"`` on pages in another
    language than Swedish, when the records are ones named in Swedish (``NAMED_IN_SWEDISH``)."""
    widget = field.widget
    original = widget.create_option

    def create_option(name, value, label, selected, index, subindex=None, attrs=None):
        option = original(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        queryset = field.queryset
        named = queryset is not None and queryset.model._meta.label in NAMED_IN_SWEDISH
        if named and not _in_swedish() and str(value) != "":
            option["attrs"] = {**option["attrs"], "lang": "sv"}
        return option

    widget.create_option = create_option


class CachedChoiceIterator(forms.models.ModelChoiceIterator):
    """Reads a choice field's queryset once, however often the choices are rendered or checked.

    Django's iterator streams a fresh query each time (a server-side cursor on PostgreSQL); for a short list of
    units shown on a statistics page one ordinary query is cheaper."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class VersionedFormMixin:
    """Carries the record's version through the form so a concurrent save is noticed, not overwritten."""

    def add_version_field(self, version: int) -> None:
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, initial=version)

    def add_conflict_error(self) -> None:
        self.add_error(None, CONFLICT_MESSAGE)


def apply_validation_error(form, error: ValidationError, *, field_map: dict | None = None) -> None:
    """Put a service's ValidationError on the form: at the field it names (renamed by ``field_map``), else at the top."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            name = field_map.get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def form_status(*forms) -> int:
    """422 when any form has errors (the page re-renders with the typed values and the messages), else 200."""
    return 422 if any(f is not None and f.errors for f in forms) else 200
