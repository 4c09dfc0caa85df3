"""The programme registry pages pass axe-core in Turkish and Arabic, on the real data.

The browser database is built by ``migrate`` + ``import_izmir``; the registry is loaded into it
here with the project's own command, through the same subprocess mechanism.
"""

from __future__ import annotations

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import PageSession, ServedDatabase
from .support import blocking_violations, format_violations, manage, run_logged, server_environment

pytestmark = pytest.mark.browser

AXE = Axe()
PAGES = {
    "list": "programmes/",
    "detail": "programmes/p/sut-kuzusu/",
    "coverage": "programmes/coverage/",
    "checklist": "programmes/checklists/",
    "action-plan": "programmes/action-plan/",
}


@pytest.fixture(scope="module")
def registry_loaded(
    served_database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory
) -> None:
    env = server_environment(
        os.environ, ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")), **served_database.env
    )
    log = served_database.artefacts / "load_programmes.log"
    run_logged(manage("load_programmes"), env, log, 600)


@pytest.mark.parametrize("language", ["tr", "ar"])
@pytest.mark.parametrize("name", list(PAGES))
def test_programme_pages_have_no_serious_violations(
    registry_loaded: None, browser_page: PageSession, language: str, name: str
) -> None:
    url = f"/{language}/{PAGES[name]}"
    response = browser_page.goto(url)
    assert response.status == 200
    browser_page.page.wait_for_load_state("networkidle")
    if language == "ar":
        assert browser_page.html_attribute("dir") == "rtl"
    results = AXE.run(browser_page.page)
    browser_page.save_json(
        f"axe-programmes-{name}-{language}", results.response.get("violations", [])
    )
    violations = blocking_violations(results.response)
    assert not violations, format_violations(url, violations)


def test_checklist_pdf_is_generated_in_the_browser(
    registry_loaded: None,
    browser_page: PageSession,
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    browser_page.goto("/tr/programmes/checklists/")
    browser_page.page.get_by_role("button", name="PDF olarak indir").click()
    browser_page.page.wait_for_url("**/programmes/reports/*/")
    # The queue's worker runs the job (``make demo`` keeps one running; here it runs once).
    env = server_environment(
        os.environ, ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")), **served_database.env
    )
    run_logged(manage("db_worker", "--batch"), env, served_database.artefacts / "worker.log", 300)
    browser_page.page.wait_for_selector("text=Rapor hazır.", timeout=30_000)
    link = browser_page.page.get_by_role("link", name="İndir")
    response = browser_page.page.request.get(browser_page.base_url + link.get_attribute("href"))
    assert response.body().startswith(b"%PDF")
    browser_page.screenshot("programmes-report-ready")
