"""Settings for the test suite: production settings with test-friendly defaults."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-that-is-long-enough-for-django-checks-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from config.settings import *  # noqa: E402,F403

# Argon2 is the production hasher (tested separately); a fast hasher keeps persona set-up cheap.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "django.contrib.auth.hashers.Argon2PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run as they are enqueued (after commit), so a test sees its mail without a worker; the queue's own tests
# switch to the database backend and run the worker themselves.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
AXES_FAILURE_LIMIT = 5

# Each test database starts empty, so an anchor kept between runs would report it as emptied; anchor tests set their own.
AUDIT_ANCHOR_FILE = None

# Tests sign people in with force_login and no second factor; the second-factor tests (lots/mfa/tests) turn it on.
LOTS_SECOND_FACTOR_ENFORCED = False
