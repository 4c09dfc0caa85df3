"""The periodic jobs and the scheduler that enqueues them (``manage.py periodic``).

The schedule is one table: a job is a django-tasks task and how often it runs. The scheduler
only enqueues; the task workers (``manage.py db_worker``) do the work, so a slow job never
delays the others. Whether a job is due is decided under a lock on its
:class:`~adilkent.core.models.PeriodicRun` row, in the transaction that enqueues it: several
schedulers (one per machine) enqueue each run exactly once, and a scheduler that is killed
between the two loses nothing (the transaction rolls back and the job is still due).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: dt.timedelta
    task: str  # dotted path of a django-tasks task taking no arguments
    purpose: str


MINUTES_15 = dt.timedelta(minutes=15)
DAILY = dt.timedelta(days=1)

SCHEDULE: tuple[PeriodicJob, ...] = (
    PeriodicJob(
        "escalate-overdue-requests",
        MINUTES_15,
        "adilkent.intake.tasks.escalate_overdue_requests",
        "escalate open requests past their due date",
    ),
    PeriodicJob(
        "requeue-notifications",
        MINUTES_15,
        "adilkent.intake.tasks.requeue_notifications",
        "enqueue again notifications whose sending job was lost",
    ),
    PeriodicJob(
        "expire-offers",
        MINUTES_15,
        "adilkent.enrolment.tasks.expire_offers",
        "end enrolment offers not answered in time and offer the places to the next in line",
    ),
    PeriodicJob(
        "escalate-reports",
        MINUTES_15,
        "adilkent.confidential.tasks.escalate_reports",
        "mark confidential reports whose reporter has had no answer by the day due",
    ),
    PeriodicJob(
        "train-classifier",
        DAILY,
        "adilkent.intake.tasks.train_classifier",
        "retrain the request classifier when staff-confirmed requests changed",
    ),
    PeriodicJob(
        "cases-retention",
        DAILY,
        "adilkent.cases.tasks.retention_job",
        "destroy or anonymise Refugee Desk records past their retention period",
    ),
    PeriodicJob(
        "measured-indicators",
        DAILY,
        "adilkent.programmes.tasks.update_measured_kpis",
        "count this month's indicators measured from the records",
    ),
    PeriodicJob(
        "escalate-overdue-recommendations",
        DAILY,
        "adilkent.council.tasks.escalate_overdue_recommendations",
        "mark City Council recommendations not answered by their deadline as overdue",
    ),
)


@dataclass(frozen=True)
class Enqueued:
    job: str
    task_id: str


def periodic_enqueue_due(
    *, now: dt.datetime | None = None, schedule: tuple[PeriodicJob, ...] = SCHEDULE
) -> list[Enqueued]:
    """Enqueue every job whose interval has passed since it was last enqueued.

    A job that cannot be enqueued is logged and stays due; the others go on.
    """
    now = now or timezone.now()
    enqueued: list[Enqueued] = []
    for job in schedule:
        try:
            task_id = _enqueue_if_due(job, now)
        except Exception:
            logger.exception("periodic job %s could not be enqueued; it stays due", job.name)
            continue
        if task_id is not None:
            enqueued.append(Enqueued(job.name, task_id))
    return enqueued


def _enqueue_if_due(job: PeriodicJob, now: dt.datetime) -> str | None:
    with transaction.atomic():
        PeriodicRun.objects.get_or_create(name=job.name)
        run = PeriodicRun.objects.select_for_update().get(name=job.name)
        if run.last_enqueued_at is not None and now - run.last_enqueued_at < job.every:
            return None
        result = import_string(job.task).enqueue()
        run.last_enqueued_at = now
        run.last_task_id = str(result.id)
        run.runs += 1
        run.save(update_fields=["last_enqueued_at", "last_task_id", "runs"])
    return str(result.id)


@dataclass(frozen=True)
class JobState:
    job: PeriodicJob
    last_enqueued_at: dt.datetime | None
    next_due_at: dt.datetime | None  # None: due now
    runs: int


def periodic_states(*, schedule: tuple[PeriodicJob, ...] = SCHEDULE) -> list[JobState]:
    """Each job with when it last ran and when it is next due (for ``periodic --list``)."""
    rows = {r.name: r for r in PeriodicRun.objects.filter(name__in=[j.name for j in schedule])}
    states = []
    for job in schedule:
        row = rows.get(job.name)
        last = row.last_enqueued_at if row else None
        states.append(
            JobState(job, last, last + job.every if last else None, row.runs if row else 0)
        )
    return states
