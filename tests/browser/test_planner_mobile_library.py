""" "When does the mobile library come to my village?" on the real İzmir data, in Turkish and
in Arabic (right to left), with the iCalendar subscription a resident downloads.

A two-week library plan from today is made once with the app's own command (the same code
as the background job) on the real-data database.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe

from adilkent.routing.calendars import public_holidays

from .conftest import PageSession, ServedDatabase
from .support import blocking_violations, format_violations, manage, run_logged, server_environment

pytestmark = pytest.mark.browser

AXE = Axe()
DIRECTION = {"tr": "ltr", "ar": "rtl"}
START = dt.date.today()
DAYS = [START + dt.timedelta(days=n) for n in range(14)]
# one village a working day that is not a public holiday (ten in two weeks, as a rule)
WORKING_DAYS = sum(
    1 for day in DAYS if day.weekday() < 5 and day not in public_holidays("TR", DAYS[0], DAYS[-1])
)


@pytest.fixture(scope="module")
def library_plan(served_database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory) -> Path:
    log = served_database.artefacts / "planner-library.log"
    env = server_environment(
        os.environ, ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")), **served_database.env
    )
    run_logged(
        manage(
            "plan_mobile_service",
            "library",
            "--start",
            START.isoformat(),
            "--days",
            "14",
            "--seconds",
            "0.2",
        ),
        env,
        log,
        600,
    )
    return log


@pytest.mark.parametrize("language", ["tr", "ar"])
def test_resident_finds_the_library_dates_of_a_village(
    browser_page: PageSession, library_plan: Path, language: str
) -> None:
    response = browser_page.goto(f"/{language}/plans/library/")
    assert response.status == 200
    page = browser_page.page
    assert browser_page.html_attribute("dir") == DIRECTION[language]
    options = page.locator("#place-list option")
    # two weeks of working days, one village a day (the plan's own rule)
    assert options.count() == WORKING_DAYS
    label = options.nth(3).get_attribute("value")
    village = label.split(" (")[0]
    # who is served, and what everyone else can do
    assert (
        page.locator("section[aria-labelledby=who-title] a[href*='service=mobile-library']").count()
        == 1
    )
    page.fill("#place-search", label)
    page.locator("form.search button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#answer-title bdi").inner_text() == village
    dates = page.locator("#answer .next-date")
    assert dates.count() == 1  # once in the two weeks: the 45-day rule

    link = page.locator("#answer a[href$='.ics']")
    calendar = page.request.get(browser_page.base_url + link.get_attribute("href"))
    assert calendar.headers["content-type"].startswith("text/calendar")
    events = list(icalendar.Calendar.from_ical(calendar.body()).walk("VEVENT"))
    assert len(events) == 1 and village in str(events[0]["summary"])

    results = AXE.run(page)
    violations = blocking_violations(results.response)
    assert not violations, format_violations(f"plans {language}", violations)
    assert not browser_page.external_requests()
    assert not browser_page.console_errors and not browser_page.page_errors
