from ninja.errors import HttpError
from ninja.security import HttpBearer

from lots.accounts.services import TokenRefused, api_token_verify

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``: the request acts with exactly that person's access, and changes nothing
    with a read-only token. A refused key answers JSON saying why (401, or 403 for a read-only key's change)."""

    def authenticate(self, request, token):
        try:
            api_token = api_token_verify(token, write=request.method not in SAFE_METHODS)
        except TokenRefused as refusal:
            raise HttpError(refusal.status, refusal.message) from None
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user
