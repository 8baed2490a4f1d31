"""Signing a person in after their identity provider vouched for them: the one step both protocols end in."""

from django.contrib.auth import login
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.identity.models import ExternalIdentity, IdentityProvider
from lots.mfa import session as auth_session


class SignInRefused(Exception):
    """The provider's answer was valid, but Lots does not let this person in. ``message`` is shown as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def sign_in_external(request, *, provider: IdentityProvider, subject: str, mfa: bool = False, groups=()) -> "ExternalIdentity":
    """Log in the person whom ``provider`` identified as ``subject`` and return their identity link.

    ``mfa`` says the provider vouched for multi-factor authentication (its amr/acr or authentication context matched
    ``provider.mfa_values``); the session then counts as strongly authenticated. Refuses, with an audited failed
    login, an unknown subject and a deactivated person.
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
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    auth_session.set_login_method(request, provider.protocol, provider.pk)
    if mfa:
        auth_session.mark_strong(request, "idp")
    identity.last_login_at = timezone.now()
    identity.save(update_fields=["last_login_at"])
    audit.record(actor=user, action=AuditEntry.Action.LOGIN, obj=user, note=_("Via %(provider)s") % {"provider": provider.name})
    return identity
