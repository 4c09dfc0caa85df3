"""Steps the browser tests of the staff areas share: running set-up code in the served
database, an axe check of the page as it is, and a staff member with an authenticator who
signs in past the second factor."""

from __future__ import annotations

import os
import secrets

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import PageSession, ServedDatabase
from .support import blocking_violations, format_violations, manage, run_logged, server_environment

AXE = Axe()
PASSWORD = "invented-Pass-" + secrets.token_hex(4)


def shell(
    database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory, code: str, log_name: str
) -> str:
    """Run ``code`` with ``manage.py shell`` in the served database; what it printed."""
    env = server_environment(
        os.environ, ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")), **database.env
    )
    log = database.artefacts / f"{log_name}.log"
    before = log.read_text() if log.exists() else ""
    run_logged(manage("shell", "-c", code), env, log, 300)
    return log.read_text()[len(before) :]


def check_axe(session: PageSession, where: str) -> None:
    results = AXE.run(session.page)
    session.save_json(f"axe-{where}", results.response)
    violations = blocking_violations(results.response)
    assert not violations, format_violations(where, violations)


def staff_log_in(
    session: PageSession,
    database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
    *,
    coordinator_of: str | None,
    where: str,
    log_name: str,
    username: str | None = None,
) -> str:
    """A staff member with an authenticator signs in to ``where``; returns the username.

    The account is new unless ``username`` names an existing user (made by a test's set-up,
    e.g. a recipient of confidential reports), whose password and authenticator are then
    reset by ``create_demo_staff``. With ``coordinator_of`` the member is also coordinator of
    that programme (enrolment's access); with ``None`` that step is skipped. Either way
    ``create_demo_staff`` makes a superuser, coordinator of the demo's centre programmes."""
    from django_otp.oath import TOTP

    totp_key = secrets.token_hex(20)
    username = username or f"{coordinator_of or 'staff'}-" + secrets.token_hex(3)
    env = server_environment(
        os.environ,
        ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")),
        ADILKENT_DEMO_USERNAME=username,
        ADILKENT_DEMO_PASSWORD=PASSWORD,
        ADILKENT_DEMO_TOTP_KEY=totp_key,
        **database.env,
    )
    log = database.artefacts / f"{log_name}.log"
    run_logged(manage("create_demo_staff"), env, log, 300)
    if coordinator_of is not None:
        run_logged(
            manage("enrolment_staff", username, "--coordinator", coordinator_of), env, log, 300
        )
    page = session.page
    session.goto(f"/tr/accounts/login/?next={where}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/verify/**")
    page.fill("input[name=token]", f"{TOTP(bytes.fromhex(totp_key)).token():06d}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{where}")
    return username
