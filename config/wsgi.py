import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

if settings.SECRET_KEY_IS_EPHEMERAL:
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local use) before serving Lots.")
