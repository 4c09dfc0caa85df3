"""The Django admin opens for superusers past the second factor, and for no other staff: they
are told where their work is; staff pages outside the admin still lead to the staff login."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from adilkent.core.admin_site import is_admin_path
from adilkent.core.tests.factories import log_in_verified

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"  # invented for the test


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _staff(django_user_model: Any, *, superuser: bool) -> Any:
    if superuser:
        return django_user_model.objects.create_superuser("root", password=PASSWORD)
    return django_user_model.objects.create_user("officer", password=PASSWORD, is_staff=True)


def test_a_staff_member_who_is_not_a_superuser_is_told_where_the_work_is(
    django_user_model: Any,
) -> None:
    client = Client()
    log_in_verified(client, _staff(django_user_model, superuser=False))
    for url in ("/en/admin/", "/en/admin/intake/unit/", "/en/admin/places/mahalle/"):
        answer = client.get(url, follow=True)
        assert answer.status_code == 403, url
        page = answer.content.decode()
        assert "<h1>The administration is for superusers</h1>" in page
        assert "You are logged in as officer." in page
        assert 'name="otp_token"' not in page  # no login form to try again with


def test_the_message_is_in_the_readers_language_and_direction(django_user_model: Any) -> None:
    client = Client()
    log_in_verified(client, _staff(django_user_model, superuser=False))
    answer = client.get("/ar/admin/login/")
    assert answer.status_code == 403
    assert '<html lang="ar" dir="rtl">' in answer.content.decode()


def test_a_verified_superuser_opens_the_admin(django_user_model: Any) -> None:
    client = Client()
    log_in_verified(client, _staff(django_user_model, superuser=True))
    for url in ("/en/admin/", "/en/admin/intake/unit/", "/en/admin/places/mahalle/"):
        assert client.get(url).status_code == 200, url


def test_a_superuser_without_the_second_factor_gets_the_login_form(
    django_user_model: Any,
) -> None:
    client = Client()
    client.force_login(_staff(django_user_model, superuser=True))
    answer = client.get("/en/admin/", follow=True)
    assert answer.redirect_chain[-1][0].startswith("/en/admin/login/")
    assert answer.status_code == 200
    assert 'name="otp_token"' in answer.content.decode()


def test_the_admin_login_form_signs_a_superuser_in_with_the_code(
    django_user_model: Any,
) -> None:
    user = _staff(django_user_model, superuser=True)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client = Client()
    form = {
        "username": "root",
        "password": PASSWORD,
        "otp_device": device.persistent_id,
        "next": "/en/admin/",
    }
    refused = client.post("/en/admin/login/?next=/en/admin/", {**form, "otp_token": "000000"})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next try wait a second
    answer = client.post("/en/admin/login/?next=/en/admin/", {**form, "otp_token": _code(device)})
    assert answer.status_code == 302 and answer["Location"] == "/en/admin/"
    assert client.get("/en/admin/").status_code == 200


def test_the_admin_login_form_refuses_other_staff_even_with_their_code(
    django_user_model: Any,
) -> None:
    user = _staff(django_user_model, superuser=False)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client = Client()
    answer = client.post(
        "/en/admin/login/?next=/en/admin/",
        {
            "username": "officer",
            "password": PASSWORD,
            "otp_device": device.persistent_id,
            "otp_token": _code(device),
        },
    )
    assert answer.status_code == 200
    assert "The administration is kept for superusers." in answer.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_staff_page_outside_the_admin_leads_to_the_staff_login() -> None:
    client = Client()
    # staff_member_required sends someone not signed in to the admin's login form ...
    first = client.get("/tr/requests/staff/")
    assert first.status_code == 302 and first["Location"].startswith("/tr/admin/login/")
    # ... which sends them on to the site's staff login, keeping where they were going
    second = client.get(first["Location"])
    assert second.status_code == 302
    assert second["Location"] == "/tr/accounts/login/?next=/tr/requests/staff/"
    # an admin page, or an address elsewhere, keeps the admin's own form
    for next_url in ("/en/admin/places/", "/ar/admin/", "https://example.org/x"):
        answer = Client().get("/en/admin/login/", {"next": next_url})
        assert answer.status_code == 200, next_url
        assert 'name="otp_token"' in answer.content.decode()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/tr/admin/", True),
        ("/fa/admin/places/mahalle/3/change/", True),
        ("/uk/admin/login/", True),
        ("/tr/requests/staff/", False),
        ("/en/plans/", False),
        ("/xx/admin/", False),
        ("/admin/", False),
    ],
)
def test_is_admin_path(path: str, expected: bool) -> None:
    assert is_admin_path(path) is expected
