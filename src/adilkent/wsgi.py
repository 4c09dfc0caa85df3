"""WSGI entry point; the web tier is stateless, run any number of processes."""

import os

from django.core.wsgi import get_wsgi_application

from adilkent.core.memory import gc_freeze_when_warm

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adilkent.settings.production")
application = get_wsgi_application()
gc_freeze_when_warm()
