"""Fixtures for the browser tests: a database with the real data, the real server, Chromium.

The database is built once per test session in a subprocess, exactly as ``make demo-data``
builds the demo one (``migrate`` then ``demo_data`` with the demo settings), so the pages
are tested on real data and no test flushes it. With ``DATABASE_URL`` pointing at PostgreSQL
(as in ``make test-postgres``) it is a fresh database on that server; otherwise a SQLite file in
a temporary directory. Set ``ADILKENT_BROWSER_SQLITE`` to an already built SQLite file to skip
the build while working on templates.

Every page is opened with a guard: requests to any host other than loopback are recorded and
aborted, and a test that caused one fails.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .support import (
    ARTIFACTS_DIR,
    CHROMIUM_ARGS,
    Server,
    database_url_from_env,
    is_loopback_url,
    manage,
    run_logged,
    server_environment,
    with_database,
)

CHROMIUM = os.environ.get("ADILKENT_CHROMIUM", "/usr/bin/chromium")
SETUP_TIMEOUT = float(os.environ.get("ADILKENT_BROWSER_SETUP_TIMEOUT", "1800"))

_artefacts: list[Path] = []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents and item.path.name != "test_support.py":
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _artefacts:
        terminalreporter.section("browser test artefacts")
        for path in _artefacts:
            terminalreporter.write_line(str(path))


# --- the database and the server ------------------------------------------------------------


@dataclass
class ServedDatabase:
    backend: str  # "sqlite" or "postgresql"
    env: dict[str, str]  # what the server needs to find it
    drop: Callable[[], None] = field(default=lambda: None)

    @property
    def artefacts(self) -> Path:
        path = ARTIFACTS_DIR / self.backend
        path.mkdir(parents=True, exist_ok=True)
        return path


def _postgres_database(server_url: str) -> ServedDatabase:
    import psycopg
    from psycopg import sql

    name = f"adilkent_browser_{uuid.uuid4().hex[:8]}"
    admin_url = with_database(server_url, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    return ServedDatabase("postgresql", {"DATABASE_URL": with_database(server_url, name)}, drop)


@pytest.fixture(scope="session")
def served_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedDatabase]:
    """A database holding the real İzmir data, built with the project's own commands."""
    server_url = database_url_from_env(os.environ)
    prebuilt = os.environ.get("ADILKENT_BROWSER_SQLITE", "")
    if server_url.startswith(("postgres://", "postgresql://")):
        database = _postgres_database(server_url)
    elif prebuilt:
        if not Path(prebuilt).is_file():
            pytest.fail(f"ADILKENT_BROWSER_SQLITE={prebuilt} does not exist")
        yield ServedDatabase("sqlite", {"ADILKENT_SQLITE_PATH": prebuilt})
        return
    else:
        path = tmp_path_factory.mktemp("browser-db") / "adilkent.sqlite3"
        database = ServedDatabase("sqlite", {"ADILKENT_SQLITE_PATH": str(path)})

    log = database.artefacts / "setup.log"
    log.write_text("")
    env = server_environment(
        os.environ, ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")), **database.env
    )
    try:
        run_logged(manage("migrate", "--noinput"), env, log, SETUP_TIMEOUT)
        run_logged(manage("demo_data"), env, log, SETUP_TIMEOUT)
        yield database
    finally:
        database.drop()


@pytest.fixture(scope="session")
def app_server(
    served_database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """``manage.py runserver`` on a free loopback port, serving the real-data database."""
    env = server_environment(
        os.environ, ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")), **served_database.env
    )
    server = Server(env=env, log=served_database.artefacts / "server.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def artefact_dir(served_database: ServedDatabase) -> Path:
    return served_database.artefacts


# --- the browser --------------------------------------------------------------------------


@pytest.fixture(scope="package")
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (Playwright's own browsers are never downloaded)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: `make test-browser` installs Debian's chromium "
            "(or set ADILKENT_CHROMIUM to a Chromium binary)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageSession:
    """A Playwright page on the test server, with what it asked for and what went wrong."""

    page: Any
    base_url: str
    artefacts: Path
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)

    def goto(self, path: str) -> Any:
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None, f"no response for {path}"
        return response

    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not is_loopback_url(url)]

    def screenshot(self, name: str) -> Path:
        path = self.artefacts / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        _artefacts.append(path)
        print(f"screenshot: {path}")
        return path

    def save_json(self, name: str, data: object) -> Path:
        path = self.artefacts / f"{name}.json"
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False))
        _artefacts.append(path)
        return path

    def html_attribute(self, name: str) -> str | None:
        value: str | None = self.page.locator("html").get_attribute(name)
        return value


def _watch(session: PageSession, context: Any) -> None:
    page = session.page

    def route(route: Any) -> None:
        if is_loopback_url(route.request.url):
            route.continue_()
        else:
            session.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page.on("request", lambda request: session.requests.append(request.url))
    page.on(
        "console",
        lambda msg: (
            session.console_errors.append(f"{msg.text} ({msg.location})")
            if msg.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: session.page_errors.append(str(error)))
    page.on(
        "response",
        lambda response: (
            session.failed_responses.append(f"{response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )


@pytest.fixture
def open_page(
    chromium: Any, app_server: Server, artefact_dir: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[..., PageSession]]:
    """Open a new browser page; keyword arguments go to ``browser.new_context``."""
    contexts: list[tuple[Any, PageSession]] = []

    def opener(**context_options: Any) -> PageSession:
        options = {"viewport": {"width": 1280, "height": 900}, "locale": "tr-TR"}
        options.update(context_options)
        context = chromium.new_context(service_workers="block", **options)
        context.set_default_timeout(30_000)
        session = PageSession(context.new_page(), app_server.base_url, artefact_dir)
        _watch(session, context)
        contexts.append((context, session))
        return session

    yield opener

    failed = getattr(request.node, "report_call", None)
    external: list[str] = []
    for context, session in contexts:
        if failed is not None and failed.failed:
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
            try:
                session.screenshot(f"failed-{name}")
            except Exception as error:  # the page may be gone; the failure is what matters
                print(f"no screenshot of the failure: {error}")
        external += session.external_requests()
        context.close()
    assert not external, "the page asked for non-loopback URLs:\n" + "\n".join(external)


@pytest.fixture
def browser_page(open_page: Callable[..., PageSession]) -> PageSession:
    return open_page()
