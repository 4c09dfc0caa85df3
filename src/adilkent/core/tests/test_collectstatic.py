"""collectstatic with the production storage: every file collected, hashed and compressed."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command


def test_the_production_static_files_are_collected(settings: Any, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "adilkent.core.staticstorage.StaticStorage"},
    }
    call_command("collectstatic", "--noinput", stdout=StringIO())
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    hashed = manifest["vendor/leaflet/leaflet.css"]
    assert hashed != "vendor/leaflet/leaflet.css" and (tmp_path / hashed).exists()
    assert (tmp_path / (hashed + ".gz")).exists()
    # The stylesheet's images point at their hashed names.
    css = (tmp_path / hashed).read_text()
    marker = manifest["vendor/leaflet/images/marker-icon.png"].split("/")[-1]
    assert f"images/{marker}" in css
    assert "leaflet.js" in " ".join(manifest)
