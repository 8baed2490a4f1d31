"""Signed-in sessions: where a person is signed in, ending a session from elsewhere, and the absolute lifetime.

Every sign-in path (password, OIDC, SAML, and tests' ``force_login``) goes through ``django.contrib.auth.login``, so
the ``user_logged_in`` signal is the one place that sees them all: it starts an ``ActiveSession`` row.
``SessionGuardMiddleware`` then keeps the row's last-seen time (at most once a minute, so an ordinary request costs
no query), follows the session key when it is cycled, and ends a session that is older than
``LOTS_SESSION_MAX_HOURS`` whatever the activity, or whose row was removed because it was ended from elsewhere. A
session Django no longer lets in (its account switched off, its password changed elsewhere) is ended for good.

What the session itself holds (server-side): when it started, when it was last written down, the row's id and the
hash of the key the row was written with.
"""

import base64
import hashlib
import re
import time
from importlib import import_module
from urllib.parse import urlencode

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.accounts.models import ActiveSession, User
from lots.audit import services as audit
from lots.lib.clientaddr import client_address

STARTED_AT = "lots_session_started_at"
SEEN_AT = "lots_session_seen_at"
ROW = "lots_session_row"
KEY_HASH = "lots_session_key_hash"

SEEN_EVERY_SECONDS = 60
USER_AGENT_LENGTH = 300


