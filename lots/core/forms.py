"""Form helpers shared by every module."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lots.lib.text import clean_input

CONFLICT_MESSAGE = _(
    "Någon annan har sparat ändringar i posten medan du redigerade. Dina ändringar är inte sparade men finns kvar "
    "i formuläret. Jämför med den aktuella versionen och spara igen."
)


class AccessibleFormMixin:
    """Ties each field's error list to the field (aria-describedby) so screen readers read the message, and cleans
    the text of every valid field (control and bidirectional characters dropped, lots.lib.text) before anyone
    stores it."""

    def full_clean(self):
        super().full_clean()
        for name, value in getattr(self, "cleaned_data", {}).items():
            if isinstance(value, str):
                self.cleaned_data[name] = clean_input(value)
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
        for field, messages in error.message_dict.items():
            name = field_map.get(field, field)
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def form_status(*forms) -> int:
    """422 when any form has errors (the page re-renders with the typed values and the messages), else 200."""
    return 422 if any(f is not None and f.errors for f in forms) else 200
