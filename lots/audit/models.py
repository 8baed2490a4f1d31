"""Append-only audit log: who changed what (field by field), and who looked at sensitive records.

Nothing in the application updates or deletes these rows; on PostgreSQL a
trigger makes the database itself refuse UPDATE and DELETE (migration 0002).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Skapade")
        UPDATE = "update", _("Ändrade")
        DELETE = "delete", _("Tog bort")
        TRANSITION = "transition", _("Bytte status")
        VIEW = "view", _("Läste")
        EXPORT = "export", _("Exporterade")
        LOGIN = "login", _("Loggade in")
        LOGIN_FAILED = "login_failed", _("Misslyckad inloggning")
        LOGOUT = "logout", _("Loggade ut")

    at = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    actor_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(_("händelse"), max_length=20, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("post"), max_length=255, blank=True)
    # Unit the object belongs to, kept as a plain id so the log never blocks changes to units.
    unit_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("loggpost")
        verbose_name_plural = _("loggposter")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def changes_display(self) -> list[tuple[str, object, object]]:
        """(label, from, to) per changed field, labelled with the field's verbose name where the model has it."""
        model = self.content_type.model_class() if self.content_type_id else None
        rows = []
        for name, (before, after) in self.changes.items():
            label = name
            if model is not None:
                try:
                    label = str(model._meta.get_field(name).verbose_name)
                except Exception:  # a name that is not a field (e.g. "role", "scope")
                    label = name.replace("_", " ")
            rows.append((label[:1].upper() + label[1:], _plain(before), _plain(after)))
        return rows


def _plain(value):
    if value == "" or value is None:
        return None
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, dict) and "text" in value:
        return value["text"]
    if isinstance(value, list):
        return ", ".join(str(_plain(v)) for v in value)
    return value
