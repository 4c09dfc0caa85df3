"""A resident files a complaint in Arabic (right-to-left) with a map pin and follows it."""

from __future__ import annotations

import re

import pytest

from .conftest import PageSession

pytestmark = pytest.mark.browser

COMPLAINT = "القمامة في شارعنا لم تُجمع منذ أسبوع والرائحة سيئة جداً."


def test_file_an_arabic_complaint_with_a_pin_and_follow_it(browser_page: PageSession) -> None:
    page = browser_page.page
    browser_page.goto("/ar/requests/")
    assert browser_page.html_attribute("dir") == "rtl"
    page.check("input[name=kind][value=complaint]")
    page.fill("textarea[name=text]", COMPLAINT)
    # Leaflet is served by the project itself; clicking the map puts the pin.
    page.wait_for_selector("#pin-map.leaflet-container")
    page.locator("#pin-map").click(position={"x": 200, "y": 150})
    assert page.input_value("input[name=lat]") != ""
    assert page.locator("#pin-note").inner_text().strip() != ""
    page.check("input[name=identity_mode][value=anonymous]")
    page.select_option("select[name=preferred_language]", "ar")
    page.click("form.intake-form button[type=submit]")

    page.wait_for_selector("[data-tracking-code]")
    code = page.locator("[data-tracking-code]").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    browser_page.screenshot("intake-receipt-ar")

    page.click(f"a[href*='code={code}']")
    page.wait_for_selector("[data-status]")
    assert page.locator("[data-status]").get_attribute("data-status") == "received"
    assert browser_page.html_attribute("dir") == "rtl"
    assert COMPLAINT in page.locator(".resident-text").inner_text()
    assert page.locator(".resident-text").get_attribute("lang") == "ar"
    browser_page.screenshot("intake-status-ar")
    assert not browser_page.page_errors
