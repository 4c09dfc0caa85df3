"""Güçlenme Durakları and the mobile stages on the real İzmir data: the stated rule and
assumptions, the women planned and reached at each stop against the programme's 330, the
route map against the route table (the planner's details, for staff), the public "when does
it come" answer with its iCalendar — in the six languages, right to left in Arabic and
Persian.

Both plans are made once with the app's own command (the same code as the background job):
the stops from next Monday (a resident sees the dates from today on), the stages from a fixed
Monday.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import PageSession, ServedDatabase
from .support import blocking_violations, format_violations, manage, run_logged, server_environment
from .test_planner_milk import details, drawn_routes

pytestmark = pytest.mark.browser

AXE = Axe()
LANGUAGES = ["tr", "en", "ar", "fa", "ru", "uk"]
RTL = {"ar", "fa"}
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@pytest.fixture(scope="module")
def plans(served_database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory) -> Path:
    log = served_database.artefacts / "planner-empowerment.log"
    env = server_environment(
        os.environ, ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")), **served_database.env
    )
    today = dt.date.today()
    monday = (today + dt.timedelta(days=7 - today.weekday())).isoformat()
    for service, start, days in [("empowerment", monday, "28"), ("stage", "2026-01-05", "56")]:
        command = manage("plan_mobile_service", service, "--start", start, "--days", days)
        run_logged([*command, "--seconds", "0.2"], env, log, 600)
    return log


def digits(text: str) -> str:
    return text.translate(DIGITS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_empowerment_stops_women_per_stop_and_routes(
    browser_page: PageSession,
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
    plans: Path,
    language: str,
) -> None:
    response = details(browser_page, served_database, tmp_path_factory, language, "empowerment")
    assert response.status == 200
    page = browser_page.page
    assert browser_page.html_attribute("dir") == ("rtl" if language in RTL else "ltr")

    # the seed's eight mahalle, each with its own row, dates and iCalendar
    rows = page.locator("table.stop-table tbody tr")
    assert rows.count() == 8
    assert page.locator("table.stop-table tbody a[href$='.ics']").count() == 8
    # the women reached by the plan against the programme's 330 (the footer's two rows)
    footer = [digits(c) for c in page.locator("table.stop-table tfoot td.num").all_inner_texts()]
    assert "330" in footer[1] and "330" in footer[3]
    section = digits(page.locator("#empowerment-title").locator("xpath=..").inner_text())
    assert "330" in section and re.search(r"\b8\b", section)

    # the map draws the routes of the week the table lists, one stop a day
    table_rows = page.locator("table.route-table tbody tr")
    assert table_rows.count() >= 1
    assert drawn_routes(page) == table_rows.count()
    for row in range(table_rows.count()):
        assert table_rows.nth(row).locator("ol.route-steps li").count() == 3

    browser_page.screenshot(f"planner-empowerment-{language}")
    if language in {"tr", "ar"}:
        results = AXE.run(page)
        violations = blocking_violations(results.response)
        assert not violations, format_violations(f"empowerment {language}", violations)
    assert not browser_page.external_requests()
    assert not browser_page.console_errors and not browser_page.page_errors


def test_when_does_the_stop_come_to_my_mahalle(browser_page: PageSession, plans: Path) -> None:
    browser_page.goto("/tr/plans/empowerment/")
    page = browser_page.page
    options = page.locator("#place-list option")
    assert options.count() == 8
    label = options.nth(2).get_attribute("value")
    name = label.split(" (")[0]
    page.fill("#place-search", label)
    page.locator("form.search button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#answer-title bdi").inner_text() == name
    dates = page.locator("#answer .next-date")
    assert dates.count() == 2  # a stop takes two days (the plan's stated assumption)
    link = page.locator("#answer a[href$='.ics']")
    calendar = page.request.get(browser_page.base_url + link.get_attribute("href"))
    events = list(icalendar.Calendar.from_ical(calendar.body()).walk("VEVENT"))
    assert len(events) == 2 and all(name in str(e["summary"]) for e in events)


@pytest.mark.parametrize("language", ["tr", "fa"])
def test_mobile_stages_page(
    browser_page: PageSession,
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
    plans: Path,
    language: str,
) -> None:
    page = browser_page.page
    # eight weeks of two stages, one evening a week each: the seed's pace of 100 a year, each
    # place once; the residents' page suggests each of them
    browser_page.goto(f"/{language}/plans/stage/")
    assert page.locator("#place-list option").count() == round(100 * 56 / 365)
    response = details(browser_page, served_database, tmp_path_factory, language, "stage")
    assert response.status == 200
    text = digits(page.locator("#stage-title").locator("xpath=..").inner_text())
    assert "200" in text  # the seed's plays in 2020–2021
    table_rows = page.locator("table.route-table tbody tr")
    assert 1 <= table_rows.count() <= 2
    assert drawn_routes(page) == table_rows.count()
    browser_page.screenshot(f"planner-stage-{language}")
    if language == "fa":
        results = AXE.run(page)
        violations = blocking_violations(results.response)
        assert not violations, format_violations(f"stage {language}", violations)
    assert not browser_page.console_errors and not browser_page.page_errors
