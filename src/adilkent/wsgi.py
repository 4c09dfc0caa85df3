"""WSGI entry point; the web tier is stateless, run any number of processes."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adilkent.settings.production")
application = get_wsgi_application()
