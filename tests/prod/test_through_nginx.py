"""adilkent in its production setup, used through nginx as residents and staff use it.

nginx (TLS) in front of two gunicorn processes with the production settings, two task workers
and the scheduler, on PostgreSQL and Redis (tests/prod/conftest.py starts them). A resident
files a request with a photo; a staff member signs in with the second factor and opens the
photo, which nginx sends only after the view has checked who asks; the periodic jobs are
enqueued by the scheduler and run by the workers; a rate limit holds across both web processes.
"""

from __future__ import annotations

import io
import os
import re
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
from django_otp.oath import TOTP

from adilkent.core.periodic import SCHEDULE
from tests.browser.support import CHROMIUM_ARGS

from .conftest import ARTIFACTS, ProdLocal

CHROMIUM = os.environ.get("ADILKENT_CHROMIUM", "/usr/bin/chromium")
TEXT = "Parktaki salıncağın zinciri koptu; fotoğrafı ekte."


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 60, 40)).save(out, format="PNG")
    return out.getvalue()


def _pixels(data: bytes) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.tobytes()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


def _page(browser: Any, base_url: str) -> Any:
    context = browser.new_context(
        ignore_https_errors=True, base_url=base_url, locale="tr-TR", service_workers="block"
    )
    context.set_default_timeout(30_000)
    return context.new_page()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def test_plain_http_is_sent_to_https(prod_local: ProdLocal) -> None:
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(prod_local.http_url + "/tr/requests/", timeout=10)
    assert answer.value.code == 301
    assert answer.value.headers["Location"] == prod_local.base_url + "/tr/requests/"


def test_a_residents_photo_reaches_only_the_staff_member(
    prod_local: ProdLocal, browser: Any, tmp_path: Path
) -> None:
    photo = tmp_path / "salıncak.png"
    photo.write_bytes(_png())

    resident = _page(browser, prod_local.base_url)
    resident.goto("/tr/requests/")
    resident.check("input[name=kind][value=complaint]")
    resident.fill("textarea[name=text]", TEXT)
    resident.fill("input[name=address]", "Bahriye Üçok Parkı, Karşıyaka")
    resident.set_input_files("input[name=attachments]", str(photo))
    resident.check("input[name=identity_mode][value=anonymous]")
    resident.click("form.intake-form button[type=submit]")
    resident.wait_for_selector("[data-tracking-code]")
    code = resident.locator("[data-tracking-code]").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)

    staff = _page(browser, prod_local.base_url)
    account = prod_local.credentials()
    staff.goto("/tr/accounts/login/?next=/tr/requests/staff/")
    staff.fill("input[name=username]", account["username"])
    staff.fill("input[name=password]", account["password"])
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_url("**/verify/**")
    staff.fill("input[name=token]", f"{TOTP(bytes.fromhex(account['totp_key'])).token():06d}")
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_url("**/tr/requests/staff/")
    staff.click(f"a:text-is('{code}')")
    staff.wait_for_selector("text=salıncak.png")
    staff.screenshot(path=str(ARTIFACTS / "staff-request-with-photo.png"), full_page=True)
    href = staff.locator("a:has-text('salıncak.png')").get_attribute("href")
    assert href and "/files/" in href

    shown = staff.goto(href)
    assert shown is not None and shown.status == 200
    assert _pixels(shown.body()) == _pixels(photo.read_bytes())  # kept without its metadata
    headers = shown.headers
    assert headers["content-type"] == "image/png"
    assert "x-accel-redirect" not in headers  # nginx acted on it and did not pass it on
    assert headers["cache-control"] == "private, no-store"
    assert headers["content-disposition"].startswith("inline;")

    # Someone without the session: sent to the login, never the file; no public /media/.
    stranger = requests.get(
        prod_local.base_url + href, verify=prod_local.certificate, allow_redirects=False
    )
    assert stranger.status_code == 302 and "login" in stranger.headers["Location"]
    assert (
        requests.get(
            prod_local.base_url + "/media/intake/", verify=prod_local.certificate
        ).status_code
        == 404
    )
    protected = requests.get(
        prod_local.base_url + "/protected-media/intake/", verify=prod_local.certificate
    )
    assert protected.status_code == 404  # internal: only a view's X-Accel-Redirect reaches it


