"""The language switcher takes the resident to the same page in the language they choose."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import PageSession
from .support import LANGUAGE_DIRECTIONS

pytestmark = pytest.mark.browser


def switch_language(session: PageSession, language: str) -> None:
    """Use the page's own switcher, as a resident would, to choose ``language``."""
    page = session.page
    form = page.locator("form[action*='setlang']")
    if form.count():
        button = form.locator(
            f"button[name='language'][value='{language}'],"
            f" input[type='submit'][name='language'][value='{language}']"
        )
        if button.count():
            button.first.click()
            return
        select = form.locator("select[name='language']")
        assert select.count(), "the language form has neither buttons nor a select"
        select.first.select_option(language)
        form.first.locator("[type='submit']").first.click()
        return
    link = page.locator(f"body a[hreflang='{language}']")
    assert link.count(), "no language switcher on the page"
    link.first.click()


def assert_on(session: PageSession, path: str, language: str) -> None:
    expected = f"/{language}{path}"
    session.page.wait_for_url(lambda url: urlsplit(url).path == expected)
    assert session.html_attribute("lang") == language
    assert session.html_attribute("dir") == LANGUAGE_DIRECTIONS[language]


# The browser asks for Turkish (the context's locale) and the visitor has no language cookie
# yet: as someone who follows a shared link to a page in another language. The switcher must
# still land on the same page in the chosen language.
@pytest.mark.parametrize(
    ("start", "path", "target"),
    [
        ("tr", "/", "en"),
        ("en", "/places/", "ar"),
        ("ar", "/places/", "tr"),
        ("tr", "/places/", "fa"),
        ("fa", "/", "ru"),
        ("ru", "/places/", "uk"),
    ],
)
def test_switching_language_keeps_the_page(
    browser_page: PageSession, start: str, path: str, target: str
) -> None:
    browser_page.goto(f"/{start}{path}")

    switch_language(browser_page, target)

    assert_on(browser_page, path, target)


def test_switching_language_on_a_district_page(browser_page: PageSession) -> None:
    browser_page.goto("/tr/places/")
    district_links = browser_page.page.locator("main a[href^='/tr/places/']").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )
    detail = [p for p in district_links if p.count("/") == 4]  # /tr/places/<district>/
    assert detail, "the places explorer links to no district page"
    path = detail[0][len("/tr") :]
    browser_page.goto(f"/tr{path}")

    switch_language(browser_page, "ar")

    assert_on(browser_page, path, "ar")
    switch_language(browser_page, "en")
    assert_on(browser_page, path, "en")


def test_switcher_works_without_javascript(open_page: object) -> None:
    session = open_page(java_script_enabled=False)  # type: ignore[operator]
    session.goto("/tr/places/")

    switch_language(session, "uk")

    assert_on(session, "/places/", "uk")
