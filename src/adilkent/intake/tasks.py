"""Background jobs of the intake (django-tasks): SLA escalation, training, notifications."""

from __future__ import annotations

from django_tasks import task


@task()
def escalate_overdue_requests() -> int:
    """Escalate every open request past its due date; schedule it (e.g. every hour)."""
    from .services import escalate_overdue

    return escalate_overdue()


@task()
def train_classifier() -> int:
    """Train the category classifier on the current data and store a new version.

    Enqueued after staff confirm a category; returns the latest version number (unchanged when
    the data had not changed since the last training).
    """
    from .suggest import train_and_store

    stored = train_and_store()
    return int(getattr(stored, "version", 0))


@task()
def send_notification(notification_id: int) -> str:
    """Send one queued notification (enqueued after the commit that created it); on failure
    it enqueues its own retry after a delay, and after the last one logs the failure."""
    from .notify import send

    return send(notification_id)


@task()
def requeue_notifications() -> int:
    """Enqueue again pending notifications whose job was lost; schedule it (e.g. every 15 min)."""
    from .notify import requeue_due

    return requeue_due()
