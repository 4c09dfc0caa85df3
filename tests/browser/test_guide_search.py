"""A resident searches the service guide in Persian (right-to-left) and opens a service."""

from __future__ import annotations

import pytest

from .conftest import PageSession

pytestmark = pytest.mark.browser


def test_search_in_persian_finds_legal_aid(browser_page: PageSession) -> None:
    page = browser_page.page
    browser_page.goto("/fa/services/")
    assert browser_page.html_attribute("dir") == "rtl"
    page.fill("input[name=q]", "وکیل")
    page.click("form.search button[type=submit]")
    links = page.locator(".service-cards h2 a")
    assert links.count() == 1
    links.first.click()
    assert page.locator("h1").inner_text().startswith("خودروی کمک حقوقی")
    assert page.locator("a.button[href*='service=legal-aid']").count() == 1
    browser_page.screenshot("guide-legal-aid-fa")
    assert not browser_page.page_errors
