"""Süt Kuzusu on the real İzmir data: the teams, the rule for the served mahalle, the route
lines of a team's week on the map with the same routes as a table (the planner's details,
for staff), and the iCalendar files — in the six languages, right to left in Arabic and
Persian.

The plan is the one ``demo_data`` makes (614 mahalle, 58 teams, a month of routes); the
mobile library's route lines are checked on its demo plan too.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import PageSession, ServedDatabase
from .staff import PASSWORD
from .support import blocking_violations, format_violations, manage, run_logged, server_environment

pytestmark = pytest.mark.browser

AXE = Axe()
LANGUAGES = ["tr", "en", "ar", "fa", "ru", "uk"]
RTL = {"ar", "fa"}


def drawn_routes(page: Any) -> int:
    """How many route lines the planner's map script drew (it says so once it is done)."""
    page.wait_for_selector("#route-map[data-routes-drawn]", state="attached")
    return int(page.locator("#route-map").get_attribute("data-routes-drawn"))


def details(
    session: PageSession,
    database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
    language: str,
    service: str,
    query: str = "",
) -> Any:
    """A staff member signs in (the planner's details ask for no second factor, as starting a
    plan does not) and opens the planner's details of ``service``."""
    where = f"/{language}/plans/{service}/details/"
    username = f"planner-{secrets.token_hex(3)}"
    env = server_environment(
        os.environ,
        ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")),
        ADILKENT_DEMO_USERNAME=username,
        ADILKENT_DEMO_PASSWORD=PASSWORD,
        ADILKENT_DEMO_TOTP_KEY=secrets.token_hex(20),
        **database.env,
    )
    log = database.artefacts / f"planner-staff-{service}-{language}.log"
    run_logged(manage("create_demo_staff"), env, log, 300)
    page = session.page
    session.goto(f"/{language}/accounts/login/?next={where}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{where}")
    return session.goto(where + query)


@pytest.mark.parametrize("language", LANGUAGES)
def test_milk_teams_and_a_team_week_of_routes(
    browser_page: PageSession,
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
    language: str,
) -> None:
    response = details(
        browser_page, served_database, tmp_path_factory, language, "milk", "?team=7&week=1"
    )
    assert response.status == 200
    page = browser_page.page
    assert browser_page.html_attribute("lang") == language
    assert browser_page.html_attribute("dir") == ("rtl" if language in RTL else "ltr")

    # the rule for the served mahalle is on the page, with the numbers of the plan
    rule = page.locator("#rule-title + p")
    assert "614" in rule.inner_text().replace("٦١٤", "614").replace("۶۱۴", "614")

    # the seed's 58 teams, each with its own iCalendar file
    team_rows = page.locator("table.team-table tbody tr")
    assert team_rows.count() == 58
    assert page.locator("table.team-table a[href$='.ics']").count() == 58
    assert page.locator("#route-team").input_value() == "7"

    # the map draws one line per route of the chosen team and week, as the table lists them
    table_rows = page.locator("table.route-table tbody tr")
    assert table_rows.count() >= 1
    assert drawn_routes(page) == table_rows.count()
    lines = page.locator("#route-map path.leaflet-interactive")
    assert lines.count() >= 2 * table_rows.count()  # a casing and the coloured line
    numbered = page.locator("#route-map .route-stop")
    stops_in_table = page.locator("table.route-table ol.route-steps li:not(.route-step--depot)")
    assert numbered.count() == stops_in_table.count()
    reloads = page.locator("table.route-table ol.route-steps li.route-step--depot")
    # every route leaves and returns to the depot, with a line for each reload in between
    assert reloads.count() >= 2 * table_rows.count()

    browser_page.screenshot(f"planner-milk-{language}")
    page.locator("#map-title").scroll_into_view_if_needed()
    page.locator("#map-title").locator("xpath=..").screenshot(
        path=str(browser_page.artefacts / f"planner-milk-map-{language}.png")
    )

    if language in {"tr", "ar"}:
        results = AXE.run(page)
        violations = blocking_violations(results.response)
        assert not violations, format_violations(f"milk {language}", violations)
    assert not browser_page.external_requests()
    assert not browser_page.console_errors and not browser_page.page_errors


def test_milk_dates_of_a_mahalle_and_a_team_calendar(
    browser_page: PageSession,
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    browser_page.goto("/tr/plans/milk/")
    page = browser_page.page
    options = page.locator("#place-list option")
    assert options.count() == 614
    page.fill("#place-search", options.nth(100).get_attribute("value"))
    page.locator("form.search button[type=submit]").click()
    page.wait_for_load_state("load")
    dates = page.locator("#answer .next-date")
    assert dates.count() >= 1  # once a month: one day, or one day per part of a big mahalle
    shown = dates.count()
    link = page.locator("#answer a[href$='.ics']")
    calendar = page.request.get(browser_page.base_url + link.get_attribute("href"))
    events = list(icalendar.Calendar.from_ical(calendar.body()).walk("VEVENT"))
    # the calendar has every stop; the page one line a day (parts on one day are one line)
    days = {event.decoded("dtstart").date() for event in events}
    assert len(days) == shown <= len(events)

    details(browser_page, served_database, tmp_path_factory, "tr", "milk")
    team_link = page.locator("table.team-table a[href$='/teams/1.ics']")
    team_calendar = page.request.get(browser_page.base_url + team_link.get_attribute("href"))
    assert team_calendar.headers["content-type"].startswith("text/calendar")
    team_events = list(icalendar.Calendar.from_ical(team_calendar.body()).walk("VEVENT"))
    first_row = page.locator("table.team-table tbody tr").first
    working_days = int(first_row.locator("td").nth(4).inner_text().replace(".", ""))
    assert len(team_events) >= working_days  # at least one stop on each working day


@pytest.mark.parametrize("language", ["tr", "fa"])
def test_library_route_lines_of_a_week(
    browser_page: PageSession,
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
    language: str,
) -> None:
    details(browser_page, served_database, tmp_path_factory, language, "library")
    page = browser_page.page
    rows = page.locator("table.route-table tbody tr")
    assert rows.count() >= 1
    assert drawn_routes(page) == rows.count()
    # one village a day: each route is depot → village → depot
    for row in range(rows.count()):
        steps = rows.nth(row).locator("ol.route-steps li")
        assert steps.count() == 3
    page.locator("#map-title").scroll_into_view_if_needed()
    page.locator("#map-title").locator("xpath=..").screenshot(
        path=str(browser_page.artefacts / f"planner-library-map-{language}.png")
    )
    assert not browser_page.console_errors and not browser_page.page_errors
