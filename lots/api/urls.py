"""The JSON API at /api/v1/. Each module contributes ``lots.<app>.api.router``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError

from lots.api.auth import BearerToken
from lots.audit.versioning import ConcurrentEditError
from lots.core.discovery import app_modules

api = NinjaAPI(
    title="Lots API",
    version="1",
    description=(
        "Ledningssystem för systematiskt kvalitetsarbete. Autentisering: `Authorization: Bearer <API-nyckel>`.\n\n"
        "**Idempotency-Key**: skicka rubriken `Idempotency-Key: <egen unik nyckel, högst 255 tecken>` med en POST "
        "som skapar något. Skickar du samma förfrågan igen med samma nyckel (till exempel när svaret gick förlorat) "
        "skapas ingenting en gång till: du får det första svaret igen (status och innehåll, med rubriken "
        "`Idempotent-Replayed: true`) i 24 timmar. Samma nyckel med en annan förfrågan ger 422; medan den första "
        "förfrågan fortfarande pågår ger en till 409. Nycklar gäller per person. Bara lyckade svar sparas."
    ),
    auth=BearerToken(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Finns inte.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": _("Du har inte behörighet att ändra detta.")}, status=403)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    return api.create_response(request, {"detail": _("Saknar giltig API-nyckel.")}, status=401)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": errors}, status=422)


def _field(location: list) -> str:
    """A value's name from pydantic's location: ("body", "payload", "unit_ids", 3) gives "unit_ids.3"."""
    names = [str(part) for part in location[1:] if part != "payload"]
    return ".".join(names) or "__all__"


@api.exception_handler(SchemaError)
def schema_invalid(request, exc):
    """Values that do not match the schema answer like a rule of Lots: the messages per field."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field(error.get("loc", ())), []).append(error.get("msg", ""))
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(ConcurrentEditError)
def conflict(request, exc):
    return api.create_response(request, {"detail": _("Posten har ändrats av någon annan. Hämta den igen.")}, status=409)


def _register_routers():
    for module in app_modules("api"):
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(getattr(module, "PREFIX", "/"), router)


_register_routers()
