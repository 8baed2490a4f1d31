"""Settings for Lots, read from the environment.

Development and the demo run with DEBUG on and SQLite under var/. Production
sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL).
"""

import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from pythonjsonlogger.core import RESERVED_ATTRS as RESERVED_LOG_ATTRS

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("LOTS_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
# Management commands may run without a key (a throw-away one is made); the web server refuses to (config/wsgi.py).
SECRET_KEY_IS_EPHEMERAL = not SECRET_KEY and not DEBUG
if not SECRET_KEY:
    SECRET_KEY = (
        secrets.token_urlsafe(50) if SECRET_KEY_IS_EPHEMERAL else "insecure-development-key-only-for-local-demo-0123456789"
    )

# The audit log's hash chains are keyed with this (lots.audit.chain); derived from SECRET_KEY when unset. Set it in
# production and never change it: entries signed with another key no longer verify.
AUDIT_CHAIN_KEY = env_str("LOTS_AUDIT_CHAIN_KEY")
# Where verify_audit_log keeps the chain heads it last found intact: outside the database, so an emptied log shows.
AUDIT_ANCHOR_FILE = Path(env_str("LOTS_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchor.json")))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "lots.core",
    "lots.organisation",
    "lots.accounts",
    "lots.mfa",
    "lots.identity",
    "lots.audit",
    "lots.notifications",
    "lots.improvements",
    "lots.processes",
    "lots.deviations",
    "lots.feedback",
    "lots.risks",
    "lots.requirements",
    "lots.reports",
    "lots.archive",
    "lots.privacy",
    "lots.oversight",
    "lots.jobs",
    "lots.staff",
    "lots.competence",
    "lots.workenv",
    "lots.rounds",
    "lots.agreements",
    "lots.interventions",
    "lots.watch",
    "lots.ledger",
    "lots.goals",
    "lots.indicators",
    "lots.home",
    "lots.api",
]

