from django.conf import settings
from django.utils import translation

from lots.lib.text import clean_input


class LanguageMiddleware:
    """Swedish unless the person chose another language (the language cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    staff with English-language browsers still get the Swedish interface by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# Request headers that are written to the database (the login lockout's access log, the session list).
STORED_HEADERS = ("HTTP_USER_AGENT", "HTTP_ACCEPT", "HTTP_REFERER")


class CleanHeadersMiddleware:
    """Drops control characters from the request headers that are stored: PostgreSQL refuses a NUL in text, and a
    client could otherwise turn its own login into a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in STORED_HEADERS:
            value = request.META.get(name)
            if isinstance(value, str):
                request.META[name] = clean_input(value)
        return self.get_response(request)


def login_username(request, credentials=None) -> str:
    """The username a login attempt names, as the lockout stores it (AXES_USERNAME_CALLABLE): without control
    characters, and no longer than a username can be."""
    value = (credentials or {}).get("username") if credentials else None
    if value is None:
        value = request.POST.get("username", "") if hasattr(request, "POST") else ""
    return clean_input(str(value)).strip()[:150]
