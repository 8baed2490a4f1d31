"""Append-only audit log: who changed what (field by field), and who looked at sensitive records.

Nothing in the application updates or deletes these rows. The database refuses UPDATE, DELETE and
TRUNCATE by triggers (PostgreSQL and SQLite), and the application's database role may only INSERT
and SELECT (README, production). Every entry is a link in a keyed hash chain (lots.audit.chain), so
what someone with the database owner's rights does behind the application's back is found by
``manage.py verify_audit_log``. A migration that rebuilds these tables on SQLite drops their
triggers and must create them again; the verification reports a missing trigger.
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
    # The entry's place in its hash chain (lots.audit.chain): the chain is the top unit of unit_path (0 for
    # entries outside the unit tree), seq counts 1, 2, 3 … within it, and hash seals the content and the
    # previous link. Null only on a row written behind the application's back, which the verification reports.
    chain = models.BigIntegerField(null=True, editable=False)
    seq = models.BigIntegerField(null=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False, db_default="")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("loggpost")
        verbose_name_plural = _("loggposter")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
        ]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")]

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


class AuditRead(models.Model):
    """One record an entry read: the entry says who, when and where (the path); these rows say which records.

    A request that reads a list writes one entry and one row per record, in one bulk insert, so
    "who read deviation X?" is an indexed lookup on (content type, object id) on every database.
    """

    entry = models.ForeignKey(AuditEntry, on_delete=models.PROTECT, related_name="reads")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("läst post")
        verbose_name_plural = _("lästa poster")
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_read_object")]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id}"


class AuditChain(models.Model):
    """The head of one hash chain: its last link's sequence number and hash.

    Writers lock this row to append, so concurrent transactions never fork a chain; it also remembers
    how long the chain is, so a log emptied or shortened at its end is noticed. The database refuses to
    delete it or to move it backwards.
    """

    id = models.BigIntegerField(primary_key=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("loggkedja")
        verbose_name_plural = _("loggkedjor")

    def __str__(self) -> str:
        return f"{self.pk}: {self.seq}"


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
