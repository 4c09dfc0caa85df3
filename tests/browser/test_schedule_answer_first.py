"""Schedule pages that answer first, on the real İzmir data.

In Ukrainian, a resident finds legal aid in the service guide by the words they use
("правова допомога") and books from the service page. In Arabic on a phone, the milk page of
a neighbourhood typed without Turkish letters shows its next date within the first screen.

The Legal Aid Vehicle's stops are published with the app's own command from the plan
``demo_data`` makes; the name and phone number typed here are invented for the test.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import PageSession, ServedDatabase
from .support import blocking_violations, format_violations, manage, run_logged, server_environment

pytestmark = pytest.mark.browser

AXE = Axe()
CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TURKISH_LETTERS = str.maketrans("çğıöşüÇĞİÖŞÜâîû", "cgiosuCGIOSUaiu")


@pytest.fixture(scope="module")
def published_stops(
    served_database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    log = served_database.artefacts / "schedule-publish.log"
    env = server_environment(
        os.environ, ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")), **served_database.env
    )
    run_logged(manage("publish_legal_aid_stops"), env, log, 300)
    assert "stops created" in log.read_text()
    return log


def _axe(session: PageSession, where: str) -> None:
    violations = blocking_violations(AXE.run(session.page).response)
    assert not violations, format_violations(where, violations)


def test_in_ukrainian_find_legal_aid_in_the_guide_and_book(
    browser_page: PageSession, published_stops: Path
) -> None:
    page = browser_page.page
    browser_page.goto("/uk/services/")
    page.fill("input[name=q]", "правова допомога")
    page.click("form.search button[type=submit]")
    page.wait_for_load_state("load")
    links = page.locator(".service-cards h2 a")
    assert links.count() == 1
    links.first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text().startswith("Мобільна юридична допомога")
    _axe(browser_page, "guide legal aid (uk)")

    # the service page leads to the booking page
    page.locator("main a.button[href$='/uk/legal-aid/']").click()
    page.wait_for_url("**/uk/legal-aid/")
    page.locator("table.legalaid-schedule a.button").first.click()
    page.wait_for_url("**/uk/legal-aid/stops/*/book/")
    place = page.locator(".legalaid-facts").first.inner_text()
    assert "мухтар" in place  # no exact place in the data: who announces it

    page.locator(".legalaid-slots input[type=radio]").first.check()
    page.fill("input[name=name]", "Олена Тестова")
    page.fill("input[name=phone]", "0555 000 00 01")
    assert page.locator("select[name=preferred_language]").input_value() == "uk"
    page.locator("input[name=topic][value=family]").check()
    page.locator("input[name=agree]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/uk/legal-aid/booked/")
    code = page.locator("#receipt-code").inner_text().strip()
    assert CODE.match(code), code
    browser_page.screenshot("schedule-legal-aid-booked-uk")
    assert not browser_page.console_errors and not browser_page.page_errors


def _first_screen(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box  # type: ignore[no-any-return]


def test_in_arabic_on_a_phone_the_milk_page_shows_the_next_date_first(
    open_page: Any,
) -> None:
    session: PageSession = open_page(locale="ar", **PHONE)
    page = session.page
    response = session.goto("/ar/plans/milk/")
    assert response.status == 200
    assert session.html_attribute("dir") == "rtl"
    suggestions = page.locator("#place-list option")
    assert suggestions.count() == 614  # one suggestion a served mahalle, not a dropdown
    label = suggestions.nth(100).get_attribute("value")
    # typed without Turkish letters, as on a phone keyboard without them
    typed = label.translate(TURKISH_LETTERS)
    page.fill("#place-search", typed)
    page.locator("form.search button[type=submit]").click()
    page.wait_for_load_state("load")
    assert label.split(" (")[0] in page.locator("#answer-title").inner_text()

    box = _first_screen(page, ".next-date")
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844, box
    first = page.locator(".next-date").first.inner_text()
    # weekday and month in Arabic, the digits as the page's locale writes them
    assert re.search("[\u0600-\u06ff]", first) and re.search(r"\d", first), first
    assert "ثانية" not in page.locator("main").inner_text()  # no solver seconds here
    assert page.locator("table.team-table").count() == 0
    session.screenshot("schedule-milk-ar-phone")
    page.screenshot(path=str(session.artefacts / "schedule-milk-ar-phone-first-screen.png"))
    _axe(session, "milk answer (ar, phone)")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 5000, height
    assert not session.external_requests()
    assert not session.console_errors and not session.page_errors


def test_a_place_the_library_does_not_come_to_is_told_what_to_do(
    browser_page: PageSession,
) -> None:
    page = browser_page.page
    browser_page.goto("/tr/plans/library/?q=Alsancak")
    page.wait_for_load_state("load")
    answer = page.locator("#answer")
    assert answer.count() == 1
    text = answer.inner_text()
    assert "gelmiyor" in text
    assert answer.locator("a[href*='service=mobile-library']").count() == 1
    assert page.locator("#who-title").count() == 1
    _axe(browser_page, "library not served (tr)")
