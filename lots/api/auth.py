from ninja.security import HttpBearer

from lots.accounts.services import api_token_authenticate


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``: the request acts with exactly that person's access."""

    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is None:
            return None
        request.user = user
        return user
