import pytest

from adilkent.core.tests.factories import log_in_verified  # noqa: F401  (used by the tests)


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
