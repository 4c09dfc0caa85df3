"""Need to know in the inbox: a unit's officer sees and handles only the unit's requests."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User

from adilkent.intake import selectors
from adilkent.intake.models import Request, Status, Unit
from adilkent.intake.services import RequestInput, assign, submit_request
from adilkent.intake.tests.conftest import log_in_verified

pytestmark = pytest.mark.django_db


def _new(text: str) -> Request:
    return submit_request(RequestInput(text=text, identity_mode="anonymous"))


@pytest.fixture
def units() -> tuple[Unit, Unit]:
    return Unit.objects.create(code="parks", name="Parklar"), Unit.objects.create(
        code="roads", name="Yollar"
    )


@pytest.fixture
def desk() -> User:
    user = User.objects.create_user("desk", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_all_requests"))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def officer(units: tuple[Unit, Unit]) -> User:
    user = User.objects.create_user("parks-officer", password="x", is_staff=True)
    units[0].members.add(user)
    return user


@pytest.fixture
def requests_by_unit(units: tuple[Unit, Unit], desk: User) -> dict[str, Request]:
    parks, roads = units
    mine = assign(_new("Parktaki salıncak kırık"), desk, unit=parks)
    theirs = assign(_new("Yolda çukur var"), desk, unit=roads)
    unrouted = _new("Bilgi almak istiyorum")
    return {"mine": mine, "theirs": theirs, "unrouted": unrouted}


def test_the_rule_and_the_queryset_agree(
    requests_by_unit: dict[str, Request], officer: User, desk: User
) -> None:
    for name, request in requests_by_unit.items():
        assert officer.has_perm("intake.handle_request", request) is (name == "mine")
        assert desk.has_perm("intake.handle_request", request)
    assert set(selectors.visible_requests(officer)) == {requests_by_unit["mine"]}
    assert set(selectors.visible_requests(desk)) == set(requests_by_unit.values())


def test_staff_without_a_unit_or_the_desk_permission_see_nothing(
    requests_by_unit: dict[str, Request],
) -> None:
    plain = User.objects.create_user("plain", password="x", is_staff=True)
    assert not selectors.visible_requests(plain).exists()
    assert not plain.has_perm("intake.handle_request", requests_by_unit["mine"])
    outsider = User.objects.create_user("resident", password="x")  # not staff at all
    Unit.objects.get(code="parks").members.add(outsider)
    assert not outsider.has_perm("intake.handle_request", requests_by_unit["mine"])


def test_the_officer_inbox_lists_only_the_unit_s_requests(
    client, requests_by_unit: dict[str, Request], officer: User
) -> None:
    log_in_verified(client, officer)
    page = client.get("/tr/requests/staff/").content.decode()
    assert requests_by_unit["mine"].tracking_code in page
    assert requests_by_unit["theirs"].tracking_code not in page
    assert requests_by_unit["unrouted"].tracking_code not in page


def test_the_officer_cannot_open_or_act_on_another_unit_s_request(
    client, requests_by_unit: dict[str, Request], officer: User
) -> None:
    log_in_verified(client, officer)
    theirs = requests_by_unit["theirs"]
    assert client.get(f"/tr/requests/staff/{theirs.pk}/").status_code == 404
    response = client.post(f"/tr/requests/staff/{theirs.pk}/act/", {"do": "start"})
    assert response.status_code == 404
    assert Request.objects.get(pk=theirs.pk).status == Status.ASSIGNED
    mine = requests_by_unit["mine"]
    assert client.get(f"/tr/requests/staff/{mine.pk}/").status_code == 200
    client.post(f"/tr/requests/staff/{mine.pk}/act/", {"do": "start"})
    assert Request.objects.get(pk=mine.pk).status == Status.IN_PROGRESS


def test_the_officer_cannot_merge_into_a_request_they_cannot_see(
    client, requests_by_unit: dict[str, Request], officer: User
) -> None:
    log_in_verified(client, officer)
    mine, theirs = requests_by_unit["mine"], requests_by_unit["theirs"]
    client.post(f"/tr/requests/staff/{mine.pk}/act/", {"do": "merge", "into": theirs.tracking_code})
    assert Request.objects.get(pk=mine.pk).status == Status.ASSIGNED


# Role × endpoint × object: written out by hand from the rules above (200 allowed; 404 for a
# request out of the user's scope; the inbox list itself is open to staff, filtered).
ROLES = ["desk", "officer", "plain"]
MATRIX = {
    ("inbox", None): {"desk": 200, "officer": 200, "plain": 200},
    ("detail", "mine"): {"desk": 200, "officer": 200, "plain": 404},
    ("detail", "theirs"): {"desk": 200, "officer": 404, "plain": 404},
    ("detail", "unrouted"): {"desk": 200, "officer": 404, "plain": 404},
}


@pytest.mark.parametrize(("endpoint", "target"), list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_matrix(
    client,  # type: ignore[no-untyped-def]
    requests_by_unit: dict[str, Request],
    officer: User,
    desk: User,
    endpoint: str,
    target: str | None,
    role: str,
) -> None:
    from adilkent.cases.models import AuditEvent

    users = {"desk": desk, "officer": officer}
    user = users.get(role) or User.objects.create_user("plain", password="x", is_staff=True)
    log_in_verified(client, user)
    url = "/tr/requests/staff/"
    if target:
        url += f"{requests_by_unit[target].pk}/"
    response = client.get(url)
    assert response.status_code == MATRIX[(endpoint, target)][role]
    event = AuditEvent.objects.filter(username=user.username).latest("pk")
    assert event.action == ("view" if response.status_code == 200 else "denied")


def test_the_inbox_needs_two_factor_verification_and_logs_the_refusal(
    client,  # type: ignore[no-untyped-def]
    requests_by_unit: dict[str, Request],
    desk: User,
) -> None:
    from adilkent.cases.models import AuditEvent

    client.force_login(desk)  # password only
    for url in ("/tr/requests/staff/", f"/tr/requests/staff/{requests_by_unit['mine'].pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/verify/" in response["Location"] and "next=" in response["Location"]
        refused = AuditEvent.objects.filter(username="desk").latest("pk")
        assert refused.action == "denied" and "two-factor" in refused.reason
    before = Request.objects.get(pk=requests_by_unit["mine"].pk).status
    client.post(f"/tr/requests/staff/{requests_by_unit['mine'].pk}/act/", {"do": "start"})
    assert Request.objects.get(pk=requests_by_unit["mine"].pk).status == before


def test_reading_a_request_is_audited(
    client,  # type: ignore[no-untyped-def]
    requests_by_unit: dict[str, Request],
    desk: User,
) -> None:
    from adilkent.cases.models import AuditEvent

    log_in_verified(client, desk)
    mine = requests_by_unit["mine"]
    client.get(f"/tr/requests/staff/{mine.pk}/")
    event = AuditEvent.objects.filter(username="desk", object_type="intake request").latest("pk")
    assert (event.action, event.object_id) == ("view", str(mine.pk))
