"""Every language declares itself and its writing direction; Arabic and Persian are right-to-left."""

from __future__ import annotations

import pytest

from .conftest import PageSession
from .support import LANGUAGE_DIRECTIONS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("language", "direction"), LANGUAGE_DIRECTIONS.items())
@pytest.mark.parametrize("page_path", ["", "places/"], ids=["home", "places"])
def test_page_declares_its_language_and_direction(
    browser_page: PageSession, language: str, direction: str, page_path: str
) -> None:
    response = browser_page.goto(f"/{language}/{page_path}")

    assert response.status == 200
    assert browser_page.html_attribute("lang") == language
    assert browser_page.html_attribute("dir") == direction
    # The layout follows the declaration, not only the attribute.
    computed = browser_page.page.evaluate("getComputedStyle(document.body).direction")
    assert computed == direction
    name = "home" if not page_path else page_path.strip("/")
    browser_page.screenshot(f"{name}-{language}")


def test_arabic_home_page_is_rtl_and_the_screenshot_is_saved(browser_page: PageSession) -> None:
    browser_page.goto("/ar/")

    html = browser_page.page.locator("html")
    assert (html.get_attribute("dir"), html.get_attribute("lang")) == ("rtl", "ar")
    path = browser_page.screenshot("home-ar-full-page")
    assert path.stat().st_size > 10_000  # a real rendering, not a blank page
    width, height = browser_page.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    # Right-to-left content that overflows to the left would widen the page: it must not.
    assert width <= 1280, f"the Arabic page is {width}px wide in a 1280px window"
    assert height > 0
