"""Staff workflow: the state machine, assignment, replies, merge, confidential identity."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.core import mail

from adilkent.intake.models import Event, ReplyTemplate, Request, Status, Unit
from adilkent.intake.services import (
    RequestInput,
    apply_action,
    assign,
    confirm_category,
    merge,
    reply,
    submit_request,
)
from adilkent.intake.suggest import training_pairs
from adilkent.intake.tests.conftest import log_in_verified
from adilkent.intake.validation import RequestInvalid

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> User:
    """A triage-desk operator: staff who see every request."""
    user = User.objects.create_user("operator", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_all_requests"))
    return User.objects.get(pk=user.pk)


def _new(**kw: object) -> Request:
    return submit_request(RequestInput(**{"text": "Bilgi", "identity_mode": "anonymous", **kw}))  # type: ignore[arg-type]


def test_the_full_path_from_received_to_closed(staff: User) -> None:
    r = _new()
    apply_action(r, "triage", staff)
    assign(r, staff, unit=Unit.objects.create(code="u", name="Unit"), user=staff)
    assert r.status == Status.ASSIGNED
    for action, status in [
        ("start", Status.IN_PROGRESS),
        ("wait_for_resident", Status.WAITING),
        ("start", Status.IN_PROGRESS),
        ("resolve", Status.RESOLVED),
        ("close", Status.CLOSED),
    ]:
        apply_action(r, action, staff)
        assert Request.objects.get(pk=r.pk).status == status
    statuses = list(r.events.filter(type=Event.Type.STATUS).values_list("status", flat=True))
    assert statuses == [
        "triaged",
        "assigned",
        "in_progress",
        "waiting",
        "in_progress",
        "resolved",
        "closed",
    ]
    # The resident's timeline names the unit that has the request, not the person.
    step = r.events.get(type=Event.Type.STATUS, status="assigned")
    assert step.public and step.text == "Unit"
    assert r.history.count() >= 7  # every save is in the audit history


@pytest.mark.parametrize(
    ("action", "start"),
    [("resolve", "received"), ("close", "received"), ("start", "received"), ("reject", "closed")],
)
def test_transitions_not_in_the_machine_are_refused(staff: User, action: str, start: str) -> None:
    r = _new()
    Request.objects.filter(pk=r.pk).update(status=start)
    r.refresh_from_db()
    with pytest.raises(RequestInvalid):
        apply_action(r, action, staff)
    assert Request.objects.get(pk=r.pk).status == start


def test_reply_from_a_template_uses_the_residents_language(
    staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    r = _new(identity_mode="identified", email="a@example.org", preferred_language="ar")
    mail.outbox.clear()
    template = ReplyTemplate.objects.create(
        code="docs", title="Docs", texts={"tr": "Belge getirin", "ar": "أحضر المستندات"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        event = reply(r, staff, template=template)
    assert event.text == "أحضر المستندات" and event.public
    assert mail.outbox[0].body == "أحضر المستندات"


def test_merge_closes_the_duplicate_into_an_open_request(staff: User) -> None:
    a, b = _new(), _new()
    merge(b, a, staff)
    b.refresh_from_db()
    assert b.status == Status.MERGED and b.merged_into == a
    with pytest.raises(RequestInvalid):
        merge(a, a, staff)
    with pytest.raises(RequestInvalid):
        merge(b, a, staff)  # already merged


def test_confirmed_requests_become_training_data(staff: User) -> None:
    from adilkent.guide.models import Service

    r = _new(text="Kaldırımda kırık bir bank var")
    before = len(training_pairs())
    confirm_category(r, staff, Service.objects.get(code="him"))
    pairs = training_pairs()
    assert len(pairs) == before + 1 and ("Kaldırımda kırık bir bank var", "him") in pairs


def test_confidential_names_are_hidden_without_the_permission(client, staff: User) -> None:
    r = _new(identity_mode="confidential", name="Zeynep Kaya", phone="05550000000")
    log_in_verified(client, staff)
    page = client.get(f"/tr/requests/staff/{r.pk}/").content.decode()
    assert "Zeynep Kaya" not in page
    staff.user_permissions.add(Permission.objects.get(codename="view_confidential_identity"))
    staff = User.objects.get(pk=staff.pk)
    log_in_verified(client, staff)
    assert "Zeynep Kaya" in client.get(f"/tr/requests/staff/{r.pk}/").content.decode()


def test_staff_pages_need_staff(client) -> None:
    assert client.get("/tr/requests/staff/").status_code == 302
    r = _new()
    assert client.post(f"/tr/requests/staff/{r.pk}/act/", {"do": "resolve"}).status_code == 302
    assert Request.objects.get(pk=r.pk).status == Status.RECEIVED


def test_staff_act_view_runs_a_transition(client, staff: User) -> None:
    r = _new()
    log_in_verified(client, staff)
    assert client.get("/tr/requests/staff/").status_code == 200
    client.post(f"/tr/requests/staff/{r.pk}/act/", {"do": "triage"})
    assert Request.objects.get(pk=r.pk).status == Status.TRIAGED
    client.post(f"/tr/requests/staff/{r.pk}/act/", {"do": "note", "text": "aradım"})
    assert r.events.filter(type="note", public=False, text="aradım").exists()


def test_admin_screens_open_for_a_superuser(client) -> None:
    admin = User.objects.create_superuser("root", password="x")
    log_in_verified(client, admin)
    for path in (
        "guide/service/",
        "intake/routingrule/",
        "intake/unit/",
        "intake/request/",
        "intake/apikey/",
    ):
        assert client.get(f"/tr/admin/{path}").status_code == 200, path
    service_id = (
        __import__("adilkent.guide.models", fromlist=["Service"])
        .Service.objects.get(code="legal-aid")
        .pk
    )
    assert client.get(f"/tr/admin/guide/service/{service_id}/change/").status_code == 200
