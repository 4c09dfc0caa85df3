"""Staff pages: need to know per programme and centre (the role x page x object matrix),
second factor, audited reads, allocation rounds, attendance, follow-up of absences, a place
ended with its reason; access given and taken by command, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from adilkent.cases.models import AuditEvent
from adilkent.core.tests.factories import log_in_verified
from adilkent.enrolment.models import Attendance, Placement, StaffAccess
from adilkent.enrolment.services import (
    ChildInput,
    allocation_round,
    application_submit,
    offer_answer,
)

from .conftest import TODAY, Setting

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(setting: Setting, django_user_model: Any) -> dict[str, Any]:
    made = {}
    for name in ("coordinator", "north_staff", "south_staff", "nobody"):
        made[name] = django_user_model.objects.create_user(name, password="x", is_staff=True)
    StaffAccess.objects.create(
        user=made["coordinator"], role="coordinator", programme=setting.programme
    )
    StaffAccess.objects.create(user=made["north_staff"], role="centre", centre=setting.north)
    StaffAccess.objects.create(user=made["south_staff"], role="centre", centre=setting.south)
    return made


@pytest.fixture
def enrolled(setting: Setting) -> Placement:
    """Ayşe holds an accepted place in North's small group."""
    submitted = application_submit(
        term=setting.term, guardian_name="Invented Guardian", guardian_phone="0555 444 44 44",
        guardian_email="", children=[ChildInput("Ayşe", "2022-09-01")],
        centre_ids=[setting.north.pk], mahalle_id=setting.mahalle.pk, priority_groups=[],
        language="tr", today=TODAY,
    )  # fmt: skip
    _run, (offer,) = allocation_round(term=setting.term, reason="test")
    return offer_answer(follow_code=submitted.follow_code, placement_id=offer.pk, accept=True)


def _as(user: Any) -> Client:
    client = Client()
    log_in_verified(client, user)
    return client