MIDDLEWARE = [
    "lots.core.middleware.CleanHeadersMiddleware",
    "lots.core.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lots.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lots.identity.oidc.ProviderSessionCheckMiddleware",
    "lots.accounts.sessions.SessionGuardMiddleware",
    "lots.identity.saml_middleware.SamlSessionLifetimeMiddleware",
    "lots.mfa.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "lots.audit.middleware.ReadLogMiddleware",
    "lots.api.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lots" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "lots.home.context_processors.navigation",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'lots.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # The covering indexes' INCLUDE columns are a PostgreSQL optimisation; SQLite builds the same indexes without them.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
# A read replica (optional): reports and dashboards read from it (lots/core/db_router.py). Without
# DATABASE_REPLICA_URL everything reads from and writes to "default".
LOTS_REPLICA_ALIAS = None
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    LOTS_REPLICA_ALIAS = "replica"
DATABASE_ROUTERS = ["lots.core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "lots.accounts.passwords.BreachedPasswordValidator"},
    {"NAME": "lots.accounts.passwords.GuessablePatternValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:start"
LOGOUT_REDIRECT_URL = "accounts:login"
# Single sign-on through OpenID Connect (lots.identity.oidc): seconds to wait for an identity provider's answer.
LOTS_OIDC_TIMEOUT = env_int("LOTS_OIDC_TIMEOUT", 10)

# Idle timeout: the session lives this long after the last request.
SESSION_COOKIE_AGE = env_int("LOTS_IDLE_TIMEOUT_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# An export of more rows than this is made by the task worker, with its progress shown (lots.jobs).
LOTS_BACKGROUND_EXPORT_ROWS = env_int("LOTS_BACKGROUND_EXPORT_ROWS", 5000)

# Absolute lifetime: a session ends this long after sign-in, however active (lots.accounts.sessions).
LOTS_SESSION_MAX_HOURS = env_int("LOTS_SESSION_MAX_HOURS", 10)

# The second factor (lots.mfa): people who read confidential records (lots.access.authentication) show one after
# signing in, and the gravest actions ask for it again when the last one is older than the step-up window. The demo
# (DEBUG) asks it only of people who have set one up, so its other logins stay one step; production guides everyone
# it applies to through enrolment.
LOTS_SECOND_FACTOR_ENFORCED = env_bool("LOTS_SECOND_FACTOR_ENFORCED", True)
LOTS_SECOND_FACTOR_ENROLMENT_REQUIRED = env_bool("LOTS_SECOND_FACTOR_ENROLMENT_REQUIRED", not DEBUG)
LOTS_STEP_UP_SECONDS = env_int("LOTS_STEP_UP_MINUTES", 5) * 60
LOTS_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "Lots"
# A wrong code locks the device for 1, 2, 4, 8 … seconds (django-otp), so guessing six digits is hopeless.
OTP_TOTP_THROTTLE_FACTOR = env_int("LOTS_OTP_THROTTLE_SECONDS", 1)
OTP_STATIC_THROTTLE_FACTOR = OTP_TOTP_THROTTLE_FACTOR
# Passkeys and security keys (django-otp-webauthn) belong to the site's host name and need HTTPS; plain HTTP only on
# localhost (an IP address cannot be one), so the demo at 127.0.0.1 offers them at http://localhost:<port>.
_site = urlsplit(SITE_URL)
_passkey_origin = SITE_URL if _site.scheme == "https" else "http://localhost" + (f":{_site.port}" if _site.port else "")
OTP_WEBAUTHN_RP_ID = env_str("LOTS_WEBAUTHN_RP_ID", urlsplit(_passkey_origin).hostname)
OTP_WEBAUTHN_RP_NAME = "Lots"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("LOTS_WEBAUTHN_ORIGINS", [_passkey_origin])
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# The yearly access review and the monthly log follow-up (lots.oversight): an account nobody has signed in with for
# this many days is flagged; reads outside office hours (local time, weekdays, not on public holidays) are listed; a
# person reading more than FACTOR times the month's median, and at least MIN records, is listed; the sample's size.
LOTS_UNUSED_ACCOUNT_DAYS = env_int("LOTS_UNUSED_ACCOUNT_DAYS", 90)
LOTS_ACCESS_REVIEW_MONTH = env_int("LOTS_ACCESS_REVIEW_MONTH", 10)
LOTS_OFFICE_HOURS_START = env_int("LOTS_OFFICE_HOURS_START", 7)
LOTS_OFFICE_HOURS_END = env_int("LOTS_OFFICE_HOURS_END", 18)
LOTS_LOG_SAMPLE_SIZE = env_int("LOTS_LOG_SAMPLE_SIZE", 20)
LOTS_LOG_HEAVY_READER_FACTOR = env_int("LOTS_LOG_HEAVY_READER_FACTOR", 3)
LOTS_LOG_HEAVY_READER_MIN = env_int("LOTS_LOG_HEAVY_READER_MIN", 50)

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("LOTS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOTS_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a proxy the client's address comes from X-Forwarded-For as far as trusted proxies wrote it
# (lots.lib.clientaddr), so one citizen or one wrong password cannot lock out everyone behind the proxy.
AXES_CLIENT_IP_CALLABLE = "lots.lib.clientaddr.client_address"
AXES_USERNAME_CALLABLE = "lots.core.middleware.login_username"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "lots" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(env_str("LOTS_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "lots@exempelkommun.invalid")
# Seconds before a silent mail server is given up on; the attempt is then retried from the queue.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 15)

# Background work (mail, slow reports) waits in a queue in the database and is done by `manage.py db_worker`, as many
# of them as needed on one or several machines (lots.notifications.delivery).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A mail the server refused or did not answer is tried again after 1, 2, 4 … minutes (at most an hour apart), this
# many times in all; then it is given up, logged, and counted on the health check (lots.notifications.queue).
LOTS_MAIL_ATTEMPTS = env_int("LOTS_MAIL_ATTEMPTS", 30)
LOTS_MAIL_RETRY_SECONDS = env_int("LOTS_MAIL_RETRY_SECONDS", 60)
LOTS_MAIL_RETRY_MAX_SECONDS = env_int("LOTS_MAIL_RETRY_MAX_SECONDS", 3600)
# /readyz answers 503 once a task has been due this long while no worker started anything (lots.core.readiness).
LOTS_QUEUE_STUCK_SECONDS = env_int("LOTS_QUEUE_STUCK_SECONDS", 300)
# One reminder mail a day per person with everything due (lots.notifications.digest); 0 sends each reminder alone.
LOTS_REMINDER_DIGEST = env_bool("LOTS_REMINDER_DIGEST", True)

DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LOTS_MAX_ATTACHMENT_BYTES = env_int("LOTS_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)
# The public e-service: submissions per client address (lots.lib.clientaddr) within the window.
LOTS_FEEDBACK_RATE_LIMIT = env_int("LOTS_FEEDBACK_RATE_LIMIT", 5)
LOTS_FEEDBACK_RATE_WINDOW_MINUTES = env_int("LOTS_FEEDBACK_RATE_WINDOW_MINUTES", 60)
CSRF_FAILURE_VIEW = "lots.core.views.csrf_failure"

# Security headers. Behind TLS in production; the demo runs plain HTTP on loopback.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies whose X-Forwarded-For is believed (addresses or networks); a proxy on the same machine by default.
LOTS_TRUSTED_PROXIES = env_list("LOTS_TRUSTED_PROXIES", ["127.0.0.1", "::1"] if BEHIND_TLS_PROXY else [])

# Content-Security-Policy: no inline script anywhere; styles from our own files only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# Logs go to standard error, as one JSON object a line in production (LOG_FORMAT=json) or as plain text. Every line
# carries the request's id; each request adds one line with its method, path, status and duration at INFO
# (lots.core.requestlog). Django's own records keep the request object, which holds the query string: it is left out.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOG_LEVEL = env_str("LOG_LEVEL", "WARNING").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lots.core.requestlog.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "reserved_attrs": [*RESERVED_LOG_ATTRS, "request", "status_code"],
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"lots.request": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# Error reports to Sentry or a compatible service (GlitchTip), when a DSN is given; without personal data
# (lots.core.errorreports).
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    from lots.core.errorreports import start as start_error_reports

    start_error_reports(SENTRY_DSN, environment=env_str("SENTRY_ENVIRONMENT", "production"), release=env_str("SENTRY_RELEASE"))

# SAML 2.0 sign-in (lots.identity.saml): one key pair signs for every municipality. Without the two paths a
# self-signed pair is made under var/saml/ when first needed (development and the demo); give both or neither.
LOTS_SAML_KEY_FILE = env_str("LOTS_SAML_KEY_FILE")
LOTS_SAML_CERT_FILE = env_str("LOTS_SAML_CERT_FILE")
if bool(LOTS_SAML_KEY_FILE) != bool(LOTS_SAML_CERT_FILE):
    raise ImproperlyConfigured("LOTS_SAML_KEY_FILE and LOTS_SAML_CERT_FILE must be given together")
LOTS_SAML_KEY_PAIR_GENERATED = not LOTS_SAML_KEY_FILE
if LOTS_SAML_KEY_PAIR_GENERATED:
    LOTS_SAML_KEY_FILE = str(VAR_DIR / "saml" / "sp.key")
    LOTS_SAML_CERT_FILE = str(VAR_DIR / "saml" / "sp.crt")
LOTS_SAML_XMLSEC_BINARY = env_str("LOTS_SAML_XMLSEC_BINARY", "/usr/bin/xmlsec1")
# djangosaml2's hook for building the SP configuration per request: here per identity provider.
SAML_CONFIG_LOADER = "lots.identity.saml.config_loader"
# The ids of assertions already used are kept in the database until they expire (lots.identity.SeenAssertion), so
# every worker and machine refuses a replayed one.

# Browser tests run Django's live server beside Playwright's event loop.
TEST_RUNNER = "django.test.runner.DiscoverRunner"
