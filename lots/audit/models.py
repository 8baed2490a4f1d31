"""Append-only audit log: who changed what (field by field), and who looked at sensitive records.

Nothing in the application updates or deletes these rows. The database refuses UPDATE, DELETE and
TRUNCATE by triggers (PostgreSQL and SQLite), and the application's database role may only INSERT
and SELECT (README, production). Every entry is a link in a keyed hash chain (lots.audit.chain), so
what someone with the database owner's rights does behind the application's back is found by
``manage.py verify_audit_log``. A migration that rebuilds these tables on SQLite drops their
triggers and must create them again; the verification reports a missing trigger.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


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
        SECOND_FACTOR = "second_factor", _("Visade andra faktor")
        SECOND_FACTOR_FAILED = "second_factor_failed", _("Fel andra faktor")
        STEP_UP = "step_up", _("Bekräftade identiteten igen")
        SESSION_END = "session_end", _("Avslutade en session")

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
        at = timezone.localtime(self.at, STOCKHOLM)
        return f"{at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def changes_display(self) -> list[tuple[str, object, object]]:
        """(label, from, to) per changed field, as a person reads them: the field's Swedish name, a choice's
        label, Ja/Nej, times in Swedish local time, and free text as its length (the log keeps no text)."""
        model = self.content_type.model_class() if self.content_type_id else None
        rows = []
        for name, (before, after) in self.changes.items():
            field = _field(model, name)
            if name in _KEY_LABELS and (field is None or field.verbose_name == name.replace("_", " ")):
                label = str(_KEY_LABELS[name])
            else:
                label = str(field.verbose_name) if field is not None else name.replace("_", " ")
            rows.append((capfirst(label), _plain(before, field), _plain(after, field)))
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


# Names for the changes that are not a model field with a Swedish name.
_KEY_LABELS = {
    "role": _("roll"),
    "role_ends_on": _("rollen gäller till och med"),
    "password": _("lösenord"),
    "tasks": _("uppgifter"),
    "team": _("uppföljningsgrupp"),
    "criteria": _("bedömningsgrunder"),
    "body_html": _("text"),
    "body_source": _("text"),
}


def _field(model, name: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if hasattr(field, "verbose_name") else None  # a reverse relation has no name of its own


def _plain(value, field=None):
    """A stored change value as a person reads it (None shows as a dash)."""
    if value == "" or value is None:
        return None
    if isinstance(value, bool):
        return gettext("Ja") if value else gettext("Nej")
    if isinstance(value, dict):
        if "chars" in value:
            return gettext("text, %(n)s tecken") % {"n": value["chars"]}
        return value.get("text", value.get("id"))
    if isinstance(value, list):
        return ", ".join(str(_plain(v, field)) for v in value)
    choices = getattr(field, "flatchoices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        at = parse_datetime(value)
        if at is not None:
            at = at if timezone.is_aware(at) else timezone.make_aware(at, datetime.UTC)
            return formats.date_format(timezone.localtime(at, STOCKHOLM), "Y-m-d H:i")
    return value
