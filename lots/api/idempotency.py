"""``Idempotency-Key`` on the API's POST requests: a client that retries after a lost answer creates nothing twice.

The first request with a key reserves (person, key) — a unique constraint, so of two sent at once only one runs —
and, when it succeeds (2xx), keeps its answer for ``KEEP``. A retry with the same key, endpoint and body gets that
answer again; the same key with another endpoint or body answers 422; a retry while the first is still running
answers 409. An answer that is not a success is not kept: the reservation is released, so the request may be sent
again. Keys are per person: two people may use the same key.
"""

import datetime
import hashlib

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.accounts.services import api_token_authenticate
from lots.api.models import IdempotentRequest

HEADER = "Idempotency-Key"
KEEP = datetime.timedelta(hours=24)
MAX_KEY_LENGTH = 255
API_PREFIX = "/api/"


def _refusal(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": {HEADER: [message]} if status == 422 else message}, status=status)


def _user(request):
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return api_token_authenticate(token.strip()) if scheme.lower() == "bearer" else None


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST" or not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        user = _user(request)
        if user is None:  # the API answers 401 itself
            return self.get_response(request)
        if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
            return _refusal(422, _("Ange en nyckel med 1–%(n)s tecken.") % {"n": MAX_KEY_LENGTH})
        endpoint = request.path
        fingerprint = hashlib.sha256(request.body).hexdigest()
        IdempotentRequest.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
        try:
            with transaction.atomic():
                reservation = IdempotentRequest.objects.create(user=user, key=key, endpoint=endpoint, fingerprint=fingerprint)
        except IntegrityError:
            return self._replay(user, key, endpoint, fingerprint)
        try:
            response = self.get_response(request)
        except BaseException:
            reservation.delete()
            raise
        if 200 <= response.status_code < 300 and not response.streaming:
            reservation.status = response.status_code
            reservation.body = response.content
            reservation.content_type = response.get("Content-Type", "")
            reservation.save(update_fields=["status", "body", "content_type"])
        else:
            reservation.delete()
        return response

    def _replay(self, user, key, endpoint, fingerprint) -> HttpResponse:
        earlier = IdempotentRequest.objects.filter(user=user, key=key).first()
        if earlier is None:  # released meanwhile: the client may send it again
            return _refusal(409, _("En förfrågan med samma Idempotency-Key avbröts nyss. Skicka den igen."))
        if earlier.endpoint != endpoint or earlier.fingerprint != fingerprint:
            return _refusal(422, _("Nyckeln har redan använts för en annan förfrågan."))
        if earlier.status is None:
            return _refusal(409, _("En förfrågan med samma Idempotency-Key pågår. Försök igen om en stund."))
        response = HttpResponse(bytes(earlier.body), status=earlier.status, content_type=earlier.content_type or None)
        response["Idempotent-Replayed"] = "true"
        return response
