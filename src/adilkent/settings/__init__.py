"""Settings split by environment: base (shared), local (demo/dev), test, production.

``DJANGO_SETTINGS_MODULE`` chooses one; every value that differs between machines is read
from the environment in :mod:`adilkent.settings.base`.
"""
