"""Residents are told every status change and every reply, in their own language, by the
channel they gave us (e-mail, SMS through the configured gateway, or only the tracking page),
by a job after the commit; a failing channel is retried and, in the end, recorded as failed.

The failure paths of the mail server and the job queue are in test_notifications.py; these
tests cover what reaches which resident, in which language and by which channel.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

import pytest
from django.contrib.auth.models import Permission, User
from django.core import mail
from django.db import transaction
from django.utils import translation

from adilkent.intake.models import Event, Notification, Request, Unit
from adilkent.intake.services import (
    RequestInput,
    apply_action,
    assign,
    merge,
    reply,
    resident_update,
    submit_request,
)

pytestmark = pytest.mark.django_db

EMAIL = "nour.h@example.org"
PHONE = "0555 010 20 30"
GATEWAY = "adilkent.intake.tests.test_notify_residents."
# The Arabic texts as the intake's Arabic catalogue gives them (read from the .po file).
AR_SUBJECT = "طلبك {code}"
AR_RECEIVED = "استلمنا طلبك. رمز المتابعة الخاص بك هو {code}."
AR_STATUS = "الحالة: {label}."
AR_LABELS = {
    "triaged": "تم الفرز",
    "assigned": "تم الإسناد",
    "in_progress": "قيد المعالجة",
    "waiting": "بانتظار ردّك",
    "resolved": "تم الحل",
    "closed": "مغلق",
    "merged": "دُمج مع طلب آخر",
}
REPLY_AR = "سيصلح فريقنا الرصيف هذا الأسبوع."


class RecordingSms:
    """An SMS gateway that keeps what it was asked to send."""

    sent: ClassVar[list[tuple[str, str]]] = []

    def send(self, phone: str, text: str) -> None:
        self.sent.append((phone, text))


class FlakySms(RecordingSms):
    """Refuses the first ``failures`` messages (as a gateway that is briefly down), then sends."""

    failures: ClassVar[int] = 0

    def send(self, phone: str, text: str) -> None:
        if FlakySms.failures > 0:
            FlakySms.failures -= 1
            raise ConnectionError("gateway unavailable")
        super().send(phone, text)


class DownSms:
    def send(self, phone: str, text: str) -> None:
        raise TimeoutError("gateway does not answer")


@pytest.fixture(autouse=True)
def gateway(settings: Any) -> None:
    settings.INTAKE_SMS_SENDER = GATEWAY + "RecordingSms"
    RecordingSms.sent.clear()
    FlakySms.failures = 0


@pytest.fixture
def operator() -> User:
    """A triage-desk operator who works in Turkish."""
    user = User.objects.create_user("masa", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_all_requests"))
    return User.objects.get(pk=user.pk)


def _arabic(**kw: Any) -> Request:
    values: dict[str, Any] = {
        "text": "الرصيف مكسور أمام المدرسة",
        "kind": "complaint",
        "address": "Konak",
        "preferred_language": "ar",
        "email": EMAIL,
    }
    values.update(kw)
    return submit_request(RequestInput(**values))


def test_an_arabic_resident_is_told_in_arabic_by_a_turkish_speaking_operator(
    operator: User, django_capture_on_commit_callbacks: Any
) -> None:
    unit = Unit.objects.create(code="yol", name="Yol Bakım Şube Müdürlüğü")
    with translation.override("tr"), django_capture_on_commit_callbacks(execute=True):
        request = _arabic()
        apply_action(request, "triage", operator)
        assign(request, operator, unit=unit)
        reply(request, operator, text=REPLY_AR)
        apply_action(request, "resolve", operator, "Ekip 5 Aralık'ta onardı.")
    code = request.tracking_code
    assert [m.to for m in mail.outbox] == [[EMAIL]] * 5
    assert {m.subject for m in mail.outbox} == {AR_SUBJECT.format(code=code)}
    assert [m.body for m in mail.outbox] == [
        AR_RECEIVED.format(code=code),
        AR_STATUS.format(label=AR_LABELS["triaged"]),
        AR_STATUS.format(label=AR_LABELS["assigned"]) + "\nYol Bakım Şube Müdürlüğü",
        REPLY_AR,
        # the operator's own words go as written, after the status in Arabic
        AR_STATUS.format(label=AR_LABELS["resolved"]) + "\nEkip 5 Aralık'ta onardı.",
    ]
    assert translation.get_language() != "ar"  # the operator's language was left alone


def test_a_turkish_resident_is_told_in_turkish_by_an_operator_working_in_english(
    operator: User, django_capture_on_commit_callbacks: Any
) -> None:
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        request = _arabic(text="Kaldırım kırık", preferred_language="tr")
        apply_action(request, "triage", operator)
    assert mail.outbox[-1].subject == f"{request.tracking_code} numaralı başvurunuz"
    assert mail.outbox[-1].body.startswith("Durum: ")


def test_every_status_change_and_reply_is_sent(
    operator: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = _arabic()
        other = _arabic(text="الرصيف مكسور أمام المدرسة، مرة ثانية")
        apply_action(request, "triage", operator)
        merge(other, request, operator)  # the duplicate's resident is told too
        assign(request, operator, unit=Unit.objects.create(code="u", name="Birim"))
        apply_action(request, "start", operator)
        apply_action(request, "wait_for_resident", operator, "Fotoğraf gönderir misiniz?")
        resident_update(request, "أرسلت الصورة")  # waiting -> in progress
        reply(request, operator, text=REPLY_AR)
        apply_action(request, "resolve", operator)
        resident_update(request, "ما زال مكسوراً")  # OPEN on a resolved one: reopened
        apply_action(request, "resolve", operator)
        resident_update(request, "شكراً", fms_status="CLOSED")  # closed by the resident
    bodies = [m.body for m in mail.outbox if request.tracking_code in m.subject]
    # received, triaged, assigned, started, waiting, back in progress, the reply, resolved,
    # reopened (in progress), resolved again, closed: eleven messages in this order.
    expected = [AR_RECEIVED.format(code=request.tracking_code)] + [
        AR_STATUS.format(label=AR_LABELS[s])
        for s in ("triaged", "assigned", "in_progress", "waiting", "in_progress")
    ]
    expected += [REPLY_AR] + [
        AR_STATUS.format(label=AR_LABELS[s])
        for s in ("resolved", "in_progress", "resolved", "closed")
    ]
    assert [b.split("\n")[0] for b in bodies] == expected
    merged = [m.body for m in mail.outbox if other.tracking_code in m.subject]
    assert merged[-1] == AR_STATUS.format(label=AR_LABELS["merged"])
    # The other resident's code opens the main request's page: it is never sent to them.
    assert request.tracking_code not in "".join(merged)
    # Nothing is sent for what the resident does not see: notes and assignment to a person.
    public = request.events.filter(public=True).exclude(type=Event.Type.RESIDENT).count()
    resident_status_changes = 3
    assert len(bodies) == public + resident_status_changes


@pytest.mark.parametrize(
    ("contact", "emails", "sms", "told_by"),
    [
        ({"email": EMAIL}, 1, 0, "email"),
        ({"email": "", "phone": PHONE}, 0, 1, "sms"),
        ({"email": EMAIL, "phone": PHONE}, 1, 1, "email sms"),
        ({"email": "", "identity_mode": "anonymous"}, 0, 0, "page"),
        # entered at the desk for a visitor who left no contact
        ({"email": "", "channel": "visit"}, 0, 0, "page"),
    ],
    ids=["email", "sms", "both", "anonymous", "no-contact"],
)
def test_the_channel_is_the_one_the_resident_gave(
    client: Any,
    operator: User,
    django_capture_on_commit_callbacks: Any,
    contact: dict[str, str],
    emails: int,
    sms: int,
    told_by: str,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = _arabic(**contact)
    mail.outbox.clear()
    RecordingSms.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply(request, operator, text=REPLY_AR)
    assert [m.to for m in mail.outbox] == [[EMAIL]] * emails
    assert (
        RecordingSms.sent
        == [(PHONE, f"{AR_SUBJECT.format(code=request.tracking_code)}: {REPLY_AR}")] * sms
    )
    assert Notification.objects.filter(request=request).count() == 2 * (emails + sms)
    # Whatever the channel, the answer is on the tracking page, in Arabic around it.
    page = client.get(f"/ar/requests/track/?code={request.tracking_code}").content.decode()
    assert REPLY_AR in page and "ردّنا" in page
    # and the page says how else she hears from us
    assert f'data-told-by="{told_by}"' in page


def test_a_rolled_back_reply_or_assignment_sends_nothing(
    operator: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = _arabic(phone=PHONE)
    mail.outbox.clear()
    RecordingSms.sent.clear()
    before = Notification.objects.count()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        assign(request, operator, unit=Unit.objects.create(code="u", name="Birim"))
        reply(request, operator, text=REPLY_AR)
        raise RuntimeError("the page's save failed after the reply")
    assert callbacks == [] and mail.outbox == [] and RecordingSms.sent == []
    assert Notification.objects.count() == before
    assert not Event.objects.filter(type=Event.Type.REPLY).exists()


def test_a_gateway_that_is_briefly_down_is_retried_until_it_sends(
    settings: Any,
    operator: User,
    django_capture_on_commit_callbacks: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings.INTAKE_SMS_SENDER = GATEWAY + "FlakySms"
    settings.INTAKE_NOTIFICATION_RETRY_DELAYS = (1, 2, 3)
    request = _arabic(email="", phone=PHONE)  # not committed: its message waits
    FlakySms.failures = 2
    with (
        caplog.at_level(logging.WARNING, logger="adilkent.intake.notify"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reply(request, operator, text=REPLY_AR)
    # The immediate queue runs each retry at once: two refusals, then the message goes.
    notification = Notification.objects.filter(request=request).order_by("pk").last()
    assert notification is not None
    assert notification.state == Notification.State.SENT and notification.attempts == 3
    assert notification.next_attempt_at is None and notification.sent_at is not None
    assert notification.last_error == "builtins.ConnectionError"  # what went wrong before
    assert [text for _phone, text in RecordingSms.sent if REPLY_AR in text] == [
        f"{AR_SUBJECT.format(code=request.tracking_code)}: {REPLY_AR}"
    ]
    assert [r.levelno for r in caplog.records] == [logging.WARNING, logging.WARNING]


def test_a_final_failure_is_recorded_and_listed_for_staff_while_email_still_goes(
    settings: Any,
    client: Any,
    operator: User,
    django_capture_on_commit_callbacks: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings.INTAKE_SMS_SENDER = GATEWAY + "DownSms"
    settings.INTAKE_NOTIFICATION_RETRY_DELAYS = (1, 2)
    with (
        caplog.at_level(logging.WARNING, logger="adilkent.intake.notify"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        request = _arabic(phone=PHONE)
    sms = Notification.objects.get(request=request, channel="sms")
    email = Notification.objects.get(request=request, channel="email")
    assert (sms.state, sms.attempts, sms.last_error) == ("failed", 3, "builtins.TimeoutError")
    assert sms.next_attempt_at is None and sms.sent_at is None
    assert email.state == "sent" and [m.to for m in mail.outbox] == [[EMAIL]]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "(sms)" in errors[0].getMessage()
    assert PHONE not in caplog.text and request.tracking_code not in caplog.text

    from adilkent.core.tests.factories import log_in_verified

    admin = User.objects.create_superuser("root", "root@example.org", "pw")
    log_in_verified(client, admin)
    failed = client.get("/tr/admin/intake/notification/?state__exact=failed").content.decode()
    assert f"/admin/intake/notification/{sms.pk}/change/" in failed
    assert f"/admin/intake/notification/{email.pk}/change/" not in failed

    # the operator who handles the request sees it on the request's own page
    client.logout()
    log_in_verified(client, operator)
    page = client.get(f"/en/requests/staff/{request.pk}/").content.decode()
    assert 'data-failed-messages="1"' in page
    assert "could not be delivered: reach the resident another way" in page
    assert page.count('<tr data-state="failed">') == 1
    assert page.count('<tr data-state="sent">') == 1
