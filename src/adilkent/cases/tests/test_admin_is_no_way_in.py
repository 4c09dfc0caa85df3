"""A password-only session of the Django admin is no way into the two-factor area: it can
neither add itself an authenticator nor give itself a role, and role and authenticator changes
made where they are allowed (the server command) are audited."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from adilkent.cases.models import AuditEvent, Role, StaffProfile

from .conftest import Desk


def _password_only_superuser() -> Client:
    user = get_user_model().objects.create_superuser("root", password="x-not-real-1")
    client = Client()
    client.force_login(user)
    return client


def _verified_superuser() -> Client:
    """The same superuser after entering a second factor: the admin opens, but still grants
    no role and adds no authenticator."""
    from adilkent.core.tests.factories import log_in_verified

    client = Client()
    log_in_verified(client, get_user_model().objects.get(username="root"))
    return client


def test_a_password_only_session_does_not_open_the_admin(desk: Desk) -> None:
    client = _password_only_superuser()
    for url in (reverse("admin:index"), reverse("admin:cases_staffprofile_add")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login"))
    # the admin's login form asks for the code too
    assert 'name="otp_token"' in client.get(reverse("admin:login")).content.decode()


def test_the_admin_has_no_page_for_authenticators(desk: Desk) -> None:
    _password_only_superuser()
    client = _verified_superuser()
    devices = TOTPDevice.objects.filter(user__username="root").count()
    try:
        url = reverse("admin:otp_totp_totpdevice_add")
    except NoReverseMatch:
        url = "/tr/admin/otp_totp/totpdevice/add/"
    assert client.get(url).status_code == 404
    assert TOTPDevice.objects.filter(user__username="root").count() == devices


def test_the_admin_cannot_grant_or_change_a_role(desk: Desk) -> None:
    password_only = _password_only_superuser()
    client = _verified_superuser()
    root = get_user_model().objects.get(username="root")
    assert client.get(reverse("admin:cases_staffprofile_add")).status_code == 403
    response = client.post(
        reverse("admin:cases_staffprofile_add"),
        {"user": root.pk, "role": Role.DPO, "unit": desk.desk.pk},
    )
    assert response.status_code == 403
    assert not StaffProfile.objects.filter(user=root).exists()
    dpo_profile = StaffProfile.objects.get(user=desk.users["dpo"])
    change = reverse("admin:cases_staffprofile_change", args=[dpo_profile.pk])
    client.post(change, {"user": root.pk, "role": Role.DPO, "unit": desk.desk.pk})
    assert StaffProfile.objects.get(pk=dpo_profile.pk).user == desk.users["dpo"]
    # and the cases area still asks for the second factor
    home = password_only.get(reverse("cases:home"))
    assert home.status_code == 302 and home["Location"].endswith(reverse("cases:verify"))


def test_role_and_authenticator_changes_are_audited(desk: Desk) -> None:
    before = AuditEvent.objects.count()
    call_command("cases_staff", "newcomer", "--role", "caseworker", "--unit", "Mülteci Masası")
    events = AuditEvent.objects.order_by("pk")[before:]
    kinds = {(e.object_type, e.action) for e in events}
    assert ("staff role", "create") in kinds
    assert ("authenticator", "create") in kinds
    call_command("cases_staff", "newcomer", "--role", "dpo", "--unit", "Mülteci Masası")
    latest_role = AuditEvent.objects.filter(object_type="staff role").latest("pk")
    assert latest_role.action == "update" and "dpo" in latest_role.reason
    assert latest_role.username.startswith("(server")
