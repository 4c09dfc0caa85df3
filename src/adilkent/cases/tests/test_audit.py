"""Every screen of the cases area is audited; every read of a case leaves a record."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from adilkent.cases.audit import AUDITED_MARK
from adilkent.cases.models import AuditEvent

from .conftest import Desk


def _cases_patterns() -> list[URLPattern]:
    found: list[URLPattern] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif namespace == "cases":
                found.append(p)

    walk(get_resolver().url_patterns, "")
    return found


def test_every_view_of_the_cases_app_is_wrapped_by_the_audited_decorator() -> None:
    patterns = _cases_patterns()
    assert len(patterns) >= 20  # the walk found the app (a typo would find nothing)
    unaudited = [p.name for p in patterns if not getattr(p.callback, AUDITED_MARK, False)]
    assert unaudited == []


def test_the_check_catches_a_view_that_is_not_wrapped() -> None:
    def plain_view(request):  # type: ignore[no-untyped-def]
        raise AssertionError

    assert not getattr(plain_view, AUDITED_MARK, False)


def test_reading_a_case_is_logged_with_who_when_what_and_from_where(desk: Desk) -> None:
    case = desk.cases["a"]
    url = reverse("cases:case", args=[case.pk])
    before = AuditEvent.objects.count()
    desk.client("cw1").get(url, HTTP_USER_AGENT="test-agent", REMOTE_ADDR="10.1.2.3")
    events = list(AuditEvent.objects.order_by("-pk")[: AuditEvent.objects.count() - before])
    assert len(events) == 1
    event = events[0]
    assert (event.username, event.action, event.object_type, event.object_id) == (
        "cw1", "view", "case", str(case.pk),
    )  # fmt: skip
    assert event.path == url
    assert event.ip_address == "10.1.2.3"
    assert event.user_agent == "test-agent"
    assert event.status_code == 200
    assert event.at is not None


def test_a_refused_read_is_logged_too(desk: Desk) -> None:
    case = desk.cases["a"]
    desk.client("partner").get(reverse("cases:case", args=[case.pk]))
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None
    assert (event.username, event.action, event.object_id) == ("partner", "denied", str(case.pk))


def test_the_reason_given_for_an_erasure_is_logged(desk: Desk) -> None:
    person = desk.people["b"]
    desk.client("dpo").post(
        reverse("cases:erase", args=[person.pk]), {"reason": "request of the person, test"}
    )
    event = AuditEvent.objects.filter(action="erase").get()
    assert event.reason == "request of the person, test"
    assert event.object_id == str(person.pk)


def test_the_dpo_exports_the_audit_log_as_csv(desk: Desk) -> None:
    desk.client("cw1").get(reverse("cases:case", args=[desk.cases["a"].pk]))
    response = desk.client("dpo").get(reverse("cases:audit-export"))
    rows = response.content.decode().splitlines()
    assert rows[0].startswith("at,username,action,object_type,object_id")
    assert any(f"cw1,view,case,{desk.cases['a'].pk}" in row for row in rows)


def test_sensitive_records_are_not_in_the_admin() -> None:
    from django.contrib import admin

    from adilkent.cases.models import AuditEvent as Event
    from adilkent.cases.models import Case, CaseNote, Person, Referral

    registered = set(admin.site._registry)
    assert registered.isdisjoint({Person, Case, CaseNote, Referral, Event})
