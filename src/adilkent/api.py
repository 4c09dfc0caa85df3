"""The JSON API (django-ninja, OpenAPI 3) at /api/v1/.

Each app that offers API operations defines ``router`` (a ``ninja.Router``) in its ``api``
module; it is mounted at ``/api/v1/<app label>/``. Apps without an ``api`` module are skipped.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from ninja import NinjaAPI

api = NinjaAPI(
    title="adilkent API",
    version="1",
    description="Places, services, requests, programmes and analyses of the adilkent platform.",
    urls_namespace="api",
)


def _mount_app_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("adilkent."):
            continue
        module_name = f"{config.name}.api"
        if find_spec(module_name) is None:
            continue
        router = getattr(import_module(module_name), "router", None)
        if router is not None:
            api.add_router(f"/{config.label}/", router)


_mount_app_routers()
