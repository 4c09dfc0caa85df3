"""The complaint pin map on a phone, in Arabic: readable without any tile server.

A resident finds her mahalle by name typed without Turkish letters, sees the rail, metro and
tram lines drawn from adilkent's own data, finds a named tram stop of the demo data by search,
and puts the pin next to it. "Use my position" centres the map and puts the pin only when she
presses it; when the position is refused she is told so. The form page passes axe."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adilkent.text import fold

from .conftest import PageSession, ServedDatabase
from .pin_helpers import PHONE, find_tram_stop, metres, open_form, pin_next_to_stop
from .staff import check_axe

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tram_stop(
    served_database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, float, float, str]:
    return find_tram_stop(served_database, tmp_path_factory, "pin-map-tram-stop")


def test_pin_next_to_a_tram_stop_found_by_name(
    open_page: Callable[..., PageSession], tram_stop: tuple[str, float, float, str]
) -> None:
    name, stop_lat, stop_lon, mahalle = tram_stop
    session = open_page(**PHONE)
    page = session.page
    open_form(session)
    assert page.locator("#pin-tools").is_visible()

    # The mahalle, typed without Turkish letters and in capitals.
    page.fill("#pin-find-input", fold(mahalle).upper())
    page.keyboard.press("Enter")  # searches; does not send the form
    mahalle_button = page.locator("#pin-find-results button", has_text=mahalle).first
    mahalle_button.wait_for()
    assert "/ar/requests/" in page.url
    mahalle_button.click()
    assert mahalle in page.locator("#pin-find-status").inner_text()
    assert page.input_value("input[name=lat]") == ""  # choosing a place puts no pin

    # Rail, metro and tram lines and the tram stops are drawn in their own pane.
    page.wait_for_function(
        "document.querySelectorAll('.leaflet-landmarks-pane svg path').length > 0"
    )
    assert page.locator(".leaflet-landmarks-pane svg path").count() > 0
    # Zoomed in, mahalle names are written on the map.
    page.wait_for_selector(".pin-map__mahalle span")

    # The tram stop, by name without Turkish letters; its name is written next to it.
    pin_lat, pin_lon = pin_next_to_stop(page, name)
    assert metres(pin_lat, pin_lon, stop_lat, stop_lon) < 300
    assert page.locator("#pin-note").inner_text().strip() != ""
    session.screenshot("pin-map-tram-stop-ar")
    check_axe(session, "pin-map-ar")
    assert not session.page_errors


def test_use_my_position_only_when_asked(open_page: Callable[..., PageSession]) -> None:
    here = {"latitude": 38.4237, "longitude": 27.1428}
    session = open_page(**PHONE, geolocation=here, permissions=["geolocation"])
    page = session.page
    open_form(session)
    assert page.input_value("input[name=lat]") == ""  # nothing asked for by itself
    page.click("#pin-locate")
    page.wait_for_function("document.querySelector('input[name=lat]').value !== ''")
    lat = float(page.input_value("input[name=lat]"))
    lon = float(page.input_value("input[name=lon]"))
    assert metres(lat, lon, here["latitude"], here["longitude"]) < 5
    assert not session.page_errors


def test_a_refused_position_is_explained(open_page: Callable[..., PageSession]) -> None:
    session = open_page(**PHONE)  # no permission granted
    page = session.page
    open_form(session)
    refused = page.locator("#pin-map").get_attribute("data-label-locate-failed")
    assert refused
    page.click("#pin-locate")
    page.locator("#pin-note", has_text=refused).wait_for(timeout=20_000)
    assert page.input_value("input[name=lat]") == ""
