"""WSGI entry point for gunicorn (``attraktiv serve --prod``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attraktiv.settings")
application = get_wsgi_application()
