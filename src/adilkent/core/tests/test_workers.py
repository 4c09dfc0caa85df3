"""A job left running by a task worker that died is queued again, once per lost run."""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from adilkent.core.models import TaskWorker
from adilkent.core.tests.jobs import note_and_wait
from adilkent.core.workers import WorkerLost, tasks_requeue_lost

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def database_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_WORKER_LOST_AFTER_SECONDS = 60
    settings.TASKS_MAX_ATTEMPTS = 3


def _running(path: Path, *worker_ids: str) -> DBTaskResult:
    """A job claimed by ``worker_ids`` in turn, the last of which is still 'running' it."""
    result = note_and_wait.enqueue(path=str(path), seconds=0)
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = TaskResultStatus.RUNNING
    row.started_at = NOW - dt.timedelta(minutes=5)
    row.worker_ids = list(worker_ids)
    row.save()
    return row


def _seen(worker_id: str, ago: dt.timedelta) -> None:
    TaskWorker.objects.create(
        worker_id=worker_id,
        host="h",
        pid=1,
        started_at=NOW - dt.timedelta(hours=1),
        seen_at=NOW - ago,
    )


def test_a_job_of_a_worker_silent_too_long_is_queued_again(tmp_path: Path) -> None:
    lost = _running(tmp_path / "a", "w-dead")
    alive = _running(tmp_path / "b", "w-alive")
    unknown = _running(tmp_path / "c", "w-never-wrote")
    _seen("w-dead", dt.timedelta(seconds=61))
    _seen("w-alive", dt.timedelta(seconds=59))

    done = tasks_requeue_lost(now=NOW)

    assert [(d.task_id, d.worker_id, d.failed) for d in done] == [(str(lost.pk), "w-dead", False)]
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses[lost.pk] == TaskResultStatus.READY
    assert statuses[alive.pk] == statuses[unknown.pk] == TaskResultStatus.RUNNING
    # the dead worker's row goes with its last job; the others' rows stay
    assert set(TaskWorker.objects.values_list("worker_id", flat=True)) == {"w-alive"}
    assert tasks_requeue_lost(now=NOW) == []


def test_a_worker_started_again_under_its_id_takes_back_its_jobs_at_once(tmp_path: Path) -> None:
    mine = _running(tmp_path / "a", "w-2", "w-1")
    other = _running(tmp_path / "b", "w-1", "w-2")
    _seen("w-1", dt.timedelta(seconds=1))
    _seen("w-2", dt.timedelta(seconds=1))

    done = tasks_requeue_lost(now=NOW, restarted_worker_id="w-1")

    assert [d.task_id for d in done] == [str(mine.pk)]
    assert DBTaskResult.objects.get(pk=mine.pk).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=other.pk).status == TaskResultStatus.RUNNING


def test_a_job_that_lost_its_worker_too_often_is_failed_not_run_again(tmp_path: Path) -> None:
    row = _running(tmp_path / "a", "w-1", "w-2", "w-1")
    done = tasks_requeue_lost(now=NOW, restarted_worker_id="w-1")
    assert [(d.attempts, d.failed) for d in done] == [(3, True)]
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == f"{WorkerLost.__module__}.WorkerLost"
    assert "3 times" in row.traceback and row.finished_at == NOW
    assert not DBTaskResult.objects.ready().exists()


@pytest.fixture
def signals_restored() -> Iterator[None]:
    """db_worker installs its own SIGINT/SIGTERM handlers: put pytest's back."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)  # the worker closes connections left in a transaction
@pytest.mark.usefixtures("signals_restored")
def test_db_worker_runs_again_the_job_it_held_when_it_died(tmp_path: Path) -> None:
    """The command itself: started under the id of a process killed mid-job, it queues the
    job again, runs it to the end, and removes its row when it stops."""
    log = tmp_path / "job.log"
    log.write_text("start 999999\n")  # the run that was cut short
    row = _running(log, "w-1")
    _seen("w-1", dt.timedelta(seconds=2))

    call_command("db_worker", "--batch", "--worker-id", "w-1", "--no-startup-delay", verbosity=0)

    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids == ["w-1", "w-1"]
    assert log.read_text().splitlines()[1:] == [
        f"start {row.return_value}",
        f"done {row.return_value}",
    ]
    assert not TaskWorker.objects.filter(worker_id="w-1").exists()


@pytest.mark.usefixtures("signals_restored")
def test_db_worker_refuses_excluded_queues_without_all_queues() -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--queue-name=\\*"):
        call_command("db_worker", "--batch", "--exclude-queues", "x", verbosity=0)
    assert not TaskWorker.objects.exists()
