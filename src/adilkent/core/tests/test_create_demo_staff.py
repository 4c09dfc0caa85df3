"""The demo staff accounts: a superuser and one account per role, each with an authenticator,
created once and reset on every run, their passwords and current codes printed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from adilkent.cases.models import Role, StaffProfile
from adilkent.core.tests.factories import log_in_verified
from adilkent.intake import selectors as intake_selectors
from adilkent.intake.models import Request, Unit

pytestmark = pytest.mark.django_db

User = get_user_model()
ROLE_ACCOUNTS = ["demo-caseworker", "demo-operator", "demo-coordinator", "demo-dpo"]
ROW = re.compile(r"^\s+(\S+)\s+(\S+)\s+(\d{6})\s+\S")


@dataclass
class Printed:
    password: str
    code: str


@pytest.fixture(autouse=True)
def _no_demo_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ADILKENT_DEMO_PASSWORD", "ADILKENT_DEMO_USERNAME", "ADILKENT_DEMO_TOTP_KEY"):
        monkeypatch.delenv(name, raising=False)


def run(*args: str) -> dict[str, Printed]:
    """Run the command; return the printed table (username → password and code)."""
    out = StringIO()
    call_command("create_demo_staff", *args, stdout=out)
    rows = {m[1]: Printed(m[2], m[3]) for m in map(ROW.match, out.getvalue().splitlines()) if m}
    assert rows, f"credentials not printed:\n{out.getvalue()}"
    return rows


def test_creates_an_active_staff_superuser_that_can_sign_in_with_the_printed_password() -> None:
    printed = run()

    user = User.objects.get(username="demo")
    assert user.is_staff and user.is_superuser and user.is_active
    assert authenticate(username="demo", password=printed["demo"].password) == user
    assert len(printed["demo"].password) >= 20


def test_creates_one_account_per_role_each_with_its_own_password_and_authenticator() -> None:
    printed = run()

    assert list(printed) == ["demo", *ROLE_ACCOUNTS]
    assert len({p.password for p in printed.values()}) == 5
    keys = set()
    for username, shown in printed.items():
        user = User.objects.get(username=username)
        assert user.is_active and user.is_staff
        assert user.is_superuser == (username == "demo")
        assert authenticate(username=username, password=shown.password) == user
        devices = TOTPDevice.objects.filter(user=user)
        assert [d.confirmed for d in devices] == [True]
        keys.add(devices[0].key)
        # the printed code is the one the account's own authenticator accepts now
        assert devices[0].verify_token(shown.code), username
    assert len(keys) == 5


def test_each_role_account_has_its_role() -> None:
    call_command("load_units", stdout=StringIO())
    run()

    def profile(username: str) -> tuple[str, str]:
        found = StaffProfile.objects.select_related("unit").get(user__username=username)
        return found.role, found.unit.name

    assert profile("demo-caseworker") == (Role.CASEWORKER, "Mülteci Masası")
    assert profile("demo-operator") == (Role.HIM_OPERATOR, "Hemşehri İletişim Merkezi (HİM)")
    assert profile("demo-dpo") == (Role.DPO, "Mülteci Masası")
    assert profile("demo") == (Role.SUPERVISOR, "Mülteci Masası")
    assert not StaffProfile.objects.filter(user__username="demo-coordinator").exists()

    caseworker = User.objects.get(username="demo-caseworker")
    operator = User.objects.get(username="demo-operator")
    assert [u.code for u in caseworker.intake_units.all()] == ["multeci-masasi"]
    assert [u.code for u in operator.intake_units.all()] == ["him"]
    assert operator.has_perm("intake.view_all_requests")
    assert not caseworker.has_perm("intake.view_all_requests")

    from adilkent.redflag.models import RedFlagStaff
    from adilkent.surveys.models import SurveyStaff

    coordinator = User.objects.get(username="demo-coordinator")
    assert not coordinator.is_superuser
    assert set(RedFlagStaff.objects.filter(user=coordinator).values_list("role", flat=True)) == {
        r.value for r in RedFlagStaff.Role
    }
    assert SurveyStaff.objects.filter(user=coordinator, survey=None).exists()


def test_the_caseworker_sees_only_the_refugee_desks_requests_and_the_operator_all() -> None:
    call_command("load_units", stdout=StringIO())
    run()
    desk, him = Unit.objects.get(code="multeci-masasi"), Unit.objects.get(code="him")
    common = {"kind": "information", "text": "x", "preferred_language": "ar", "channel": "web"}
    to_desk = Request.objects.create(tracking_code="AAAAA22222", unit=desk, **common)
    to_him = Request.objects.create(tracking_code="BBBBB33333", unit=him, **common)

    caseworker = User.objects.get(username="demo-caseworker")
    operator = User.objects.get(username="demo-operator")

    assert list(intake_selectors.visible_requests(caseworker)) == [to_desk]
    assert set(intake_selectors.visible_requests(operator)) == {to_desk, to_him}


def test_the_caseworker_opens_the_refugee_desk_after_the_second_factor(client: Client) -> None:
    run()
    log_in_verified(client, User.objects.get(username="demo-caseworker"))

    response = client.get(reverse("cases:home"))

    assert response.status_code == 200


def test_the_demo_superuser_opens_the_refugee_desk_with_the_role_it_is_given() -> None:
    run()
    run("--username", "other-admin")
    demo, other = Client(), Client()
    log_in_verified(demo, User.objects.get(username="demo"))
    log_in_verified(other, User.objects.get(username="other-admin"))

    assert demo.get(reverse("cases:home")).status_code == 200
    # being a superuser is not a role in the cases area
    assert other.get(reverse("cases:home")).status_code == 403


def test_running_again_resets_the_password_of_the_same_accounts() -> None:
    first = run()
    second = run()

    for username in first:
        assert first[username].password != second[username].password
        assert User.objects.filter(username=username).count() == 1
        assert authenticate(username=username, password=first[username].password) is None
        assert authenticate(username=username, password=second[username].password) is not None
        assert TOTPDevice.objects.filter(user__username=username).count() == 1


def test_promotes_an_existing_ordinary_account() -> None:
    User.objects.create_user(username="ayse", password="an-old-password-0815", is_active=False)

    printed = run("--username", "ayse")

    user = User.objects.get(username="ayse")
    assert user.is_staff and user.is_superuser and user.is_active
    assert authenticate(username="ayse", password=printed["ayse"].password) == user
    assert list(printed) == ["ayse", *ROLE_ACCOUNTS]


def test_uses_the_password_and_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    key = "3132333435363738393031323334353637383930"
    monkeypatch.setenv("ADILKENT_DEMO_PASSWORD", "Kordon-boyunda-yuruyus-42")
    monkeypatch.setenv("ADILKENT_DEMO_USERNAME", "gosterim")
    monkeypatch.setenv("ADILKENT_DEMO_TOTP_KEY", key)

    printed = run()

    assert list(printed) == ["gosterim", *ROLE_ACCOUNTS]
    for username, shown in printed.items():
        assert shown.password == "Kordon-boyunda-yuruyus-42"
        assert authenticate(username=username, password="Kordon-boyunda-yuruyus-42") is not None
        assert TOTPDevice.objects.get(user__username=username).key == key
    assert len({shown.code for shown in printed.values()}) == 1


def test_rejects_a_weak_password_from_the_environment_and_creates_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADILKENT_DEMO_PASSWORD", "12345")

    with pytest.raises(CommandError, match="ADILKENT_DEMO_PASSWORD"):
        call_command("create_demo_staff", stdout=StringIO())

    assert not User.objects.filter(username__startswith="demo").exists()


def test_passwords_are_not_predictable() -> None:
    seen = {run()["demo"].password for _ in range(5)}
    assert len(seen) == 5


def test_a_role_account_with_the_superusers_name_is_not_made_twice() -> None:
    printed = run("--username", "demo-dpo")

    assert list(printed) == ["demo-dpo", "demo-caseworker", "demo-operator", "demo-coordinator"]
    assert User.objects.get(username="demo-dpo").is_superuser


def test_refuses_to_run_with_production_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "SETTINGS_MODULE", "adilkent.settings.production")

    with pytest.raises(CommandError, match="production"):
        call_command("create_demo_staff", stdout=StringIO())
    with pytest.raises(CommandError, match="production"):
        call_command("demo_codes", stdout=StringIO())

    assert not User.objects.exists()


def test_the_coordinators_coordinate_the_centre_programmes() -> None:
    from adilkent.enrolment.models import Centre, StaffAccess
    from adilkent.programmes.models import Programme

    programme = Programme.objects.create(slug="centres-x", name="Centres", kind="centres")
    Centre.objects.create(programme=programme, name="A centre")
    Programme.objects.create(slug="no-centres", name="Other")
    run()
    for username in ("demo", "demo-coordinator"):
        access = StaffAccess.objects.filter(user__username=username)
        assert [a.programme.slug for a in access] == ["centres-x"], username
    assert not StaffAccess.objects.filter(user__username="demo-caseworker").exists()


def test_demo_codes_prints_one_current_code_per_account() -> None:
    run()
    out, err = StringIO(), StringIO()

    call_command("demo_codes", stdout=out, stderr=err)

    lines = out.getvalue().splitlines()
    assert [line.split()[0] for line in lines] == ["demo", *ROLE_ACCOUNTS]
    for line in lines:
        username, code = line.split()[:2]
        device = TOTPDevice.objects.get(user__username=username)
        assert re.fullmatch(r"\d{6}", code)
        assert device.verify_token(code), username
    assert "30 s" in err.getvalue()


def test_demo_codes_says_which_account_is_not_set_up() -> None:
    out = StringIO()

    call_command("demo_codes", stdout=out, stderr=StringIO())

    lines = out.getvalue().splitlines()
    assert len(lines) == 5
    assert all("not set up" in line for line in lines)
