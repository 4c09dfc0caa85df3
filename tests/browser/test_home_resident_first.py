"""A resident on a phone meets the home page: what they came to do is on the first screen, the
navigation folds away, and one tap takes them to the complaint form, in Arabic as in Turkish.

The phone is 390 × 844 CSS pixels (a common current phone). The page's own content must start
within the first 120 px in each of the six languages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .conftest import PageSession
from .pin_helpers import PHONE
from .staff import check_axe
from .support import LANGUAGE_DIRECTIONS

pytestmark = pytest.mark.browser

REPORT_AR = "أبلغ عن مشكلة أو قدّم طلبًا"  # "Report a problem or make a request"
MENU_AR = "القائمة"  # "Menu"
MAIN_NAV_AR = "القائمة الرئيسية"  # the main navigation's name


def box(locator: Any) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None, "the element is not rendered"
    return dict(found)


def test_an_arabic_resident_reaches_the_complaint_form_in_one_tap(
    open_page: Callable[..., PageSession],
) -> None:
    session = open_page(**PHONE)
    page = session.page
    session.goto("/ar/")
    assert session.html_attribute("dir") == "rtl"

    assert box(page.locator("main"))["y"] <= 120
    report = page.get_by_role("link", name=REPORT_AR, exact=True)
    assert report.count() == 1
    where = box(report)
    assert where["y"] >= 0 and where["y"] + where["height"] <= 844, "not on the first screen"
    assert where["height"] >= 44 and where["width"] >= 44, "too small a target for a finger"
    session.screenshot("home-phone-ar")

    report.tap()

    page.wait_for_url("**/ar/requests/")
    form = page.locator("form.intake-form")
    form.wait_for()
    assert form.locator("input[name=kind][value=complaint]").count() == 1
    assert form.locator("textarea[name=text]").count() == 1
    assert session.html_attribute("dir") == "rtl"
    assert not session.page_errors


def test_the_content_starts_within_120px_on_a_phone_in_every_language(
    open_page: Callable[..., PageSession],
) -> None:
    session = open_page(**PHONE)
    page = session.page
    for language, direction in LANGUAGE_DIRECTIONS.items():
        session.goto(f"/{language}/")
        assert session.html_attribute("dir") == direction
        top = box(page.locator("main"))["y"]
        assert top <= 120, f"{language}: the content starts at {top} px"
        assert not page.locator("nav.site-nav").is_visible(), f"{language}: the menu is open"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{language}: the page is {width} px wide on a 390 px screen"
        task = box(page.locator("main a[data-task=report]"))
        assert task["y"] + task["height"] <= 844, f"{language}: the first task is off screen"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_phone_menu_opens_and_closes(
    open_page: Callable[..., PageSession], javascript: bool
) -> None:
    session = open_page(java_script_enabled=javascript, **PHONE)
    page = session.page
    session.goto("/ar/")
    nav = page.get_by_role("navigation", name=MAIN_NAV_AR)
    toggle = page.locator("details.site-menu--nav > summary")
    assert toggle.inner_text().strip() == MENU_AR
    assert box(toggle)["height"] >= 44
    assert not nav.is_visible()

    toggle.tap()

    assert nav.is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('nav.site-nav')).direction") == (
        "rtl"
    )
    services = nav.get_by_role("link").nth(2)
    link = box(services)
    assert link["height"] >= 44
    # Right to left: the links start at the right edge of the screen.
    assert link["x"] + link["width"] >= 390 - 40
    session.screenshot(f"home-phone-ar-menu-{'js' if javascript else 'no-js'}")
    if javascript:
        check_axe(session, "home-phone-ar-menu-open")

    toggle.tap()
    assert not nav.is_visible()

    # The languages open the same way, and opening them folds the menu away again.
    toggle.tap()
    languages = page.locator("details.site-menu--language > summary")
    assert "العربيّة" in languages.inner_text()
    languages.tap()
    assert page.get_by_role("button", name="Türkçe").is_visible()
    assert not nav.is_visible()


def test_on_a_wide_screen_the_navigation_is_always_shown(browser_page: PageSession) -> None:
    page = browser_page.page
    browser_page.goto("/tr/")
    assert page.locator("nav.site-nav").is_visible()
    assert page.get_by_role("button", name="العربيّة").is_visible()
    assert not page.locator(".site-menu__toggle").first.is_visible()
    # The skip link is still the first thing a keyboard reaches, and it leads to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"


@pytest.mark.parametrize("language", ["ar", "tr"])
def test_no_serious_or_critical_violation_on_the_phone_home_page(
    open_page: Callable[..., PageSession], language: str
) -> None:
    session = open_page(**{**PHONE, "locale": language})
    session.goto(f"/{language}/")
    session.page.wait_for_load_state("networkidle")
    check_axe(session, f"home-phone-{language}")
