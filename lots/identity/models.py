"""Single sign-on per municipality: its identity providers (OpenID Connect or SAML 2.0), the people they vouch for,
and an optional mapping from the provider's groups to roles on units.

A person is matched by the provider's stable identifier for them (OIDC ``sub``, SAML NameID, or an employee or HSA
identifier in a named attribute), never by e-mail. Roles stay assigned in Lots.
"""

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.accounts.models import Role, RoleAssignment, User
from lots.core.models import VersionedModel
from lots.organisation.models import Municipality, Unit


class IdentityProviderQuerySet(models.QuerySet):
    def usable(self):
        """The active providers, by municipality and name, as the login page lists them."""
        return self.filter(is_active=True).select_related("municipality").order_by("municipality__name", "name")

    def for_host(self, host: str) -> "IdentityProvider | None":
        """The active provider whose ``host_names`` include ``host`` (a request's host, any port left off)."""
        host = (host or "").lower()
        if host.count(":") == 1:
            host = host.split(":", 1)[0]
        if not host:
            return None
        return next((p for p in self.usable().filter(host_names__icontains=host) if host in p.host_name_list), None)


class IdentityProvider(VersionedModel):
    class Protocol(models.TextChoices):
        OIDC = "oidc", _("OpenID Connect")
        SAML = "saml", _("SAML 2.0")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="identity_providers", verbose_name=_("kommun")
    )
    name = models.CharField(_("namn"), max_length=120, help_text=_("Visas på inloggningssidan."))
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True, help_text=_("Används i inloggningsadressen."))
    protocol = models.CharField(_("protokoll"), max_length=10, choices=Protocol.choices)
    is_active = models.BooleanField(_("aktiv"), default=True)
    host_names = models.CharField(
        _("värdnamn"),
        max_length=500,
        blank=True,
        help_text=_("Värdnamn som leder direkt till den här tjänsten, åtskilda med mellanslag (t.ex. lots.exempelkommun.se)."),
    )
    subject_attribute = models.CharField(
        _("identifierande attribut"),
        max_length=120,
        blank=True,
        help_text=_("Tomt: OIDC-claim sub eller SAML NameID. Annars namnet på ett attribut med anställnings- eller HSA-id."),
    )
    groups_attribute = models.CharField(
        _("gruppattribut"), max_length=120, blank=True, help_text=_("Claim eller attribut med personens grupper.")
    )
    mfa_values = models.CharField(
        _("värden som intygar flerfaktorsinloggning"),
        max_length=500,
        blank=True,
        help_text=_(
            "OIDC amr/acr eller SAML AuthnContextClassRef som visar att identitetstjänsten gjorde en "
            "flerfaktorsinloggning, åtskilda med mellanslag."
        ),
    )
    # Protocol settings: for OIDC issuer, client_id, client_secret and the endpoints (or discovery); for SAML the
    # identity provider's entity id and metadata. Read and validated by lots.identity.oidc / lots.identity.saml.
    config = models.JSONField(_("inställningar"), default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = IdentityProviderQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("identitetstjänst")
        verbose_name_plural = _("identitetstjänster")

    def __str__(self) -> str:
        return self.name

    @property
    def host_name_list(self) -> list[str]:
        return [h.lower() for h in self.host_names.split()]

    @property
    def mfa_value_list(self) -> list[str]:
        return self.mfa_values.split()

    def vouches_for_mfa(self, *, amr=(), acr: str = "") -> bool:
        """Whether the provider's answer says it did multi-factor authentication: one of ``amr`` (a list of method
        references) or ``acr`` is among ``mfa_values``. Without configured values nothing vouches."""
        accepted = set(self.mfa_value_list)
        if isinstance(amr, str):
            amr = amr.split()
        methods = {str(m) for m in amr or () if isinstance(m, str | int)}
        return bool(accepted & methods) or (isinstance(acr, str) and acr in accepted)

    def get_login_url(self) -> str:
        """Where sign-in through this provider starts, or "" while its protocol has no sign-in page."""
        try:
            return reverse(f"identity:{self.protocol}_login", args=[self.slug])
        except NoReverseMatch:
            return ""


class ExternalIdentity(models.Model):
    """The link between a person in Lots and their stable identifier at one identity provider."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="identities")
    subject = models.CharField(_("identifierare"), max_length=255)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities", verbose_name=_("person"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_login_at = models.DateTimeField(_("senast inloggad"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["provider", "subject"]
        verbose_name = _("extern identitet")
        verbose_name_plural = _("externa identiteter")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="external_identity_unique_subject"),
            models.UniqueConstraint(fields=["provider", "user"], name="external_identity_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.subject}"


class GroupRoleMapping(models.Model):
    """A group at the identity provider that gives a role on a unit in Lots, applied at each sign-in."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="group_mappings")
    group = models.CharField(_("grupp"), max_length=255)
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    include_subunits = models.BooleanField(_("gäller även underenheter"), default=True)

    class Meta:
        ordering = ["provider", "group", "role"]
        verbose_name = _("grupp till roll")
        verbose_name_plural = _("grupper till roller")
        constraints = [
            models.UniqueConstraint(fields=["provider", "group", "role", "unit"], name="group_role_mapping_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()}, {self.unit}"


class MappedRole(models.Model):
    """A role assignment that a group mapping made. Only these are ended when the person leaves the group; roles
    given by hand are never touched by a sign-in."""

    assignment = models.OneToOneField(RoleAssignment, on_delete=models.CASCADE, related_name="+")
    mapping = models.ForeignKey(GroupRoleMapping, on_delete=models.SET_NULL, null=True, related_name="mapped_roles")
    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="mapped_roles")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("roll från grupp")
        verbose_name_plural = _("roller från grupper")


class SeenAssertion(models.Model):
    """A SAML assertion already used to sign in, kept until it would have expired anyway, so that a captured
    response cannot be posted again — to this process or any other serving Lots (the database is what they share)."""

    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("använt SAML-intyg")
        verbose_name_plural = _("använda SAML-intyg")
