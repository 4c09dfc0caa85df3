"""Telling residents (and units) about a request: email (Django's backend) and pluggable SMS.

Nothing is sent inside a transaction. ``notify_resident`` and ``notify_unit`` store one
:class:`~adilkent.intake.models.Notification` per channel in the caller's transaction and
enqueue ``intake.tasks.send_notification`` with ``transaction.on_commit``: a rolled-back
transaction sends nothing. A failed send is retried after growing delays
(``INTAKE_NOTIFICATION_RETRY_DELAYS``, seconds) and, after the last one, marked failed with an
error in the log. Logs name the request by its reference and the error by its class, never an
address or a text.

``settings.INTAKE_SMS_SENDER`` may name a class with ``send(phone, text)``; by default SMS
messages are only logged (no message leaves the server without a configured gateway).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .models import Notification, Request

logger = logging.getLogger(__name__)

DEFAULT_RETRY_DELAYS = (60, 300, 1800, 7200)


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LogSmsSender:
    """Writes the message to the log instead of sending it."""

    sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.sent.append((phone, text))
        logger.info("SMS to %s: %s", phone[-4:].rjust(len(phone), "*"), text)


def sms_sender() -> SmsSender:
    path = getattr(settings, "INTAKE_SMS_SENDER", "adilkent.intake.notify.LogSmsSender")
    sender: SmsSender = import_string(path)()
    return sender


def retry_delays() -> tuple[int, ...]:
    return tuple(getattr(settings, "INTAKE_NOTIFICATION_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


def reference(request: Request) -> str:
    """How logs name a request: its public id when it has one, else its row number."""
    public = getattr(request, "public_id", None)
    return str(public) if public else f"#{request.pk}"


# Other apps' records that messages may be about: model -> (record, channel) -> address. The
# address is read when the message is sent (never copied into the outbox), as for requests.
_ADDRESSEES: dict[type[Any], Callable[[Any, str], str]] = {}


def register_addressee(model: type[Any], address: Callable[[Any, str], str]) -> None:
    _ADDRESSEES[model] = address


def notify_about(target: Any, *, channel: str, subject: str, body: str) -> None:
    """Queue a message about ``target`` (a record of a model registered with
    :func:`register_addressee`), sent after the current transaction commits."""
    from django.contrib.contenttypes.models import ContentType

    from .models import Notification

    if type(target) not in _ADDRESSEES:
        raise LookupError(f"no addressee registered for {type(target).__name__}")
    notification = Notification.objects.create(
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        recipient=Notification.Recipient.RESIDENT,
        channel=channel,
        subject=subject,
        body=body,
    )
    transaction.on_commit(lambda: _enqueue(notification.pk))


def _reference(notification: Notification) -> str:
    if notification.request is not None:
        return f"request {reference(notification.request)}"
    kind = notification.target_type.model if notification.target_type else "?"
    return f"{kind} #{notification.target_id}"


def _enqueue(notification_id: int, at: dt.datetime | None = None) -> None:
    """Enqueue the sending job, to run at ``at`` where the queue can defer (else at once)."""
    from .tasks import send_notification

    task = send_notification
    if at is not None and task.get_backend().supports_defer:
        task = task.using(run_after=at)
    task.enqueue(notification_id)


def _queue(request: Request, recipient: str, channel: str, subject: str, body: str) -> None:
    from .models import Notification

    notification = Notification.objects.create(
        request=request, recipient=recipient, channel=channel, subject=subject, body=body
    )
    transaction.on_commit(lambda: _enqueue(notification.pk))


def notify_resident(request: Request, message: str) -> None:
    """Queue ``message`` (already in the resident's language) by email and SMS if we have them."""
    from .models import IdentityMode, Notification

    if request.identity_mode == IdentityMode.ANONYMOUS:
        return
    with translation.override(request.preferred_language):
        subject = _("Your request %(code)s") % {"code": request.tracking_code}
    if request.email:
        _queue(request, Notification.Recipient.RESIDENT, "email", subject, message)
    if request.phone:
        _queue(request, Notification.Recipient.RESIDENT, "sms", subject, message)


def notify_unit(request: Request, subject: str, message: str) -> None:
    """Queue an email to the unit that has the request (if it has an address)."""
    from .models import Notification

    if request.unit and request.unit.email:
        _queue(request, Notification.Recipient.UNIT, "email", subject, message)


def _deliver(notification: Notification) -> None:
    from .models import Notification

    request = notification.request
    if request is None:
        target = notification.target
        address = _ADDRESSEES[type(target)](target, notification.channel) if target else ""
    elif notification.recipient == Notification.Recipient.UNIT:
        address = request.unit.email if request.unit else ""
    elif notification.channel == Notification.Channel.SMS:
        address = request.phone
    else:
        address = request.email
    if not address:
        raise LookupError("no address any more")
    if notification.channel == Notification.Channel.SMS:
        sms_sender().send(address, f"{notification.subject}: {notification.body}"[:300])
    else:
        send_mail(notification.subject, notification.body, None, [address])


def send(notification_id: int) -> str:
    """One attempt at sending; returns the notification's state afterwards.

    The row is locked while sending, so two workers never send the same message, and a sent
    one is never sent again. A worker killed between the send and the commit leaves the row
    pending: it is sent again by the sweep (at least once, never silently lost).
    """
    from .models import Notification

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("request", "request__unit")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.state != Notification.State.PENDING:
            return notification.state if notification else "gone"
        ref = _reference(notification)
        notification.attempts += 1
        try:
            _deliver(notification)
        except Exception as error:  # any failure of a backend or gateway is retried
            notification.last_error = f"{type(error).__module__}.{type(error).__name__}"[:200]
            delays = retry_delays()
            if notification.attempts > len(delays):
                notification.state = Notification.State.FAILED
                notification.next_attempt_at = None
                logger.error(
                    "notification %s (%s) about %s failed after %s attempts: %s",
                    notification.pk,
                    notification.channel,
                    ref,
                    notification.attempts,
                    notification.last_error,
                )
            else:
                delay = delays[notification.attempts - 1]
                notification.next_attempt_at = timezone.now() + dt.timedelta(seconds=delay)
                logger.warning(
                    "notification %s (%s) about %s: attempt %s failed (%s); retry in %s s",
                    notification.pk,
                    notification.channel,
                    ref,
                    notification.attempts,
                    notification.last_error,
                    delay,
                )
                pk, at = notification.pk, notification.next_attempt_at
                transaction.on_commit(lambda: _enqueue(pk, at))
        else:
            notification.state = Notification.State.SENT
            notification.sent_at = timezone.now()
            notification.next_attempt_at = None
        notification.save()
        return notification.state


def requeue_due(now: dt.datetime | None = None, grace: int = 300) -> int:
    """Enqueue again the pending notifications whose job was lost (a killed worker, a failed
    enqueue): those never attempted for ``grace`` seconds, or past their retry time by as much.
    """
    from django.db.models import Q

    from .models import Notification

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=grace)
    due = Notification.objects.filter(state=Notification.State.PENDING).filter(
        Q(next_attempt_at__lt=cutoff) | Q(next_attempt_at__isnull=True, created_at__lt=cutoff)
    )
    ids = list(due.values_list("pk", flat=True))
    for pk in ids:
        _enqueue(pk)
    return len(ids)
