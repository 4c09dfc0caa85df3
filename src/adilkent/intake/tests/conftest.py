import pytest


@pytest.fixture(autouse=True)
def seeded_services(request: pytest.FixtureRequest) -> None:
    """The guide's seeded services, also after another test flushed the database."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    if not marker.kwargs.get("transaction"):
        request.getfixturevalue("db")
    from adilkent.guide.services import load_seed_services

    load_seed_services()


def log_in_verified(client, user) -> None:  # type: ignore[no-untyped-def]
    """Log ``user`` in on ``client`` past two-factor verification, as the inbox requires (the
    session is marked exactly as ``django_otp.login`` marks it)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def fresh_classifier_loader() -> None:
    """Each test starts with no loaded classifier and no cached version number (the database
    is rolled back between tests, so version numbers repeat)."""
    from django.core.cache import cache

    from adilkent.intake import suggest

    cache.delete(suggest.VERSION_KEY)
    suggest._LOADER = suggest.ClassifierLoader()


@pytest.fixture
def trained_classifier(django_capture_on_commit_callbacks: object) -> object:
    """A classifier trained and stored as the worker would (for tests that need suggestions)."""
    from adilkent.intake.suggest import train_and_store

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        return train_and_store()
