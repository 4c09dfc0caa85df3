"""A caseworker registers a person with an Arabic name, opens a case and refers it with
consent; the partner accepts and completes it. Two staff accounts, each with two-step login.

Everyone here is invented for the test. The staff accounts are created in the served database
with the project's own command (``cases_staff``), with a known authenticator key so that the
test can compute the codes an authenticator app would show.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable

import pytest
from django_otp.oath import totp

from .conftest import PageSession, ServedDatabase
from .support import manage, run_logged, server_environment

pytestmark = pytest.mark.browser

PASSWORD = "invented-Pass-" + secrets.token_hex(4)


def _staff(
    database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
    username: str,
    role: str,
    unit: str,
) -> str:
    key = secrets.token_hex(20)
    env = server_environment(
        os.environ, ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")), **database.env
    )
    run_logged(
        manage(
            "cases_staff",
            username,
            "--role",
            role,
            "--unit",
            unit,
            "--password",
            PASSWORD,
            "--totp-key",
            key,
        ),
        env,
        database.artefacts / "cases-staff.log",
        300,
    )
    return key


def _code(key: str) -> str:
    return f"{totp(bytes.fromhex(key)):06d}"


def _log_in(session: PageSession, username: str, key: str, language: str) -> None:
    page = session.page
    session.goto(f"/{language}/accounts/login/?next=/{language}/cases/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/cases/verify/")
    page.fill("input[name=token]", _code(key))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/cases/")


def test_register_open_refer_accept_complete(
    open_page: Callable[..., PageSession],
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    suffix = secrets.token_hex(3)
    worker, partner = f"cw-{suffix}", f"partner-{suffix}"
    worker_key = _staff(served_database, tmp_path_factory, worker, "caseworker", "Mülteci Masası")
    partner_key = _staff(served_database, tmp_path_factory, partner, "partner", "UNHCR")

    # --- the caseworker, in Arabic (right to left) ---
    desk = open_page(locale="ar")
    page = desk.page
    _log_in(desk, worker, worker_key, "ar")
    assert desk.html_attribute("dir") == "rtl"
    page.locator("a[href='/ar/cases/people/new/']").click()
    page.fill("input[name=given_name]", "ليلى")
    page.fill("input[name=family_name]", "اختبار")
    page.fill("input[name=given_name_latin]", "Leyla")
    page.fill("input[name=family_name_latin]", "Test")
    page.fill("input[name=birth_year]", "1990")
    page.select_option("select[name=gender]", "female")
    page.fill("input[name=nationality]", "SY")
    page.fill("input[name=languages]", "ar")
    page.check("input[name=interpreter_needed]")
    page.check("input[name=consent_case_management]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if "/duplicates/" in page.url:  # an earlier run on the same database registered her too
        page.locator("main p a[href*='/cases/people/']").first.click()
    page.wait_for_url("**/ar/cases/people/*/")
    assert page.locator("h1").inner_text().startswith("ليلى")
    desk.screenshot("cases-person-ar")

    # consent to share with UNHCR, then a legal-aid case
    page.select_option("select[name=purpose]", "referral")
    page.select_option("select[name=organisation]", label="UNHCR")
    page.fill("input[name=how]", "signed form (test)")
    page.locator("form[action$='/consent/'] button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("a[href$='/cases/new/']").click()
    page.select_option("select[name=case_type]", index=1)
    page.fill("textarea[name=summary]", "Invented test summary")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/ar/cases/c/*/")
    case_url = page.url

    # refer to UNHCR, sharing the name and languages only
    page.locator("a[href$='/refer/']").click()
    page.select_option("select[name=to_unit]", label="UNHCR")
    page.fill("textarea[name=purpose]", "Invented: legal counselling")
    page.check("input[name=shared_fields][value=name]")
    page.check("input[name=shared_fields][value=languages]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(case_url)
    assert page.locator(".referral-state").count() == 1
    desk.screenshot("cases-case-referred-ar")

    # --- the partner, in English ---
    ngo = open_page(locale="en-GB")
    npage = ngo.page
    _log_in(ngo, partner, partner_key, "en")
    npage.locator("a[href*='/cases/referrals/']").first.click()
    npage.wait_for_url("**/en/cases/referrals/*/")
    shared = npage.locator("#shared-data").inner_text()
    assert "ليلى" in shared and "Leyla" in shared
    assert "Invented test summary" not in npage.content()  # the case itself was not shared
    assert npage.locator("#referral-state").inner_text() == "Sent"
    npage.locator("button[value=accept]").click()
    npage.wait_for_load_state()
    assert npage.locator("#referral-state").inner_text() == "Accepted"
    npage.fill("textarea[name=text]", "Invented feedback: counselling given")
    npage.locator("button[value=complete]").click()
    npage.wait_for_load_state()
    assert npage.locator("#referral-state").inner_text() == "Completed"
    ngo.screenshot("cases-referral-completed-en")

    # the partner cannot open the case page itself
    response = npage.goto(case_url.replace("/ar/", "/en/"))
    assert response is not None and response.status == 404

    # the caseworker sees the feedback
    page.goto(case_url.replace("/ar/", "/en/"))
    assert page.locator(".referral-state").inner_text() == "Completed"
    assert not desk.page_errors and not ngo.page_errors
