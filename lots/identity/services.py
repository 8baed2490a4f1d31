"""Signing a person in after their identity provider vouched for them: the one step both protocols end in."""

from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.accounts import services as accounts
from lots.accounts.models import Role, User
from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.identity.models import ExternalIdentity, GroupRoleMapping, IdentityProvider, MappedRole
from lots.mfa import session as auth_session
from lots.organisation.models import Municipality, Unit


class SignInRefused(Exception):
    """The provider's answer was valid, but Lots does not let this person in. ``message`` is shown as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def sign_in_external(request, *, provider: IdentityProvider, subject: str, mfa: bool = False, groups=()) -> "ExternalIdentity":
    """Log in the person whom ``provider`` identified as ``subject`` and return their identity link.

    ``mfa`` says the provider vouched for multi-factor authentication (its amr/acr or authentication context matched
    ``provider.mfa_values``); the session then counts as strongly authenticated. ``groups`` are the person's groups at
    the provider: the provider's group mappings are applied to them (``apply_group_mappings``). Refuses, with an
    audited failed login, an unknown subject and a deactivated person.
    """
    subject = (subject or "").strip()
    identity = (
        ExternalIdentity.objects.select_related("user").filter(provider=provider, subject=subject).first() if subject else None
    )
    if identity is None:
        audit.record(
            actor=None,
            action=AuditEntry.Action.LOGIN_FAILED,
            note=_("Okänd person från %(provider)s: %(subject)s") % {"provider": provider.name, "subject": subject[:120]},
        )
        raise SignInRefused(
            _(
                "Du är inloggad hos %(provider)s, men ditt konto är inte kopplat till någon person i Lots. "
                "Be kvalitetssamordnaren koppla ditt konto."
            )
            % {"provider": provider.name}
        )
    user = identity.user
    if not user.is_active:
        audit.record(actor=user, action=AuditEntry.Action.LOGIN_FAILED, obj=user, note=_("Kontot är avstängt"))
        raise SignInRefused(_("Ditt konto i Lots är avstängt. Kontakta kvalitetssamordnaren."))
    with transaction.atomic():
        apply_group_mappings(provider=provider, user=user, groups=groups)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    auth_session.set_login_method(request, provider.protocol, provider.pk)
    if mfa:
        auth_session.mark_strong(request, "idp")
    identity.last_login_at = timezone.now()
    identity.save(update_fields=["last_login_at"])
    audit.record(actor=user, action=AuditEntry.Action.LOGIN, obj=user, note=_("Via %(provider)s") % {"provider": provider.name})
    return identity


# Group mappings -------------------------------------------------------------------------------------------------


def apply_group_mappings(*, provider: IdentityProvider, user: User, groups) -> dict:
    """Bring the roles that ``provider``'s group mappings give ``user`` in line with the groups of this sign-in.

    A mapped group the person is in gives its role (through lots.accounts.services.role_assign, audited like any role
    change) unless the person already holds it; a role a mapping gave earlier is ended (role_end) once no current group
    maps to it. Roles given by hand are never touched. Returns ``{"added": [...], "ended": [...]}`` as role labels.
    Must run inside the sign-in's transaction.
    """
    groups = {str(g) for g in groups or () if isinstance(g, str | int)}
    wanted: dict[tuple[str, int], GroupRoleMapping] = {}
    for mapping in provider.group_mappings.select_related("unit").order_by("pk"):
        if mapping.group in groups:
            wanted.setdefault((mapping.role, mapping.unit_id), mapping)
    links = MappedRole.objects.filter(provider=provider, assignment__user=user, assignment__ends_on__isnull=True)
    added, ended = [], []
    held = set()
    for link in links.select_related("assignment", "assignment__unit", "mapping"):
        key = (link.assignment.role, link.assignment.unit_id)
        mapping = wanted.get(key)
        if mapping is None:
            accounts.role_end(actor=None, assignment=link.assignment)
            ended.append(str(link.assignment))
            continue
        held.add(key)
        if link.mapping_id != mapping.pk:
            link.mapping = mapping
            link.save(update_fields=["mapping"])
    for key, mapping in wanted.items():
        if key in held:
            continue
        try:
            with transaction.atomic():
                assignment = accounts.role_assign(
                    actor=None, user=user, role=mapping.role, unit=mapping.unit, include_subunits=mapping.include_subunits
                )
        except ValidationError:
            # Already held (given by hand, or an earlier role on the same unit), or the unit is closed: left as it is.
            continue
        # A role the group gave before and took away opens again in the same assignment, with the same link.
        MappedRole.objects.update_or_create(assignment=assignment, defaults={"mapping": mapping, "provider": provider})
        added.append(str(assignment))
    if added or ended:
        audit.record(
            actor=None,
            action=AuditEntry.Action.UPDATE,
            obj=user,
            changes={"roles_added": (None, added), "roles_ended": (ended, None)},
            note=_("Roller enligt grupper hos %(provider)s") % {"provider": provider.name},
        )
    return {"added": added, "ended": ended}


# Managing providers, identities, mappings and the municipality's sign-in switches ---------------------------------

PROVIDER_FIELDS = ("name", "slug", "protocol", "is_active", "host_names", "subject_attribute", "groups_attribute", "mfa_values")
SECRET_CONFIG_KEYS = frozenset({"client_secret"})


def _config_changes(before: dict, after: dict) -> dict:
    """Which protocol settings changed, for the log: a secret is shown only as changed, never as its value."""
    changes = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            changes[f"config.{key}"] = ("***", "***") if key in SECRET_CONFIG_KEYS else (_short(old), _short(new))
    return changes


LOGGED_VALUE_CHARS = 200


def _short(value):
    """A setting as the log keeps it: a long text (an IdP's metadata, often a whole federation's) as its length."""
    if isinstance(value, str) and len(value) > LOGGED_VALUE_CHARS:
        return _("(%(n)s tecken)") % {"n": len(value)}
    return value


def _check_slug_free(slug: str, exclude_pk: int | None = None) -> None:
    if IdentityProvider.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        raise ValidationError({"slug": _("Det kortnamnet används redan av en annan identitetstjänst.")})


@transaction.atomic
def provider_create(*, actor: User, municipality: Municipality, config: dict, **fields) -> IdentityProvider:
    """Add an identity provider for ``municipality``; ``fields`` are the model's plain fields (PROVIDER_FIELDS)."""
    unknown = set(fields) - set(PROVIDER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown provider fields: {sorted(unknown)}")
    _check_slug_free(fields["slug"])
    provider = IdentityProvider.objects.create(municipality=municipality, config=config, **fields)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=provider,
        changes={**{f: (None, getattr(provider, f)) for f in PROVIDER_FIELDS}, **_config_changes({}, config)},
        note=_("Identitetstjänst för %(m)s") % {"m": municipality.name},
    )
    return provider