PAGES = {
    "term": lambda s, p: f"/en/enrolment/staff/terms/{s.term.pk}/",
    "north group": lambda s, p: f"/en/enrolment/staff/groups/{s.small.pk}/",
    "south group": lambda s, p: f"/en/enrolment/staff/groups/{s.south_group.pk}/",
}
EXPECTED = {  # who sees what: 200, or 404 (the page's existence is not told)
    "coordinator": {"term": 200, "north group": 200, "south group": 200},
    "north_staff": {"term": 200, "north group": 200, "south group": 404},
    "south_staff": {"term": 200, "north group": 404, "south group": 200},
    "nobody": {"term": 404, "north group": 404, "south group": 404},
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
@pytest.mark.parametrize("page", sorted(PAGES))
def test_need_to_know(
    setting: Setting, people: dict[str, Any], enrolled: Placement, who: str, page: str
) -> None:
    answer = _as(people[who]).get(PAGES[page](setting, enrolled))
    assert answer.status_code == EXPECTED[who][page]
    if answer.status_code == 200 and page == "north group":
        assert "Ayşe" in answer.content.decode()
    action = "view" if answer.status_code == 200 else "denied"
    assert AuditEvent.objects.filter(username=who, action=action).exists()


def test_without_the_second_factor_no_child_is_shown(
    setting: Setting, people: dict[str, Any], enrolled: Placement
) -> None:
    client = Client()
    client.force_login(people["coordinator"])
    answer = client.get(f"/en/enrolment/staff/groups/{setting.small.pk}/")
    assert answer.status_code == 302 and "verify" in answer["Location"]
    assert AuditEvent.objects.filter(action="denied", reason__contains="two-factor").exists()
    anonymous = Client().get(f"/en/enrolment/staff/groups/{setting.small.pk}/")
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_only_the_coordinator_runs_a_round(setting: Setting, people: dict[str, Any]) -> None:
    application_submit(
        term=setting.term, guardian_name="G", guardian_phone="1", guardian_email="",
        children=[ChildInput("Banu", "2022-09-01")], centre_ids=[setting.north.pk],
        mahalle_id=setting.mahalle.pk, priority_groups=[], language="tr", today=TODAY,
    )  # fmt: skip
    url = f"/en/enrolment/staff/terms/{setting.term.pk}/round/"
    assert _as(people["north_staff"]).post(url).status_code == 404
    assert not Placement.objects.exists()
    answer = _as(people["coordinator"]).post(url, follow=True)
    assert "Allocation round done: 1 offer made" in answer.content.decode()
    assert Placement.objects.get().state == "offered"


def test_attendance_and_the_families_to_call(
    setting: Setting, people: dict[str, Any], enrolled: Placement
) -> None:
    client = _as(people["north_staff"])
    url = f"/en/enrolment/staff/groups/{setting.small.pk}/attendance/"
    today = timezone.localdate()
    for back in (3, 2, 1):
        day = (today - dt.timedelta(days=back)).isoformat()
        assert client.post(url, {"day": day}).status_code == 302  # nobody ticked: absent
    page = client.get(f"/en/enrolment/staff/groups/{setting.small.pk}/").content.decode()
    assert (
        "Families to call" in page
        and "absent the last 3 days marked" in page
        and "0555 444 44 44" in page
    )
    client.post(url, {"day": today.isoformat(), "present": [str(enrolled.pk)]})
    marks = dict(Attendance.objects.values_list("day", "present"))
    assert marks[today] is True and sum(1 for v in marks.values() if not v) == 3
    assert (
        "Families to call"
        not in client.get(f"/en/enrolment/staff/groups/{setting.small.pk}/").content.decode()
    )
    # a day to come, or a child of another group, changes nothing
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    client.post(url, {"day": tomorrow})
    assert not Attendance.objects.filter(day=today + dt.timedelta(days=1)).exists()
    assert _as(people["south_staff"]).post(url, {"day": today.isoformat()}).status_code == 404


def test_ending_a_place_needs_a_reason_and_offers_it_to_the_next(
    setting: Setting, people: dict[str, Any], enrolled: Placement
) -> None:
    application_submit(
        term=setting.term, guardian_name="G", guardian_phone="1", guardian_email="",
        children=[ChildInput("Banu", "2022-09-01")], centre_ids=[setting.north.pk],
        mahalle_id=setting.mahalle.pk, priority_groups=[], language="tr", today=TODAY,
    )  # fmt: skip
    client = _as(people["north_staff"])
    url = f"/en/enrolment/staff/places/{enrolled.pk}/end/"
    client.post(url, {"reason": ""})
    assert Placement.objects.get(pk=enrolled.pk).state == "accepted"
    assert _as(people["south_staff"]).post(url, {"reason": "x"}).status_code == 404
    client.post(url, {"reason": "the family moved"})
    assert Placement.objects.get(pk=enrolled.pk).state == "cancelled"
    assert (
        Placement.objects.get(
            application__child_name__isnull=False, state="offered"
        ).application.child_name
        == "Banu"
    )


def test_access_is_given_and_taken_by_command_and_audited(
    setting: Setting, django_user_model: Any
) -> None:
    django_user_model.objects.create_user("newcomer", is_staff=True)
    call_command("enrolment_staff", "newcomer", "--centre", "North centre", stdout=None)
    assert StaffAccess.objects.filter(user__username="newcomer", centre=setting.north).exists()
    call_command("enrolment_staff", "newcomer", "--centre", "North centre", "--remove")
    assert not StaffAccess.objects.filter(user__username="newcomer").exists()
    kinds = list(
        AuditEvent.objects.filter(object_type="enrolment access")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert kinds == ["create", "erase"]


def test_attendance_with_a_child_id_in_other_digits_changes_nothing(
    setting: Setting, people: dict[str, Any], enrolled: Placement
) -> None:
    arabic = str(enrolled.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    url = f"/en/enrolment/staff/groups/{setting.small.pk}/attendance/"
    answer = _as(people["north_staff"]).post(
        url, {"day": timezone.localdate().isoformat(), "present": [arabic]}, follow=True
    )
    assert "digits 0" in answer.content.decode() or "whole number" in answer.content.decode()
    assert not Attendance.objects.exists()