def _fernet() -> Fernet:
    digest = hashlib.sha256(("lots.accounts.sessions:" + settings.SECRET_KEY).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(session_key: str) -> str:
    return _fernet().encrypt(session_key.encode()).decode()


def unseal(sealed: str) -> str | None:
    """The session key, or None when it cannot be read (the secret key changed: such sessions are void anyway)."""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        return None


def _address(request) -> str | None:
    address = client_address(request)
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return address


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _agent(request) -> str:
    """The user agent as sent, without control characters (PostgreSQL refuses a NUL in text)."""
    return _CONTROL.sub("", str(request.META.get("HTTP_USER_AGENT", "")))[:USER_AGENT_LENGTH]


# --- Signals: started and ended ---------------------------------------------------------------------------------


def session_started(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: write the new session down."""
    if request is None or not hasattr(request, "session"):
        return
    session = request.session
    if session.session_key is None:
        session.save()
    now = timezone.now()
    # Sessions that timed out are gone from Django's store already; their rows (with an address) are not kept.
    ActiveSession.objects.filter(user=user).exclude(pk__in=ActiveSession.objects.current().values("pk")).delete()
    # Signing in again within a session keeps its key (Django cycles it only for another person): the session's row
    # is then started afresh rather than written twice.
    row, _created = ActiveSession.objects.update_or_create(
        key_hash=ActiveSession.hash_key(session.session_key),
        defaults={
            "user": user,
            "sealed_key": seal(session.session_key),
            "created_at": now,
            "last_seen_at": now,
            "ip": _address(request),
            "user_agent": _agent(request),
        },
    )
    session[STARTED_AT] = now.timestamp()
    session[SEEN_AT] = now.timestamp()
    session[ROW] = row.pk
    session[KEY_HASH] = row.key_hash


def session_ended(sender, request, user, **kwargs) -> None:
    """``user_logged_out``: the session is gone, so is its row."""
    if request is None or not hasattr(request, "session"):
        return
    row = request.session.get(ROW)
    if row is not None:
        ActiveSession.objects.filter(pk=row).delete()


# --- Ending sessions --------------------------------------------------------------------------------------------


def _delete_django_sessions(rows) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for row in rows:
        key = unseal(row.sealed_key)
        if key:
            store(session_key=key).delete(key)


def _end(*, actor, person: User, rows: list[ActiveSession], note: str) -> int:
    if not rows:
        return 0
    ActiveSession.objects.filter(pk__in=[r.pk for r in rows]).delete()
    _delete_django_sessions(rows)
    audit.record(actor=actor, action="session_end", obj=person, changes={"sessions": (len(rows), 0)}, note=note)
    return len(rows)


@transaction.atomic
def session_end(*, actor: User, session: ActiveSession) -> int:
    """End one of ``session.user``'s sessions: its row goes and the Django session is deleted. Audited."""
    return _end(actor=actor, person=session.user, rows=[session], note="Session avslutad")


@transaction.atomic
def sessions_end_others(*, actor: User, person: User, keep: int | None = None, note: str = "") -> int:
    """End all of ``person``'s sessions except the one with row id ``keep``; returns how many ended. Audited."""
    rows = list(ActiveSession.objects.filter(user=person).exclude(pk=keep or 0))
    return _end(actor=actor, person=person, rows=rows, note=note or "Övriga sessioner avslutade")


@transaction.atomic
def sessions_end_all(*, actor: User | None, person: User, note: str = "") -> int:
    """End every session of ``person``. Audited."""
    return sessions_end_others(actor=actor, person=person, keep=None, note=note or "Alla sessioner avslutade")


def current_row(request) -> int | None:
    return request.session.get(ROW)


def person_deactivated(sender, instance, **kwargs) -> None:
    """``post_save`` of a person: an account that is switched off keeps no session anywhere."""
    if instance.is_active or not instance.pk:
        return
    if ActiveSession.objects.filter(user=instance).exists():
        sessions_end_all(actor=None, person=instance, note="Konto inaktiverat")


# --- The guard on every request ----------------------------------------------------------------------------------


def lifetime_message() -> str:
    return _("Du har varit inloggad i mer än %(hours)s timmar i sträck och har loggats ut. Logga in igen.") % {
        "hours": settings.LOTS_SESSION_MAX_HOURS
    }


def ended_message() -> str:
    return _("Din inloggning avslutades från en annan inloggning. Logga in igen.")


def _sign_out(request, message: str):
    logout(request)
    messages.info(request, message)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=401)
    login = reverse("accounts:login")
    if request.method == "GET":
        login += "?" + urlencode({"next": request.get_full_path()})
    return redirect(login)


def _max_age() -> float:
    return settings.LOTS_SESSION_MAX_HOURS * 3600


class SessionGuardMiddleware:
    """After ``AuthenticationMiddleware`` and ``MessageMiddleware``: the absolute lifetime, last-seen times, and
    sessions ended from elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not request.session.session_key:
            return self.get_response(request)
        if user.is_authenticated:
            refusal = self._check(request, user)
            if refusal is not None:
                return refusal
        elif request.session.get(ROW) is not None:
            # A signed-in session Django no longer lets in: the account was switched off or its password changed
            # elsewhere. End it for good, so that opening the account again does not bring the session back.
            ActiveSession.objects.filter(pk=request.session[ROW]).delete()
            request.session.flush()
        return self.get_response(request)

    def _check(self, request, user):
        session = request.session
        now = time.time()
        started = session.get(STARTED_AT)
        if started is None:  # signed in before sessions were written down
            session_started(None, request, user)
            return None
        if now - float(started) > _max_age():
            with transaction.atomic():
                ActiveSession.objects.filter(pk=session.get(ROW) or 0).delete()
                audit.record(
                    actor=user,
                    action="session_end",
                    obj=user,
                    note=f"Sessionens längsta livstid ({settings.LOTS_SESSION_MAX_HOURS} h) har passerat",
                )
            return _sign_out(request, lifetime_message())
        key_hash = ActiveSession.hash_key(session.session_key)
        rekeyed = key_hash != session.get(KEY_HASH)
        if rekeyed or now - float(session.get(SEEN_AT) or 0) > SEEN_EVERY_SECONDS:
            fields = {"last_seen_at": timezone.now(), "ip": _address(request), "user_agent": _agent(request)}
            if rekeyed:  # the key was cycled (a new password, a second factor): follow it
                fields.update(key_hash=key_hash, sealed_key=seal(session.session_key))
            if not ActiveSession.objects.filter(pk=session.get(ROW) or 0, user=user).update(**fields):
                return _sign_out(request, ended_message())
            session[SEEN_AT] = now
            session[KEY_HASH] = key_hash
        return None


# --- Reading ------------------------------------------------------------------------------------------------------

_BROWSERS = [
    ("Edge", re.compile(r"Edg(e|A|iOS)?/")),
    ("Opera", re.compile(r"OPR/|Opera")),
    ("Samsung Internet", re.compile(r"SamsungBrowser/")),
    ("Firefox", re.compile(r"Firefox/|FxiOS/")),
    ("Chrome", re.compile(r"Chrome/|CriOS/|Chromium/")),
    ("Safari", re.compile(r"Safari/")),
]
_SYSTEMS = [
    ("iPhone", re.compile(r"iPhone")),
    ("iPad", re.compile(r"iPad")),
    ("Android", re.compile(r"Android")),
    ("Windows", re.compile(r"Windows")),
    ("macOS", re.compile(r"Macintosh|Mac OS X")),
    ("ChromeOS", re.compile(r"CrOS")),
    ("Linux", re.compile(r"Linux")),
]


def describe_user_agent(agent: str) -> str:
    """A short name for a browser's user agent: "Firefox på Windows", "Safari på iPhone"; unknown ones shortened."""
    browser = next((name for name, pattern in _BROWSERS if pattern.search(agent or "")), None)
    system = next((name for name, pattern in _SYSTEMS if pattern.search(agent or "")), None)
    if browser and system:
        return _("%(browser)s på %(system)s") % {"browser": browser, "system": system}
    if browser or system:
        return browser or system
    agent = (agent or "").strip()
    if not agent:
        return _("Okänd webbläsare")
    return agent if len(agent) <= 40 else agent[:39] + "…"


def sessions_of(person: User):
    """The person's sessions that can still be in use, most recently active first."""
    return ActiveSession.objects.filter(user=person, user__is_active=True).current()


def session_rows(person: User, current: int | None = None) -> list[dict]:
    """The sessions for a page: the row, its shortened browser and whether it is the viewer's own."""
    return [
        {"session": s, "device": describe_user_agent(s.user_agent), "is_current": s.pk == current} for s in sessions_of(person)
    ]
