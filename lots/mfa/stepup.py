"""Step-up: the gravest actions ask for a strong authentication within the last few minutes.

``require_recent_strong_auth`` wraps a view. When the session's last second factor (or an identity provider's
vouching) is older than ``LOTS_STEP_UP_SECONDS``, or there was none, the person is sent to show it again: their own
second factor, enrolment if they have none, or their identity provider when they signed in through one and have no
factor kept in Lots. Afterwards they come back to the page: a GET is simply asked again; a POST is never replayed, the
person comes back to the page the form was on and is told why. ``when=`` narrows the check to some requests of a view
(e.g. only the "decide" action of a page that also saves drafts).
"""

import functools
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from lots.mfa import devices, session

# Set for the re-authentication page: the action asked for was a form sent (and not carried out).
STEP_UP_POSTED = "lots_step_up_posted"


def is_on_this_site(request, url: str) -> bool:
    return url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())


def confirm_done(request) -> None:
    """After re-authenticating for a form that was sent: say that it was not carried out and is to be sent again."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    if request.session.pop(STEP_UP_POSTED, False):
        messages.info(
            request,
            _("Du har bekräftat att det är du. Gör om det du höll på med: formuläret skickades inte, så inget är ändrat än."),
        )


def step_up_window() -> int:
    return settings.LOTS_STEP_UP_SECONDS


def is_fresh(request) -> bool:
    """Whether the session has a strong authentication recent enough for the gravest actions."""
    return session.is_recent(request, step_up_window())


def require_recent_strong_auth(view=None, *, when=None):
    """Decorate a view so it runs only after a recent strong authentication (see the module's docstring)."""

    def decorate(view_func):
        @functools.wraps(view_func)
        def wrapped(request, *args, **kwargs):
            if (
                not settings.LOTS_SECOND_FACTOR_ENFORCED
                or not request.user.is_authenticated
                or (when is not None and not when(request))
                or is_fresh(request)
            ):
                return view_func(request, *args, **kwargs)
            return step_up_redirect(request)

        wrapped.requires_recent_strong_auth = True
        return wrapped

    return decorate(view) if view is not None else decorate


def _return_to(request) -> str:
    """Where to come back to: the page itself for a GET, the page the form was on for anything else."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and is_on_this_site(request, referer):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return reverse(settings.LOGIN_REDIRECT_URL)


def step_up_redirect(request):
    back = _return_to(request)
    if request.method not in ("GET", "HEAD"):
        request.session[STEP_UP_POSTED] = True
    if not devices.has_any_factor(request.user):
        provider_url = _identity_provider_url(request, back)
        if provider_url and request.method in ("GET", "HEAD"):
            return redirect(provider_url)
        if provider_url:
            # After a form is sent, a browser refuses redirects that end on another site (the form-action policy),
            # so the way to the identity provider goes through a page of ours that moves on by itself.
            return redirect(reverse("mfa:forward") + "?" + urlencode({"to": provider_url}))
        return redirect(reverse("mfa:enrol") + "?" + urlencode({"next": back, "steg": "1"}))
    return redirect(reverse("mfa:verify") + "?" + urlencode({"next": back, "steg": "1"}))


def _identity_provider_url(request, back: str) -> str | None:
    """The identity provider's sign-in, asked to authenticate the person again, for a session that came through one."""
    if session.login_method(request) not in ("oidc", "saml") or session.login_provider_id(request) is None:
        return None
    from lots.identity.models import IdentityProvider

    provider = IdentityProvider.objects.filter(pk=session.login_provider_id(request), is_active=True).first()
    if provider is None:
        return None
    try:
        url = reverse(f"identity:{provider.protocol}_login", args=[provider.slug])
    except NoReverseMatch:
        return None
    return url + "?" + urlencode({"reauth": "1", "next": back})


def forward(request):
    """The page between a form that needed a step-up and the identity provider's sign-in: a GET, so the browser follows
    on to the other site. Only addresses on this site are followed (the sign-in start, which then leaves)."""
    from django.http import Http404
    from django.shortcuts import render

    location = request.GET.get("to", "")
    if not request.user.is_authenticated or not location.startswith("/") or not is_on_this_site(request, location):
        raise Http404
    return render(request, "mfa/forward.html", {"location": location})
