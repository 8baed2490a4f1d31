from django.db import models
from django.utils.encoding import force_str


def _choice_labels(field) -> dict | None:
    """The field's choices as {value: label}, kept on the field; None for choices computed by a callable."""
    labels = getattr(field, "_lots_choice_labels", None)
    if labels is None:
        if not isinstance(field.choices, list | tuple):
            return None
        labels = dict(field.flatchoices)
        field._lots_choice_labels = labels
    return labels


class ChoiceLabels(models.Model):
    """``get_<field>_display()`` looks the label up in a table built once per field.

    Django's own version rebuilds that table on every call, hashing every lazy label
    (one translation lookup each): some 40 µs per call, paid for every row of a list.
    The labels stay lazy, so each call still answers in the active language.
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        labels = _choice_labels(field)
        if labels is None:
            return super()._get_FIELD_display(field)
        value = getattr(self, field.attname)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value (a list): Django's version makes it hashable first
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


class VersionedModel(ChoiceLabels):
    """A record edited in forms: `version` guards against silent overwrites.

    Services compare the version the user saw with the stored one and refuse the
    write when someone else saved in between (see lots.audit.versioning).
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
