"""Writes about people, their roles, their API tokens and auditors' time-limited grants."""

import datetime

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.accounts.models import TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, ApiToken, AuditGrant, Role, RoleAssignment, User
from lots.audit import services as audit
from lots.organisation.models import Provider, Unit


@transaction.atomic
def person_create(
    *,
    actor,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    title: str = "",
    password: str | None = None,
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Användarnamnet är redan taget.")})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, title=title)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record_created(actor=actor, obj=user, fields=["username", "first_name", "last_name", "email", "title"])
    return user


@transaction.atomic
def role_assign(
    *,
    actor,
    user: User,
    role: str,
    unit: Unit | None = None,
    provider: Provider | None = None,
    include_subunits: bool = True,
) -> RoleAssignment:
    if role == Role.EXTERN_UTFORARE:
        if provider is None or unit is not None:
            raise ValidationError({"provider": _("Rollen extern utförare tilldelas på en utförare, inte på en enhet.")})
    elif unit is None or provider is not None:
        raise ValidationError({"unit": _("Rollen tilldelas på en enhet.")})
    if unit is not None and not unit.is_open:
        raise ValidationError({"unit": _("Enheten är stängd.")})
    earlier = RoleAssignment.objects.select_for_update().filter(user=user, role=role, unit=unit, provider=provider).first()
    if earlier is not None and (earlier.ends_on is None or earlier.ends_on >= timezone.localdate()):
        raise ValidationError({"role": _("Personen har redan den rollen där.")})
    subunits = include_subunits if unit else False
    if earlier is not None:
        # The person held the role here before: the same assignment opens again, so its history stays in one row.
        RoleAssignment.objects.filter(pk=earlier.pk).update(ends_on=None, include_subunits=subunits)
        earlier.refresh_from_db()
        assignment, note = earlier, "Roll tilldelad igen"
    else:
        assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit, provider=provider, include_subunits=subunits)
        note = "Roll tilldelad"
    audit.record(
        actor=actor,
        action="create",
        obj=user,
        unit=unit,
        changes={"role": (None, assignment.get_role_display()), "scope": (None, str(unit or provider))},
        note=note,
    )
    if RoleAssignment.objects.filter(role=role, unit=unit).exclude(pk=assignment.pk).exclude(user=user).exists():
        # A role someone held or holds here changes hands; a unit's first manager is setting up, not a change.
        _delegation_changed(actor, assignment, f"{user.get_full_name() or user} har fått rollen {assignment.get_role_display()}.")
    return assignment


def _delegation_changed(actor, assignment: RoleAssignment, note: str) -> None:
    """A line manager's role beginning or ending moves delegated responsibility: the unit is prompted to analyse risks."""
    from lots.access.policy import LINE_MANAGERS
    from lots.risks.services.triggers import risk_analysis_prompt  # risks builds on accounts, not the reverse

    if assignment.unit is not None and assignment.role in LINE_MANAGERS:
        risk_analysis_prompt(actor=actor, unit=assignment.unit, trigger="delegation", note=note)


@transaction.atomic
def role_end(*, actor, assignment: RoleAssignment) -> None:
    """End a role today. The assignment row stays so history can still say who held it."""
    today = timezone.localdate()
    RoleAssignment.objects.filter(pk=assignment.pk).update(ends_on=today)
    audit.record(
        actor=actor,
        action="update",
        obj=assignment.user,
        unit=assignment.unit,
        changes={"role_ends_on": (None, today)},
        note=f"Roll avslutad: {assignment}",
    )
    who = assignment.user.get_full_name() or assignment.user
    _delegation_changed(actor, assignment, f"{who} har inte längre rollen {assignment.get_role_display()}.")


def person_set_language(*, person: User, language: str, actor) -> bool:
    """Remember the interface language ``person`` chose, so their mail is written in it. Returns whether it changed;
    an unknown language is refused."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(_("Välj ett av språken i listan."), code="invalid_choice")
    with transaction.atomic():
        current = User.objects.select_for_update().only("language").get(pk=person.pk).language
        if current == language:
            return False
        User.objects.filter(pk=person.pk).update(language=language)
        person.language = language
        audit.record(actor=actor, action="update", obj=person, changes={"language": (current, language)})
    return True


class TokenRefused(Exception):
    """A bearer key that does not let the request through: ``status`` 401 (no valid key) or 403 (a read-only key
    asked to change something), ``message`` says why in Swedish."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _validate_token_expiry(expires_on: datetime.date) -> None:
    today = timezone.localdate()
    if expires_on <= today:
        raise ValidationError({"expires_on": _("Välj ett datum efter i dag.")})
    if expires_on > today + datetime.timedelta(days=TOKEN_MAX_DAYS):
        raise ValidationError(
            {"expires_on": _("En API-nyckel gäller högst %(n)s dagar. Välj ett tidigare datum.") % {"n": TOKEN_MAX_DAYS}}
        )


def _end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after ``day`` in the site's time zone: a key chosen to last until a date works all that day."""
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start)


