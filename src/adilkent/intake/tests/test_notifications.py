"""Notifications leave only after the commit, by a job, are retried, and never fail silently."""

from __future__ import annotations

import datetime as dt
import logging
import socket
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from adilkent.intake.models import Notification, Request, Unit
from adilkent.intake.notify import requeue_due, send
from adilkent.intake.services import RequestInput, apply_action, escalate_overdue, submit_request

pytestmark = pytest.mark.django_db

ADDRESS = "zeynep.kaya@example.org"


def _identified(**kw: Any) -> RequestInput:
    values: dict[str, Any] = {
        "text": "Yardım istiyorum",
        "email": ADDRESS,
        "preferred_language": "tr",
    }
    values.update(kw)
    return RequestInput(**values)


@pytest.fixture
def closed_smtp_port() -> int:
    """A local port nobody listens on: a real SMTP connection to it is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks: Any) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        request = submit_request(_identified())
        apply_action(request, "triage", None)
        raise RuntimeError("something later in the same transaction failed")
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists() and not Request.objects.exists()


def test_nothing_is_sent_before_the_commit(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            submit_request(_identified())
            assert mail.outbox == []  # queued, not sent, inside the transaction
        assert mail.outbox == []  # the test's own transaction has not committed yet
    assert len(mail.outbox) == 1


def test_success_sends_exactly_once(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = submit_request(_identified())
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [ADDRESS]
    assert request.tracking_code in mail.outbox[0].body
    (notification,) = Notification.objects.all()
    assert notification.state == "sent" and notification.attempts == 1
    # A duplicate job, or the sweep, does not send it again.
    with django_capture_on_commit_callbacks(execute=True):
        assert send(notification.pk) == "sent"
        assert requeue_due(now=timezone.now() + dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_is_retried_then_the_failure_is_logged(
    django_capture_on_commit_callbacks: Any,
    caplog: pytest.LogCaptureFixture,
    settings: Any,
    closed_smtp_port: int,
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        closed_smtp_port,
        2,
    )
    settings.INTAKE_NOTIFICATION_RETRY_DELAYS = (1, 2)
    # The immediate backend runs each retry at once (no delays in tests).
    with (
        caplog.at_level(logging.WARNING, logger="adilkent.intake.notify"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        request = submit_request(_identified(text="Kiramı ödeyemiyorum"))
    (notification,) = Notification.objects.all()
    assert notification.state == "failed" and notification.attempts == 3
    assert notification.last_error == "builtins.ConnectionRefusedError"
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(warnings) == 2 and len(errors) == 1
    assert f"request {request.public_id} failed after 3 attempts" in errors[0].getMessage()
    for record in caplog.records:  # no address, no text, no tracking code in the log
        message = record.getMessage()
        assert ADDRESS not in message and "Kiramı" not in message
        assert request.tracking_code not in message


def test_with_the_database_queue_a_retry_waits_for_its_delay(
    django_capture_on_commit_callbacks: Any, settings: Any, closed_smtp_port: int
) -> None:
    # Through the settings fixture only: mixing it with override_settings leaks on teardown.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        closed_smtp_port,
        2,
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit_request(_identified())
    (first,) = DBTaskResult.objects.all()  # enqueued after the commit, not run in the request
    assert first.task_path == "adilkent.intake.tasks.send_notification"
    (notification,) = Notification.objects.all()
    assert notification.attempts == 0 and mail.outbox == []
    started = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert send(notification.pk) == "pending"  # what the worker does with the job
    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert retry.run_after is not None
    assert retry.run_after >= started + dt.timedelta(seconds=60)
    notification.refresh_from_db()
    assert notification.attempts == 1 and notification.next_attempt_at == retry.run_after


def test_a_lost_job_is_requeued_by_the_sweep(django_capture_on_commit_callbacks: Any) -> None:
    # The test's transaction never commits, so the enqueue after the commit never happens:
    # a job lost as with a worker killed before it ran.
    request = submit_request(_identified())
    assert mail.outbox == [] and Notification.objects.get().state == "pending"
    assert requeue_due() == 0  # too recent: its job may still be on the way
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_due(now=timezone.now() + dt.timedelta(minutes=6)) == 1
    assert len(mail.outbox) == 1 and request.tracking_code in mail.outbox[0].body


def test_escalation_mails_the_unit_after_the_commit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    unit = Unit.objects.create(code="desk", name="Desk", email="desk@example.org")
    request = submit_request(RequestInput(text="x", identity_mode="anonymous"))
    Request.objects.filter(pk=request.pk).update(unit=unit)
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate_overdue(request.due_at + dt.timedelta(minutes=1)) == 1
    assert [m.to for m in mail.outbox] == [["desk@example.org"]]
    assert Notification.objects.get().recipient == "unit"


def test_staff_see_failed_notifications_in_the_admin_without_their_text(
    client: Any, django_user_model: Any
) -> None:
    submit_request(_identified(text="Kiramı ödeyemiyorum"))
    Notification.objects.update(state="failed", attempts=5, last_error="smtplib.SMTPException")
    from adilkent.core.tests.factories import log_in_verified

    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    log_in_verified(client, admin)
    page = client.get("/tr/admin/intake/notification/").content.decode()
    assert "failed" in page or "başarısız" in page
    detail = client.get(f"/tr/admin/intake/notification/{Notification.objects.get().pk}/change/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "Kiramı" not in text and ADDRESS not in text
    assert client.get("/tr/admin/intake/classifierversion/").status_code == 200
