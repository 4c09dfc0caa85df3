"""Task workers' signs of life, and the jobs a dead worker left running.

django-tasks' database queue marks a job ``RUNNING`` when a worker claims it and finished when
the worker is done. A worker that dies in between (SIGKILL, out of memory, a machine lost)
leaves the job ``RUNNING`` for ever. Each worker therefore writes its row in
:class:`~adilkent.core.models.TaskWorker` every ``TASKS_WORKER_BEAT_SECONDS``; a job whose
worker's row is older than ``TASKS_WORKER_LOST_AFTER_SECONDS`` is put back in the queue by the
workers that are alive, and a worker started again under its old id does so at once for the
jobs it held. Every job is therefore run at least once; a job cut short is run again, from its
start, so every job in adilkent is written to be run again (each writes its results in one
transaction, or from scratch). After ``TASKS_MAX_ATTEMPTS`` claims a job is failed instead, so
a job that kills its worker (memory, say) does not take the workers down one after another.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import TaskWorker

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """What a job is failed with when its worker died while running it too many times."""


@dataclass(frozen=True)
class Requeued:
    task_id: str
    task_path: str
    worker_id: str
    attempts: int
    failed: bool  # True: no attempt left, the job is failed with WorkerLost


def worker_heartbeat(
    *, worker_id: str, host: str, pid: int, started_at: dt.datetime, now: dt.datetime | None = None
) -> None:
    """Record that the worker ``worker_id`` is alive now."""
    TaskWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": host,
            "pid": pid,
            "started_at": started_at,
            "seen_at": now or timezone.now(),
        },
    )


def worker_gone(*, worker_id: str) -> None:
    """A worker that stops cleanly (its job finished) removes its row."""
    TaskWorker.objects.filter(worker_id=worker_id).delete()


def _lost_after() -> dt.timedelta:
    return dt.timedelta(seconds=float(settings.TASKS_WORKER_LOST_AFTER_SECONDS))


def tasks_requeue_lost(
    *,
    now: dt.datetime | None = None,
    restarted_worker_id: str | None = None,
) -> list[Requeued]:
    """Put back in the queue the jobs whose worker is gone; fail those out of attempts.

    A job's worker is gone when its row was last written more than
    ``TASKS_WORKER_LOST_AFTER_SECONDS`` ago, or when its id is ``restarted_worker_id`` (a worker
    starting under the id of a process that held jobs: ids are unique, so that process is
    dead). Jobs of workers that never wrote a row are left alone: nothing says they are dead.
    Each job is changed only if it is still the same run (status and start unchanged), so any
    number of workers may call this at once.
    """
    now = now or timezone.now()
    stale_before = now - _lost_after()
    max_attempts = int(settings.TASKS_MAX_ATTEMPTS)
    running = list(
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
            "id", "task_path", "worker_ids", "started_at"
        )
    )
    last_ids = {task.worker_ids[-1] for task in running if task.worker_ids}
    seen = dict(
        TaskWorker.objects.filter(worker_id__in=last_ids).values_list("worker_id", "seen_at")
    )
    done: list[Requeued] = []
    holding: set[str] = set()  # workers whose row must stay: a job of theirs is still running
    for task in running:
        worker_id = task.worker_ids[-1] if task.worker_ids else ""
        gone = worker_id == restarted_worker_id or (
            worker_id in seen and seen[worker_id] < stale_before
        )
        if not gone:
            holding.add(worker_id)
            continue
        attempts = len(task.worker_ids)
        same_run = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        failed = attempts >= max_attempts
        if failed:
            changed = same_run.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                return_value=None,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=(
                    f"{WorkerLost.__qualname__}: the worker running this job stopped without "
                    f"finishing it {attempts} times (last: {worker_id}); not tried again\n"
                ),
            )
        else:
            changed = same_run.update(status=TaskResultStatus.READY, started_at=None)
        if changed:
            item = Requeued(str(task.pk), task.task_path, worker_id, attempts, failed)
            logger.warning(
                "job %s (%s) was left running by worker %s, which is gone: %s",
                item.task_id,
                item.task_path,
                worker_id,
                f"failed after {attempts} attempts" if failed else "queued again",
            )
            done.append(item)
        else:
            holding.add(worker_id)  # finished or taken meanwhile: look again next time
    # Rows of workers gone for good (a killed worker with a random id) are not kept.
    TaskWorker.objects.filter(seen_at__lt=stale_before).exclude(worker_id__in=holding).delete()
    return done
