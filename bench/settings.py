"""Settings for benchmark runs: production settings served by gunicorn on loopback, plus a minimal view."""

import os

os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from config.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
# Mail is composed as in production but not sent (no SMTP in the measurement, and no outbox growing in the workers).
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The public form's per-address limit would refuse the load generator (one address) after five posts. Its queries
# still run on every post (they are part of the cost); only the limit is raised.
LOTS_FEEDBACK_RATE_LIMIT = 10**9
AXES_ENABLED = False
