"""Serve Leaflet from its Python package (XStatic-Leaflet) under ``static/vendor/leaflet/``.

No CDN and no copy of Leaflet in this repository: the files come from the installed package.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage
from django.core.files.storage import FileSystemStorage, Storage
from xstatic.pkg import leaflet as xstatic_leaflet

PREFIX = "vendor/leaflet"


class LeafletFinder(BaseFinder):
    def __init__(self, *args: object, **kwargs: object) -> None:
        self.storage = FileSystemStorage(location=xstatic_leaflet.BASE_DIR)
        self.storage.prefix = PREFIX  # type: ignore[attr-defined]

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        if path.startswith(PREFIX + "/"):
            relative = path[len(PREFIX) + 1 :]
            if self.storage.exists(relative):
                found = self.storage.path(relative)
                return [found] if find_all else found
        return [] if find_all else ""

    def list(self, ignore_patterns: Iterable[str] | None) -> Iterator[tuple[str, Storage]]:
        yield "leaflet.js", self.storage
        yield "leaflet.css", self.storage
        _dirs, images = self.storage.listdir("images")
        for image in images:
            yield f"images/{image}", self.storage
