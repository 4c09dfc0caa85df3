"""A resident books a Legal Aid Vehicle appointment in Persian (right to left): opens the
schedule, finds a neighbourhood, books a time and receives the appointment code.

The stops are published in the served database with the app's own command
(``publish_legal_aid_stops``) from the Legal Aid Vehicle plan that ``demo_data`` makes. The
name and phone number typed here are invented for the test.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import PageSession, ServedDatabase
from .support import blocking_violations, format_violations, manage, run_logged, server_environment

pytestmark = pytest.mark.browser

AXE = Axe()
CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$")


@pytest.fixture(scope="module")
def published_stops(
    served_database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    log = served_database.artefacts / "legalaid-publish.log"
    env = server_environment(
        os.environ, ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")), **served_database.env
    )
    run_logged(manage("publish_legal_aid_stops"), env, log, 300)
    assert "stops created" in log.read_text()
    return log


def _axe(session: PageSession, where: str) -> None:
    violations = blocking_violations(AXE.run(session.page).response)
    assert not violations, format_violations(where, violations)


def test_a_resident_books_an_appointment_in_persian(
    browser_page: PageSession, published_stops: Path
) -> None:
    page = browser_page.page
    response = browser_page.goto("/fa/legal-aid/")
    assert response.status == 200
    assert browser_page.html_attribute("dir") == "rtl"
    assert browser_page.html_attribute("lang") == "fa"
    _axe(browser_page, "legal aid schedule (fa)")

    # find a neighbourhood: the first one the vehicle still comes to
    options = page.locator("#mahalle-choice option:not([value=''])")
    assert options.count() > 0
    chosen = options.first
    mahalle = chosen.inner_text().split(" (")[0]
    page.select_option("#mahalle-choice", value=chosen.get_attribute("value"))
    page.locator("form.search button[type=submit]").click()
    page.wait_for_load_state("load")
    assert mahalle in page.locator("#stops-title").inner_text()
    browser_page.screenshot("legalaid-schedule-fa")

    page.locator("table.legalaid-schedule a.button").first.click()
    page.wait_for_url("**/fa/legal-aid/stops/*/book/")
    assert mahalle in page.locator(".legalaid-facts").first.inner_text()
    _axe(browser_page, "legal aid booking form (fa)")

    # a mistake first: no phone number gives a clear error in Persian, nothing is booked
    page.locator(".legalaid-slots input[type=radio]").first.check()
    page.fill("input[name=name]", "مریم آزمایشی")
    page.locator("input[name=topic][value=residence]").check()
    page.locator("input[name=agree]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    errors = page.locator("#booking-errors").inner_text()
    assert "شماره تلفن" in errors
    _axe(browser_page, "legal aid booking form with an error (fa)")

    page.locator(".legalaid-slots input[type=radio]").first.check()
    page.fill("input[name=phone]", "0555 000 00 00")
    assert page.locator("select[name=preferred_language]").input_value() == "fa"
    page.locator("input[name=interpreter_needed]").check()
    page.locator("input[name=topic][value=residence]").check()
    page.locator("input[name=agree]").check()
    browser_page.screenshot("legalaid-book-fa")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/fa/legal-aid/booked/")

    code = page.locator("#receipt-code").inner_text().strip()
    assert CODE.match(code), code
    assert mahalle in page.locator("main").inner_text()
    browser_page.screenshot("legalaid-booked-fa")
    _axe(browser_page, "legal aid confirmation (fa)")

    # the code cancels the appointment (and frees the time for someone else)
    page.locator("main a[href$='/fa/legal-aid/cancel/']").first.click()
    page.fill("input[name=code]", code.lower())
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#cancelled").is_visible()
    assert not browser_page.console_errors and not browser_page.page_errors
