"""axe-core finds no serious or critical accessibility violation on the public pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import PageSession
from .support import blocking_violations, format_violations

pytestmark = pytest.mark.browser

AXE = Axe()


@pytest.mark.parametrize("language", ["tr", "ar"])
@pytest.mark.parametrize("page_path", ["", "places/"], ids=["home", "places"])
def test_no_serious_or_critical_violations(
    browser_page: PageSession, language: str, page_path: str
) -> None:
    url = f"/{language}/{page_path}"
    browser_page.goto(url)
    if page_path == "places/":
        # Check the page as a resident meets it: with the map drawn.
        browser_page.page.wait_for_selector(".leaflet-overlay-pane svg path", state="attached")
    browser_page.page.wait_for_load_state("networkidle")

    results = AXE.run(browser_page.page)

    name = "home" if not page_path else page_path.strip("/")
    browser_page.save_json(f"axe-{name}-{language}", results.response.get("violations", []))
    violations = blocking_violations(results.response)
    assert not violations, format_violations(url, violations)
