"""Two-factor verification, brute-force lockout, idle timeout, refusal to run on demo keys."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from adilkent.cases.audit import IDLE_KEY

from .conftest import Desk


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_the_authenticator_code_opens_the_cases_area(desk: Desk) -> None:
    client = Client()
    client.force_login(desk.users["cw1"])
    home = reverse("cases:home")
    assert client.get(home)["Location"].endswith(reverse("cases:verify"))
    device = TOTPDevice.objects.get(user=desk.users["cw1"])
    ok = client.post(reverse("cases:verify"), {"token": _code(device)})
    assert ok.status_code == 302
    assert client.get(home).status_code == 200


def test_a_wrong_code_is_refused(desk: Desk) -> None:
    client = Client()
    client.force_login(desk.users["cw2"])
    device = TOTPDevice.objects.get(user=desk.users["cw2"])
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    bad = client.post(reverse("cases:verify"), {"token": wrong})
    assert bad.status_code == 200 and bad.context["form"].errors
    assert client.get(reverse("cases:home")).status_code == 302


def test_the_rest_of_the_site_does_not_ask_for_a_code(desk: Desk) -> None:
    client = Client()
    client.force_login(desk.users["cw1"])
    assert client.get("/tr/").status_code == 200


def test_login_is_locked_after_repeated_failures(desk: Desk) -> None:
    client = Client()
    url = reverse("login")
    for _ in range(5):
        client.post(url, {"username": "cw1", "password": "wrong"}, REMOTE_ADDR="10.9.9.9")
    locked = client.post(
        url, {"username": "cw1", "password": "not-a-real-password-1"}, REMOTE_ADDR="10.9.9.9"
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # the right password from a fresh start works (another address, no failures)
    fresh = Client()
    ok = fresh.post(
        url, {"username": "cw2", "password": "not-a-real-password-1"}, REMOTE_ADDR="10.9.9.8"
    )
    assert ok.status_code == 302


def test_the_test_client_login_still_works(desk: Desk) -> None:
    assert Client().login(username="cw1", password="not-a-real-password-1")


@override_settings(CASES_IDLE_TIMEOUT_SECONDS=60)
def test_idle_sessions_are_logged_out_of_the_cases_area(desk: Desk) -> None:
    client = desk.client("cw1")
    assert client.get(reverse("cases:home")).status_code == 200
    session = client.session
    session[IDLE_KEY] = time.time() - 61
    session.save()
    response = client.get(reverse("cases:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_production_refuses_to_start_on_demo_keys() -> None:
    env = {
        k: v for k, v in os.environ.items()
        if not k.startswith(("ADILKENT_CASES", "CASES_"))
    }  # fmt: skip
    env.update(
        DJANGO_SETTINGS_MODULE="adilkent.settings.production",
        ADILKENT_SECRET_KEY="x" * 50,
        ADILKENT_ALLOW_SQLITE="1",
        ADILKENT_REDIS_URL="redis://127.0.0.1:6379/0",
    )
    code = "import django; django.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "ADILKENT_CASES_KEYS" in result.stderr
    env["ADILKENT_CASES_KEYS"] = "ZmFrZS1rZXktZm9yLXRlc3Qtb25seS0xMjM0NTY3ODk="
    env["ADILKENT_CASES_PEPPER"] = "pepper-for-test"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def _setup_local(**extra: str) -> subprocess.CompletedProcess[str]:
    """django.setup() as a bare ``manage.py`` command would run it: the local settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADILKENT_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(DJANGO_SETTINGS_MODULE="adilkent.settings.local", **extra)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_command_on_a_database_server_refuses_the_demo_keys() -> None:
    """manage.py defaults to the local settings; pointed at PostgreSQL it must not encrypt
    with the public demo key (it would if a worker were started without its settings)."""
    server = "postgres://adilkent@127.0.0.1:5432/adilkent"
    refused = _setup_local(DATABASE_URL=server)
    assert refused.returncode != 0
    assert "ADILKENT_CASES_KEYS" in refused.stderr
    assert "ADILKENT_ALLOW_DEMO_KEYS" in refused.stderr
    # The demo on its SQLite file, and a deliberately throwaway server database, still start.
    assert _setup_local().returncode == 0
    allowed = _setup_local(DATABASE_URL=server, ADILKENT_ALLOW_DEMO_KEYS="1")
    assert allowed.returncode == 0, allowed.stderr
    keys = _setup_local(
        DATABASE_URL=server,
        ADILKENT_CASES_KEYS="ZmFrZS1rZXktZm9yLXRlc3Qtb25seS0xMjM0NTY3ODk=",
        ADILKENT_CASES_PEPPER="pepper-for-test",
    )
    assert keys.returncode == 0, keys.stderr


def test_superuser_status_grants_nothing_in_the_rules() -> None:
    import rules

    admin = get_user_model()(username="x", is_superuser=True, is_active=True)
    assert not rules.has_perm("cases.view_audit", admin)
