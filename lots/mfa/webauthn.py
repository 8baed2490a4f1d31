"""Passkeys and security keys (WebAuthn) through django-otp-webauthn's ceremony views, tied to Lots: registering one
is logged and, as the first factor, gives recovery codes; using one marks the session strong and is logged, a failed
use too. Only a signed-in person uses a passkey here, as their second factor (no passwordless sign-in)."""

import json

from django.contrib import messages
from django.utils.translation import gettext as _
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as base
from django_otp_webauthn.models import WebAuthnCredential

from lots.mfa import devices, services, session
from lots.mfa.stepup import confirm_done


class _SecondFactorOnly:
    def user_is_mfa_enrolled(self, user) -> bool:
        # A session that has shown a factor (or was vouched for by its identity provider) may add another.
        return devices.has_any_factor(user) and not session.has_strong_auth(self.request)


class RegistrationBegin(_SecondFactorOnly, base.BeginCredentialRegistrationView):
    pass


class RegistrationComplete(_SecondFactorOnly, base.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        user = self.request.user
        first = not devices.has_primary_factor(user)
        response = super().post(*args, **kwargs)
        credential = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"], user=user)
        services.passkey_registered(actor=user, credential=credential)
        if not session.has_strong_auth(self.request):
            session.mark_strong(self.request, "webauthn")
        if first and devices.recovery_device(user) is None:
            from lots.mfa.views import NEW_CODES

            self.request.session[NEW_CODES] = services.recovery_codes_renew(actor=user, user=user)
        else:
            messages.success(self.request, _("Nyckeln är tillagd som andra faktor."))
        return response


class AuthenticationBegin(base.BeginCredentialAuthenticationView):
    def check_can_authenticate(self):
        if not self.request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        super().check_can_authenticate()


class AuthenticationComplete(base.CompleteCredentialAuthenticationView):
    def check_can_authenticate(self):
        if not self.request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        super().check_can_authenticate()

    def check_device_usable(self, device) -> None:
        if device.user_id != self.request.user.pk:
            raise exceptions.CredentialUserMismatch()
        super().check_device_usable(device)

    def complete_auth(self, device) -> None:
        from django_otp import login as otp_login

        otp_login(self.request, device)
        session.mark_strong(self.request, "webauthn")
        services.passkey_used(user=self.request.user, step_up=self.request.GET.get("steg") == "1")
        confirm_done(self.request)

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.OTPWebAuthnApiError) and self.request.user.is_authenticated:
            services.passkey_failed(user=self.request.user)
        return super().handle_exception(exc)
