"""The places explorer draws every district of the real data on a Leaflet map, offline."""

from __future__ import annotations

import json
import os

import pytest

from .conftest import PageSession
from .support import data_dir

pytestmark = pytest.mark.browser

PATHS = ".leaflet-overlay-pane svg path"


def districts_in_source() -> int:
    """How many district polygons the real boundary file holds (the source is the oracle)."""
    path = data_dir(os.environ) / "izmir" / "boundaries" / "izmir_ilceler.geojson"
    return len(json.loads(path.read_text(encoding="utf-8"))["features"])


@pytest.mark.parametrize("language", ["tr", "ar"])
def test_explorer_map_draws_the_districts_offline_without_errors(
    browser_page: PageSession, language: str
) -> None:
    expected = districts_in_source()
    assert expected > 0

    browser_page.goto(f"/{language}/places/")
    page = browser_page.page
    page.wait_for_selector(".leaflet-container")
    page.wait_for_function(
        f"document.querySelectorAll({json.dumps(PATHS)}).length >= {expected}", timeout=30_000
    )
    page.wait_for_load_state("networkidle")

    shapes = page.locator(PATHS).evaluate_all(
        """paths => paths.map(p => {
            const box = p.getBBox();
            return {w: box.width, h: box.height, d: (p.getAttribute('d') || '').length};
        })"""
    )
    drawn = [s for s in shapes if s["w"] > 0 and s["h"] > 0 and s["d"] > 10]
    assert len(drawn) >= expected, f"{len(drawn)} visible polygons, {expected} districts"
    assert page.locator("script[src*='vendor/leaflet/leaflet.js']").count() == 1
    # the map's own controls speak the page's language
    zoom_in = {"tr": "Yakınlaştır", "ar": "تكبير"}[language]
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == zoom_in
    assert not browser_page.console_errors, browser_page.console_errors
    assert not browser_page.page_errors, browser_page.page_errors
    assert not browser_page.failed_responses, browser_page.failed_responses
    external = browser_page.external_requests()
    assert not external, f"requests to non-loopback hosts: {external}"
    browser_page.screenshot(f"places-map-{language}")