@transaction.atomic
def provider_update(*, actor: User, provider: IdentityProvider, expected_version: int | None, config: dict, **fields) -> dict:
    """Change a provider's settings; raises ConcurrentEditError when someone saved it since ``expected_version``."""
    unknown = set(fields) - set(PROVIDER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown provider fields: {sorted(unknown)}")
    if "slug" in fields:
        _check_slug_free(fields["slug"], exclude_pk=provider.pk)
    data = {**fields, "config": config}
    changes = {name: (getattr(provider, name), value) for name, value in data.items() if getattr(provider, name) != value}
    version = provider.version if expected_version is None else expected_version
    if not changes:
        if provider.version != version:
            raise ConcurrentEditError
        return {}
    updated = IdentityProvider.objects.filter(pk=provider.pk, version=version).update(
        version=F("version") + 1, **{name: new for name, (_old, new) in changes.items()}
    )
    if updated != 1:
        raise ConcurrentEditError
    for name, (_old, new) in changes.items():
        setattr(provider, name, new)
    provider.version = version + 1
    logged = {name: change for name, change in changes.items() if name != "config"}
    if "config" in changes:
        logged.update(_config_changes(*changes["config"]))
    audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=provider, changes=logged)
    return changes


@transaction.atomic
def identity_link(*, actor: User, provider: IdentityProvider, user: User, subject: str) -> ExternalIdentity:
    """Link ``user`` to their stable identifier ``subject`` at ``provider`` (one link per person and provider)."""
    subject = (subject or "").strip()
    if not subject:
        raise ValidationError({"subject": _("Skriv personens identifierare hos identitetstjänsten.")})
    if ExternalIdentity.objects.filter(provider=provider, subject=subject).exists():
        raise ValidationError({"subject": _("Identifieraren är redan kopplad till en person hos den här tjänsten.")})
    if ExternalIdentity.objects.filter(provider=provider, user=user).exists():
        raise ValidationError({"user": _("Personen är redan kopplad till den här tjänsten. Ta bort den kopplingen först.")})
    identity = ExternalIdentity.objects.create(provider=provider, user=user, subject=subject)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=user,
        changes={"external_identity": (None, f"{provider.slug}: {subject}")},
        note=_("Kopplad till %(provider)s") % {"provider": provider.name},
    )
    return identity


