"""The commands that give staff their second factor: one authenticator each, replaced whole."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from adilkent.cases.models import AuditEvent, Organisation, Unit

pytestmark = pytest.mark.django_db
KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test secret


def test_an_account_made_with_createsuperuser_gets_its_authenticator() -> None:
    User.objects.create_superuser("ops", password="a long passphrase 1")
    out = StringIO()
    call_command("staff_authenticator", "ops", "--totp-key", KEY, stdout=out)
    assert out.getvalue().startswith("ops: authenticator otpauth://totp/")
    (device,) = TOTPDevice.objects.filter(user__username="ops")
    assert device.confirmed and device.verify_token(totp(bytes.fromhex(KEY)))
    call_command("staff_authenticator", "ops", stdout=StringIO())  # a new random key
    (replaced,) = TOTPDevice.objects.filter(user__username="ops")
    assert replaced.key != KEY
    assert AuditEvent.objects.filter(object_type__icontains="authenticator").count() >= 2


@pytest.mark.parametrize(
    ("args", "message"),
    [(["nobody"], "no account named 'nobody'"), (["ops", "--totp-key", "xyz"], "hex")],
)
def test_clear_errors(args: list[str], message: str) -> None:
    User.objects.create_user("ops")
    with pytest.raises(CommandError, match=message):
        call_command("staff_authenticator", *args)


def test_cases_staff_sets_one_authenticator_too() -> None:
    municipality = Organisation.objects.create(name="İzmir BB", is_municipality=True)
    unit = Unit.objects.create(organisation=municipality, name="Mülteci Masası Test")
    out = StringIO()
    call_command(
        "cases_staff", "ayse", "--role", "caseworker", "--unit", unit.name, "--totp-key", KEY,
        stdout=out,
    )  # fmt: skip
    assert "authenticator: otpauth://" in out.getvalue()
    assert TOTPDevice.objects.get(user__username="ayse").key == KEY
