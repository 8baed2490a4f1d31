"""People, their roles on units, and personal API tokens."""

import datetime
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.organisation.models import Provider, Unit


class User(AbstractUser):
    title = models.CharField(_("titel"), max_length=120, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    # The language the person last chose in the interface (the language switch); their mail is written in it.
    # Empty: never chosen, so the default (Swedish).
    language = models.CharField(_("språk"), max_length=8, blank=True, default="", db_default="")

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    NAMNDLEDAMOT = "namndledamot", _("Nämndledamot")
    FORVALTNINGSCHEF = "forvaltningschef", _("Förvaltningschef")
    AVDELNINGSCHEF = "avdelningschef", _("Avdelningschef")
    ENHETSCHEF = "enhetschef", _("Enhetschef")
    VERKSAMHETSLEDARE = "verksamhetsledare", _("Verksamhetsledare")
    MEDARBETARE = "medarbetare", _("Medarbetare")
    KVALITETSSAMORDNARE = "kvalitetssamordnare", _("Kvalitetssamordnare")
    EXTERN_UTFORARE = "extern_utforare", _("Extern utförare")
    GRANSKARE = "granskare", _("Granskare")
    # Registers complaints and other mail as they arrived (Katrineholm §5.2), in original form with the original attached.
    REGISTRATOR = "registrator", _("Registrator")
    # The personnel function (HR partner): reads and keeps the personnel records of the units it serves (lots.staff,
    # lots.competence) and imports employments from the HR system.
    HR = "hr", _("HR-partner")


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self):
        today = timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


class RoleAssignment(models.Model):
    """A role held on one unit (optionally with its sub-units) or, for external providers, on a provider."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("person"))
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="assignments", verbose_name=_("enhet")
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="assignments", verbose_name=_("utförare")
    )
    include_subunits = models.BooleanField(_("gäller även underenheter"), default=True)
    ends_on = models.DateField(_("gäller till och med"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("rolltilldelning")
        verbose_name_plural = _("rolltilldelningar")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="extern_utforare", unit__isnull=True, provider__isnull=False)
                    | (~Q(role="extern_utforare") & Q(unit__isnull=False, provider__isnull=True))
                ),
                name="assignment_scope_matches_role",
            ),
            models.UniqueConstraint(fields=["user", "role", "unit"], name="assignment_unique_on_unit"),
            models.UniqueConstraint(fields=["user", "role", "provider"], name="assignment_unique_on_provider"),
        ]

    def __str__(self) -> str:
        where = self.unit or self.provider
        return f"{self.get_role_display()}, {where}"


TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 365


def default_token_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=TOKEN_DEFAULT_DAYS)


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 hash is stored; the token itself is shown once.

    A token reads only (``read``) or also writes (``read-write``) with its owner's access, and stops working at
    ``expires_at`` (at most ``TOKEN_MAX_DAYS`` after it was made) or when revoked, whichever comes first.
    """

    PREFIX = "lots_"

    class Scope(models.TextChoices):
        READ = "read", _("Bara läsa")
        READ_WRITE = "read-write", _("Läsa och ändra")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("namn"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=12, editable=False)
    scope = models.CharField(_("behörighet"), max_length=10, choices=Scope.choices, default=Scope.READ_WRITE)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("gäller till"), default=default_token_expiry)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        constraints = [
            models.CheckConstraint(condition=Q(scope__in=["read", "read-write"]), name="api_token_scope_known"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def generate_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE


class ActiveSessionQuerySet(models.QuerySet):
    def current(self):
        """Sessions that can still be in use: seen within the idle timeout and younger than the absolute lifetime."""
        from django.conf import settings

        now = timezone.now()
        return self.filter(
            last_seen_at__gt=now - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60),
            created_at__gt=now - datetime.timedelta(hours=settings.LOTS_SESSION_MAX_HOURS),
        )


class ActiveSession(models.Model):
    """A signed-in session, kept beside Django's own so that a person can see where they are signed in and end it.

    The session key is stored only as its SHA-256 hash (to find the row from a request) and sealed with the
    site's secret key (to delete the Django session when the person ends it from elsewhere): the table alone never
    gives a usable session key.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="active_sessions")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    sealed_key = models.TextField(editable=False)
    created_at = models.DateTimeField(_("inloggad"), default=timezone.now, editable=False)
    last_seen_at = models.DateTimeField(_("senast aktiv"), default=timezone.now, editable=False)
    ip = models.GenericIPAddressField(_("adress"), null=True, blank=True, editable=False)
    user_agent = models.CharField(_("webbläsare"), max_length=300, blank=True, editable=False)

    objects = ActiveSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen_at", "-pk"]
        verbose_name = _("inloggning")
        verbose_name_plural = _("inloggningar")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def hash_key(session_key: str) -> str:
        return hashlib.sha256(session_key.encode()).hexdigest()


class AuditGrantQuerySet(models.QuerySet):
    def active(self, on=None):
        """Grants in force on ``on`` (today by default): started, not yet ended, not revoked."""
        day = on or timezone.localdate()
        return self.filter(revoked_at__isnull=True, valid_from__lte=day, valid_until__gte=day)


class AuditGrant(models.Model):
    """A time-limited right for a granskare to read the case records of a unit and its sub-units for one named audit.

    Without a grant a granskare reads compilations and the audit log, never individual deviations, lex Sarah
    investigations or feedback cases. The grant gives reading only; it ends on ``valid_until`` or when revoked.
    """

    auditor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="audit_grants", verbose_name=_("granskare"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="audit_grants", verbose_name=_("enhet"))
    purpose = models.CharField(_("granskning"), max_length=200, help_text=_("Vilken granskning läsrätten gäller."))
    valid_from = models.DateField(_("gäller från"))
    valid_until = models.DateField(_("gäller till och med"))
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="audit_grants_given", verbose_name=_("beviljad av"), editable=False
    )
    granted_at = models.DateTimeField(_("beviljad"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_grants_revoked",
        verbose_name=_("återkallad av"),
        editable=False,
    )

    objects = AuditGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_until", "-pk"]
        verbose_name = _("läsrätt för granskning")
        verbose_name_plural = _("läsrätter för granskning")
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("valid_from")), name="audit_grant_period_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.auditor}, {self.unit})"

    def is_active(self, on=None) -> bool:
        day = on or timezone.localdate()
        return self.revoked_at is None and self.valid_from <= day <= self.valid_until
