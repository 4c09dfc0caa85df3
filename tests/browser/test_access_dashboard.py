"""The equal-access dashboard on the real İzmir data, in Turkish and in Arabic (right to left).

An analysis of hospitals is run once with the app's own command (the same code as the
background job) on the real-data database, then the dashboard is read as a resident meets it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import PageSession, ServedDatabase
from .support import (
    blocking_violations,
    format_violations,
    manage,
    run_logged,
    server_environment,
)

pytestmark = pytest.mark.browser

AXE = Axe()
DIRECTION = {"tr": "ltr", "ar": "rtl"}


@pytest.fixture(scope="module")
def hospital_analysis(
    served_database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Run the hospital analysis on the served database; its log is kept with the artefacts."""
    log = served_database.artefacts / "access-analysis.log"
    env = server_environment(
        os.environ, ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")), **served_database.env
    )
    run_logged(manage("run_access_analysis", "hospital"), env, log, 600)
    return log


# The travel-cost model's label in the page's language (straight line, ×1.3, walking speed).
MODEL_LABEL = {"tr": "kuş uçuşu × 1,3, 4,8 km/sa", "ar": "خط مستقيم × 1.3 بسرعة 4.8 كم/ساعة"}


@pytest.mark.parametrize("language", ["tr", "ar"])
def test_hospital_access_dashboard(
    browser_page: PageSession, hospital_analysis: Path, language: str
) -> None:
    url = f"/{language}/access/?type=hospital"
    response = browser_page.goto(url)
    assert response.status == 200
    page = browser_page.page
    assert browser_page.html_attribute("lang") == language
    assert browser_page.html_attribute("dir") == DIRECTION[language]

    # The plain statement that the times are straight-line estimates, with the model's label.
    estimate = page.locator(".access-estimate")
    assert estimate.is_visible()
    assert MODEL_LABEL[language] in estimate.inner_text()
    # 1,288 of İzmir's mahalle have a polygon and a population (docs/access.md): one dot each.
    assert page.locator("svg.access-map circle").count() == 1288
    assert page.locator("svg.lorenz polyline").count() == 1
    assert (page.locator("svg.lorenz desc").text_content() or "").strip()
    # Share within 15/30/45/60 minutes, the top 20 underserved mahalle, every district.
    assert page.locator("#shares-caption + thead + tbody tr").count() == 4
    assert page.locator("#need-caption + thead + tbody tr").count() == 20
    assert page.locator("#districts-caption + thead + tbody tr").count() == 30
    if language == "tr":
        assert "Kuş uçuşu tahminler." in estimate.inner_text()
        # docs/access.md, walking straight line: 52.9 % of the people placed within 30 min.
        assert "%52,9" in page.locator("#shares-caption + thead + tbody").inner_text()

    page.wait_for_load_state("networkidle")
    results = AXE.run(page)
    browser_page.save_json(f"axe-access-{language}", results.response.get("violations", []))
    violations = blocking_violations(results.response)
    assert not violations, format_violations(url, violations)
    browser_page.screenshot(f"access-dashboard-{language}")
    assert not browser_page.page_errors and not browser_page.console_errors
