"""A planner runs a small siting scenario on the real İzmir data, reads the before/after table,
opens the Equal access report and downloads its PDF (Turkish), and the report is read in Arabic.

The hospital analysis is run with the app's own command; the scenario goes through the task
queue, whose worker runs once here (``make demo`` keeps one running).
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import PageSession, ServedDatabase
from .support import blocking_violations, format_violations, manage, run_logged, server_environment

pytestmark = pytest.mark.browser

AXE = Axe()


def _env(
    served_database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory, **extra: str
) -> dict[str, str]:
    return server_environment(
        os.environ,
        ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")),
        **served_database.env,
        **extra,
    )


@pytest.fixture(scope="module")
def planner(
    served_database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, str]:
    """A finished hospital analysis and a staff account to start scenarios with."""
    log = served_database.artefacts / "access-siting.log"
    run_logged(
        manage("run_access_analysis", "hospital"), _env(served_database, tmp_path_factory), log, 600
    )
    username, password = f"planner-{secrets.token_hex(3)}", secrets.token_urlsafe(15)
    env = _env(
        served_database,
        tmp_path_factory,
        ADILKENT_DEMO_USERNAME=username,
        ADILKENT_DEMO_PASSWORD=password,
    )
    run_logged(manage("create_demo_staff"), env, log, 300)
    return username, password


def _axe(session: PageSession, name: str) -> None:
    session.page.wait_for_load_state("networkidle")
    results = AXE.run(session.page)
    session.save_json(f"axe-{name}", results.response.get("violations", []))
    violations = blocking_violations(results.response)
    assert not violations, format_violations(session.page.url, violations)


def test_siting_scenario_then_report_and_pdf(
    browser_page: PageSession,
    planner: tuple[str, str],
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    page = browser_page.page
    username, password = planner
    browser_page.goto("/tr/accounts/login/?next=/tr/access/siting/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/tr/access/siting/")

    # The presets from the directorate's documents; those without locations say so.
    presets = page.locator(".siting-presets > li")
    assert presets.count() >= 4
    assert page.locator(".siting-nodata").count() == 3  # Yuvamız İzmir, libraries, Talehouses
    page.get_by_role("link", name="Hastaneler: 8 tane daha").click()
    assert page.locator("#id_service").input_value() == "hospital"
    page.fill("#id_k", "3")  # a small scenario
    browser_page.screenshot("siting-form-tr")
    _axe(browser_page, "siting-form-tr")
    with page.expect_navigation(
        url=re.compile(r".*/tr/access/siting/\d+/(#.*)?$"), timeout=120_000
    ):
        page.get_by_role("button", name="Senaryoyu başlat").click()
    assert page.locator("progress").count() == 1  # queued: progress shown until the worker runs

    run_logged(
        manage("db_worker", "--batch"),
        _env(served_database, tmp_path_factory),
        served_database.artefacts / "worker.log",
        600,
    )
    page.wait_for_selector("#compare-caption", timeout=60_000)  # the page reloads when done
    rows = page.locator("#compare-caption + thead + tbody tr")
    # 4 thresholds + mean + median, for all residents and for former villages; 4 inequality rows
    assert rows.count() == 16
    first = rows.nth(1)  # all residents within 30 minutes: 52.9 % before (docs/access.md)
    assert "%52,9" in first.inner_text()
    before = float(first.locator("td").nth(1).inner_text().lstrip("%").replace(",", "."))
    after = float(first.locator("td").nth(2).inner_text().lstrip("%").replace(",", "."))
    assert after > before
    assert page.locator("#sites-caption + thead + tbody tr").count() == 3
    assert page.locator("svg.access-map .site-proposed").count() == 3
    assert page.locator("svg.access-map .site-existing").count() == 84
    browser_page.screenshot("siting-result-tr")
    _axe(browser_page, "siting-result-tr")

    # The report of the finished hospital analysis, with this scenario in it.
    browser_page.goto("/tr/access/?type=hospital")
    page.get_by_role("link", name="Eşit erişim raporu").first.click()
    page.wait_for_url(re.compile(r".*/tr/access/\d+/report/$"))
    assert page.locator(".report-map img").count() == 4  # three measures and the scenario
    assert page.locator("#report-sites-caption + thead + tbody tr").count() == 3
    assert "kuş uçuşu × 1,3" in page.content()  # the model label, in the page's language
    browser_page.screenshot("report-tr")
    _axe(browser_page, "report-tr")
    link = page.get_by_role("link", name="Raporu PDF olarak indir")
    response = page.request.get(browser_page.base_url + str(link.get_attribute("href")))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
    assert len(body) > 200_000  # text and four map images
    pdf = Path(browser_page.artefacts / "report-tr.pdf")
    pdf.write_bytes(body)
    print(f"pdf: {pdf}")
    assert not browser_page.page_errors and not browser_page.console_errors


def test_report_in_arabic(browser_page: PageSession, planner: tuple[str, str]) -> None:
    browser_page.goto("/ar/access/?type=hospital")
    page = browser_page.page
    href = page.locator(".access-links a").first.get_attribute("href")
    browser_page.goto(str(href))
    assert browser_page.html_attribute("dir") == "rtl"
    assert page.locator(".report-map img").count() >= 3
    browser_page.screenshot("report-ar")
    _axe(browser_page, "report-ar")