@transaction.atomic
def api_token_create(
    *,
    actor: User,
    name: str,
    scope: str = ApiToken.Scope.READ_WRITE,
    expires_on: datetime.date | None = None,
) -> tuple[ApiToken, str]:
    """Create a token for ``actor`` themself, reading only or also writing (``scope``), working until the end of
    ``expires_on`` (by default ``TOKEN_DEFAULT_DAYS`` from today, at most ``TOKEN_MAX_DAYS``). Returns the row and
    the clear-text key, which is never stored."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = "Ge nyckeln ett namn så att du känner igen den."
    if scope not in ApiToken.Scope.values:
        errors["scope"] = "Välj om nyckeln bara får läsa eller också ändra."
    if errors:
        raise ValidationError(errors)
    expires_on = expires_on or timezone.localdate() + datetime.timedelta(days=TOKEN_DEFAULT_DAYS)
    _validate_token_expiry(expires_on)
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=actor,
        name=name[:80],
        key_hash=ApiToken.hash_key(key),
        hint=key[:9],
        scope=scope,
        expires_at=_end_of_day(expires_on),
    )
    audit.record(
        actor=actor,
        action="create",
        obj=token,
        changes={"scope": (None, scope), "expires_at": (None, token.expires_at)},
        note="API-nyckel skapad",
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    """Revoke the token now (its owner or an administrator); revoking a revoked token changes nothing."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    note = "API-nyckel återkallad" if actor.pk == token.user_id else "API-nyckel återkallad av administratör"
    audit.record(actor=actor, action="update", obj=token, changes={"revoked_at": (None, token.revoked_at)}, note=note)


@transaction.atomic
def api_tokens_revoke_all(*, actor: User, person: User) -> int:
    """Revoke every working token of ``person``; returns how many."""
    tokens = list(ApiToken.objects.filter(user=person, revoked_at__isnull=True, expires_at__gt=timezone.now()))
    for token in tokens:
        api_token_revoke(actor=actor, token=token)
    return len(tokens)


LAST_USED_EVERY_SECONDS = 60


def api_token_verify(key: str, *, write: bool = False) -> ApiToken:
    """The token behind a bearer key, if it lets the request through; otherwise ``TokenRefused`` saying why.

    ``write``: the request changes something, which a read-only token may not. Touches ``last_used_at`` at most once
    a minute, so a busy client does not write on every request.
    """
    token = None
    if key and key.startswith(ApiToken.PREFIX):
        token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None:
        raise TokenRefused(401, "API-nyckeln finns inte. Kontrollera att hela nyckeln kom med.")
    if token.revoked_at is not None:
        raise TokenRefused(401, "API-nyckeln är återkallad. Skapa en ny under Mitt konto.")
    if token.is_expired:
        expired = timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M")
        raise TokenRefused(401, f"API-nyckeln gick ut {expired}. Skapa en ny under Mitt konto.")
    if not token.user.is_active:
        raise TokenRefused(401, "Kontot som API-nyckeln tillhör är inaktiverat.")
    if write and not token.can_write:
        raise TokenRefused(403, "API-nyckeln får bara läsa. Skapa en nyckel som får läsa och ändra för att ändra något.")
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_EVERY_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def api_token_authenticate(key: str) -> User | None:
    """The active user behind a usable bearer key, or None (for any reason; ``api_token_verify`` says which)."""
    try:
        return api_token_verify(key).user
    except TokenRefused:
        return None


def invitation_link(user: User) -> str:
    """A one-time link where ``user`` chooses a password (Django's password-reset token)."""
    from django.conf import settings
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:choose_password", args=[uid, token])


@transaction.atomic
def person_invite(
    *,
    actor,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    title: str = "",
    role: str,
    unit: Unit | None = None,
    provider: Provider | None = None,
    include_subunits: bool = True,
) -> User:
    """Create a person with a first role and e-mail them a link to choose their password."""
    from lots.notifications.services import notify, render_mail

    user = person_create(actor=actor, username=username, first_name=first_name, last_name=last_name, email=email, title=title)
    role_assign(actor=actor, user=user, role=role, unit=unit, provider=provider, include_subunits=include_subunits)
    subject, body = render_mail(
        "accounts/mail/welcome.txt",
        {
            "first_name": first_name,
            "inviter": actor.get_full_name() or actor.username,
            "username": username,
            "link": invitation_link(user),
        },
    )
    notify(to=email, subject=subject, body=body)
    return user


@transaction.atomic
def audit_grant_create(
    *,
    actor: User,
    auditor: User,
    unit: Unit,
    purpose: str,
    valid_from: datetime.date,
    valid_until: datetime.date,
) -> AuditGrant:
    """Let ``auditor`` read the case records of ``unit`` and its sub-units for one named audit, for a limited time.

    The auditor must hold the granskare role in the unit's municipality; the period may not have ended already.
    """
    purpose = (purpose or "").strip()
    errors = {}
    if not purpose:
        errors["purpose"] = "Skriv vilken granskning läsrätten gäller."
    if not unit.is_open:
        errors["unit"] = "Enheten är stängd."
    holds_role = (
        RoleAssignment.objects.active()
        .filter(user=auditor, role=Role.GRANSKARE, unit__municipality_id=unit.municipality_id)
        .exists()
    )
    if not auditor.is_active or not holds_role:
        errors["auditor"] = "Personen har inte rollen granskare i kommunen."
    if valid_until < valid_from:
        errors["valid_until"] = "Slutdatumet kan inte ligga före startdatumet."
    elif valid_until < timezone.localdate():
        errors["valid_until"] = "Slutdatumet har redan passerat."
    if errors:
        raise ValidationError(errors)
    grant = AuditGrant.objects.create(
        auditor=auditor, unit=unit, purpose=purpose[:200], valid_from=valid_from, valid_until=valid_until, granted_by=actor
    )
    audit.record_created(
        actor=actor, obj=grant, fields=["auditor", "unit", "purpose", "valid_from", "valid_until"], note="Läsrätt för granskning"
    )
    return grant


@transaction.atomic
def audit_grant_revoke(*, actor: User, grant: AuditGrant) -> None:
    """End a grant now. The row stays, so the log can still say who could read what and when."""
    if grant.revoked_at is not None:
        return
    grant.revoked_at = timezone.now()
    grant.revoked_by = actor
    grant.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        actor=actor,
        action="update",
        obj=grant,
        changes={"revoked_at": (None, grant.revoked_at)},
        note="Läsrätt för granskning återkallad",
    )
