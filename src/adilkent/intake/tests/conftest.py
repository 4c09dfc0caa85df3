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