@transaction.atomic
def identity_unlink(*, actor: User, identity: ExternalIdentity) -> None:
    """Remove a person's link to a provider: they can no longer sign in through it."""
    audit.record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        obj=identity.user,
        changes={"external_identity": (f"{identity.provider.slug}: {identity.subject}", None)},
        note=_("Koppling till %(provider)s borttagen") % {"provider": identity.provider.name},
    )
    identity.delete()


@transaction.atomic
def group_mapping_create(
    *, actor: User, provider: IdentityProvider, group: str, role: str, unit: Unit, include_subunits: bool
) -> GroupRoleMapping:
    group = (group or "").strip()
    if not group:
        raise ValidationError({"group": _("Skriv gruppens namn eller id som identitetstjänsten skickar det.")})
    if unit.municipality_id != provider.municipality_id:
        raise ValidationError({"unit": _("Välj en enhet i samma kommun som identitetstjänsten.")})
    if role == Role.EXTERN_UTFORARE:
        raise ValidationError({"role": _("Rollen extern utförare tilldelas på en utförare och kan inte komma från en grupp.")})
    if GroupRoleMapping.objects.filter(provider=provider, group=group, role=role, unit=unit).exists():
        raise ValidationError({"group": _("Gruppen ger redan den rollen på den enheten.")})
    mapping = GroupRoleMapping.objects.create(
        provider=provider, group=group, role=role, unit=unit, include_subunits=include_subunits
    )
    audit.record_created(actor=actor, obj=mapping, fields=["group", "role", "unit", "include_subunits"], unit=unit)
    return mapping


@transaction.atomic
def group_mapping_delete(*, actor: User, mapping: GroupRoleMapping) -> None:
    """Remove a mapping. Roles it gave end at the person's next sign-in through the provider."""
    audit.record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        obj=mapping,
        changes={"group": (mapping.group, None), "role": (mapping.role, None)},
        unit=mapping.unit,
    )
    mapping.delete()


@transaction.atomic
def municipality_sign_in_update(
    *,
    actor: User,
    municipality: Municipality,
    expected_version: int | None,
    local_passwords_allowed: bool,
    second_factor_for_all: bool,
) -> dict:
    """Switch local passwords and the second factor for everyone on or off for ``municipality``'s people."""
    return update_versioned(
        municipality,
        actor=actor,
        data={"local_passwords_allowed": local_passwords_allowed, "second_factor_for_all": second_factor_for_all},
        expected_version=expected_version,
        note=_("Inloggningsinställningar"),
    )
