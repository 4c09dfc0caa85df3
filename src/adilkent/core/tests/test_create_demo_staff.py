"""The demo staff account: created once, reset on every run, its password printed."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db

User = get_user_model()


def run(*args: str) -> tuple[str, str]:
    """Run the command; return the printed username and password."""
    out = StringIO()
    call_command("create_demo_staff", *args, stdout=out)
    text = out.getvalue()
    username = re.search(r"username: (\S+)", text)
    password = re.search(r"password: (\S+)", text)
    assert username and password, f"credentials not printed:\n{text}"
    return username.group(1), password.group(1)


def test_creates_an_active_staff_superuser_that_can_sign_in_with_the_printed_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ADILKENT_DEMO_PASSWORD", raising=False)
    monkeypatch.delenv("ADILKENT_DEMO_USERNAME", raising=False)

    username, password = run()

    user = User.objects.get(username=username)
    assert username == "demo"
    assert user.is_staff and user.is_superuser and user.is_active
    assert authenticate(username=username, password=password) == user
    assert len(password) >= 20


def test_running_again_resets_the_password_of_the_same_account(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ADILKENT_DEMO_PASSWORD", raising=False)

    username, first = run()
    _, second = run()

    assert first != second
    assert User.objects.filter(username=username).count() == 1
    assert authenticate(username=username, password=first) is None
    assert authenticate(username=username, password=second) is not None


def test_promotes_an_existing_ordinary_account(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ADILKENT_DEMO_PASSWORD", raising=False)
    User.objects.create_user(username="ayse", password="an-old-password-0815", is_active=False)

    _, password = run("--username", "ayse")

    user = User.objects.get(username="ayse")
    assert user.is_staff and user.is_superuser and user.is_active
    assert authenticate(username="ayse", password=password) == user


def test_uses_the_password_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADILKENT_DEMO_PASSWORD", "Kordon-boyunda-yuruyus-42")
    monkeypatch.setenv("ADILKENT_DEMO_USERNAME", "gosterim")

    username, password = run()

    assert (username, password) == ("gosterim", "Kordon-boyunda-yuruyus-42")
    assert authenticate(username="gosterim", password="Kordon-boyunda-yuruyus-42") is not None


def test_rejects_a_weak_password_from_the_environment_and_creates_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADILKENT_DEMO_PASSWORD", "12345")

    with pytest.raises(CommandError, match="ADILKENT_DEMO_PASSWORD"):
        call_command("create_demo_staff", stdout=StringIO())

    assert not User.objects.filter(username="demo").exists()


def test_passwords_are_not_predictable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ADILKENT_DEMO_PASSWORD", raising=False)
    seen = {run()[1] for _ in range(5)}
    assert len(seen) == 5


def test_refuses_to_run_with_production_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "SETTINGS_MODULE", "adilkent.settings.production")

    with pytest.raises(CommandError, match="production"):
        call_command("create_demo_staff", stdout=StringIO())

    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_demo_account_coordinates_the_centre_programmes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.core.management import call_command

    from adilkent.enrolment.models import Centre, StaffAccess
    from adilkent.programmes.models import Programme

    programme = Programme.objects.create(slug="centres-x", name="Centres", kind="centres")
    Centre.objects.create(programme=programme, name="A centre")
    Programme.objects.create(slug="no-centres", name="Other")
    monkeypatch.setenv("ADILKENT_DEMO_USERNAME", "demo-coordinator")
    call_command("create_demo_staff", stdout=StringIO())
    access = StaffAccess.objects.filter(user__username="demo-coordinator")
    assert [a.programme.slug for a in access] == ["centres-x"]