def test_the_scheduler_enqueues_the_periodic_jobs_and_the_workers_run_them(
    prod_local: ProdLocal,
) -> None:
    from django_tasks_db.models import DBTaskResult

    wanted = {job.task for job in SCHEDULE}
    query = f"SELECT task_path, status FROM {DBTaskResult._meta.db_table}"
    done: set[str] = set()
    deadline = time.monotonic() + 120
    with psycopg.connect(prod_local.database_url(), autocommit=True) as connection:
        while time.monotonic() < deadline and done != wanted:
            rows = connection.execute(query).fetchall()
            done = {path for path, status in rows if status == "SUCCESSFUL"} & wanted
            time.sleep(1)
        runs = dict(connection.execute("SELECT name, runs FROM core_periodicrun").fetchall())
    assert done == wanted
    assert set(runs) == {job.name for job in SCHEDULE} and min(runs.values()) >= 1


class _From(requests.adapters.HTTPAdapter):
    """Connections from a given local address (127.0.0.N: residents on other addresses)."""

    def __init__(self, address: str) -> None:
        self._address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self._address, 0)
        super().init_poolmanager(*args, **kwargs)


def _session_from(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("https://", _From(address))
    return session


def test_a_rate_limit_holds_across_both_web_processes_for_one_resident_only(
    prod_local: ProdLocal,
) -> None:
    """20 cancellation attempts an hour per connection: the 21st is refused although nginx
    shared the attempts between the two processes (the count is in Redis, not in each). The
    count is the resident's, by the address nginx saw, not nginx's own: a resident on another
    address is not refused."""
    session = _session_from("127.0.0.2")
    url = prod_local.base_url + "/tr/legal-aid/cancel/"
    form = session.get(url, verify=prod_local.certificate)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token is not None
    statuses = []
    for _ in range(21):
        answer = session.post(
            url,
            data={"csrfmiddlewaretoken": token.group(1), "code": "NOPE-NOPE-NOPE"},
            headers={"Referer": url, "Origin": prod_local.base_url},
            verify=prod_local.certificate,
        )
        statuses.append(answer.status_code)
    assert 429 not in statuses[:20] and statuses[20] == 429, statuses
    upstreams = {
        line.rsplit('"', 2)[-2]
        for line in prod_local.access_log()
        if '"POST /tr/legal-aid/cancel/' in line
    }
    assert len(upstreams) == 2, upstreams

    other = _session_from("127.0.0.3")
    form = other.get(url, verify=prod_local.certificate)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token is not None
    answer = other.post(
        url,
        data={"csrfmiddlewaretoken": token.group(1), "code": "NOPE-NOPE-NOPE"},
        headers={"Referer": url, "Origin": prod_local.base_url},
        verify=prod_local.certificate,
    )
    assert answer.status_code == 200, answer.status_code


def test_the_login_lockout_holds_across_both_web_processes(prod_local: ProdLocal) -> None:
    """Five wrong passwords for one name from one address lock it out (django-axes counts in
    PostgreSQL), although nginx sent the attempts to both web processes."""
    session = requests.Session()
    url = prod_local.base_url + "/tr/accounts/login/"
    form = session.get(url, verify=prod_local.certificate)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token is not None
    statuses = []
    for attempt in range(6):
        answer = session.post(
            url,
            data={
                "csrfmiddlewaretoken": token.group(1),
                "username": "someone-guessing",
                "password": f"wrong-{attempt}",
            },
            headers={"Referer": url, "Origin": prod_local.base_url},
            verify=prod_local.certificate,
        )
        statuses.append(answer.status_code)
    assert statuses[:4] == [200] * 4 and statuses[5] == 429, statuses
    upstreams = {
        line.rsplit('"', 2)[-2]
        for line in prod_local.access_log()
        if '"POST /tr/accounts/login/' in line
    }
    assert len(upstreams) == 2, upstreams


def test_with_no_web_process_nginx_says_so_in_six_languages_and_respawn_heals(
    prod_local: ProdLocal,
) -> None:
    """Last in this file: it stops the web processes, then starts them as systemd would."""
    import signal
    import subprocess

    for name in ("web1", "web2"):
        os.killpg(int((prod_local.state / "run" / f"{name}.pid").read_text()), signal.SIGKILL)
    time.sleep(0.5)
    answer = requests.get(prod_local.base_url + "/tr/", verify=prod_local.certificate)
    assert answer.status_code == 502
    assert "Please try again in a minute" in answer.text
    assert 'lang="ar" dir="rtl"' in answer.text

    subprocess.run(
        ["bash", "scripts/prod-local.sh", "respawn"],
        cwd=Path(__file__).resolve().parents[2],
        env=prod_local.env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    deadline = time.monotonic() + 60
    status = 0
    while time.monotonic() < deadline and status != 200:
        time.sleep(0.5)
        status = requests.get(
            prod_local.base_url + "/healthz", verify=prod_local.certificate
        ).status_code
    assert status == 200
