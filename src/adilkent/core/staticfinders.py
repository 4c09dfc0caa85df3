"""Serve Leaflet from its Python package (XStatic-Leaflet) under ``static/vendor/leaflet/``.

No CDN and no copy of Leaflet in this repository: the files come from the installed package.
"""

from __future__ import annotations

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage
from xstatic.pkg import leaflet as xstatic_leaflet

PREFIX = "vendor/leaflet"


class LeafletFinder(BaseFinder):
    def __init__(self, *args: object, **kwargs: object) -> None:
        self.storage = FileSystemStorage(location=xstatic_leaflet.BASE_DIR)
        self.storage.prefix = PREFIX  # type: ignore[attr-defined]

    def check(self, **kwargs: object) -> list[object]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: object) -> str | list[str]:
        if path.startswith(PREFIX + "/"):
            relative = path[len(PREFIX) + 1 :]
            if self.storage.exists(relative):
                found = self.storage.path(relative)
                return [found] if find_all else found
        return [] if find_all else ""

    def list(self, ignore_patterns: list[str] | None):  # type: ignore[no-untyped-def]
        for name in ("leaflet.js", "leaflet.css"):
            yield name, self.storage
        for _dirs, files in [self.storage.listdir("images")]:
            for image in files:
                yield f"images/{image}", self.storage
