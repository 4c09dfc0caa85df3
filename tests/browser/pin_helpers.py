"""Steps the browser tests of the complaint pin map share: a phone in Arabic, a named tram stop
of the served demo data, and putting the pin next to it after finding it by name."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest

from adilkent.text import fold

from .conftest import PageSession, ServedDatabase
from .staff import shell

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "ar",
}
TRAM_AR = "ترام"  # the tram mode's Arabic name, as the search results show it

# A tram stop of the demo data with a mahalle; both names as stored.
TRAM_STOP = """
from adilkent.places.models import TransitStop
stop = (TransitStop.objects.filter(mode="tram", mahalle__isnull=False)
        .select_related("mahalle").order_by("name").first())
print(f"STOP|{stop.name}|{stop.lat}|{stop.lon}|{stop.mahalle.name}|END")
"""


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat = math.radians(lat2 - lat1)
    dlon = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6_371_000 * math.hypot(dlat, dlon)


def find_tram_stop(
    database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory, log_name: str
) -> tuple[str, float, float, str]:
    """A tram stop of the served data: its name, latitude, longitude and mahalle."""
    output = shell(database, tmp_path_factory, TRAM_STOP, log_name)
    found = re.search(r"STOP\|(.+?)\|([\d.]+)\|([\d.]+)\|(.+?)\|END", output)
    assert found, output
    return found[1], float(found[2]), float(found[3]), found[4]


def wait_for_pin_map(session: PageSession) -> None:
    session.page.wait_for_selector("#pin-map.leaflet-container")


def open_form(session: PageSession) -> None:
    session.goto("/ar/requests/")
    assert session.html_attribute("dir") == "rtl"
    wait_for_pin_map(session)


def pin_next_to_stop(page: Any, name: str) -> tuple[float, float]:
    """Find the tram stop ``name`` by search (typed without Turkish letters), then tap the map
    a few pixels from it; returns where the pin went."""
    page.fill("#pin-find-input", fold(name))
    page.click("#pin-find-button")
    stop_button = page.locator("#pin-find-results button", has_text=f"{name} ({TRAM_AR}").first
    stop_button.click()
    # Its name is written next to it at this zoom.
    page.locator(".pin-map__stop-label", has_text=name).first.wait_for()
    box = page.locator("#pin-map").bounding_box()
    assert box is not None
    page.locator("#pin-map").click(position={"x": box["width"] / 2 + 8, "y": box["height"] / 2 + 8})
    return float(page.input_value("input[name=lat]")), float(page.input_value("input[name=lon]"))
