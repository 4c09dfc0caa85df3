"""The scheduler enqueues each periodic job once per interval, however many schedulers run."""

from __future__ import annotations

import datetime as dt
import threading
from io import StringIO
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django_tasks_db.models import DBTaskResult

from adilkent.core.models import PeriodicRun
from adilkent.core.periodic import SCHEDULE, PeriodicJob, periodic_enqueue_due

T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
QUARTER_HOURLY = {j.name for j in SCHEDULE if j.every == dt.timedelta(minutes=15)}


@pytest.fixture(autouse=True)
def database_queue(settings: Any) -> None:
    """The production queue (rows in the database), not the tests' run-at-once backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _queued_paths() -> list[str]:
    return sorted(DBTaskResult.objects.values_list("task_path", flat=True))


@pytest.mark.django_db
def test_every_job_is_enqueued_once_per_interval() -> None:
    first = periodic_enqueue_due(now=T0)
    assert {e.job for e in first} == {j.name for j in SCHEDULE}
    assert _queued_paths() == sorted(j.task for j in SCHEDULE)

    assert periodic_enqueue_due(now=T0 + dt.timedelta(minutes=14)) == []
    quarter = periodic_enqueue_due(now=T0 + dt.timedelta(minutes=15))
    assert {e.job for e in quarter} == QUARTER_HOURLY
    assert len(QUARTER_HOURLY) == 4

    day = periodic_enqueue_due(now=T0 + dt.timedelta(days=1))
    assert {e.job for e in day} == {j.name for j in SCHEDULE}
    assert DBTaskResult.objects.count() == 2 * len(SCHEDULE) + len(QUARTER_HOURLY)
    run = PeriodicRun.objects.get(name="cases-retention")
    assert run.runs == 2 and run.last_enqueued_at == T0 + dt.timedelta(days=1)
    assert DBTaskResult.objects.filter(id=run.last_task_id).exists()


@pytest.mark.django_db
def test_a_job_that_cannot_be_enqueued_stays_due_and_the_others_go_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = PeriodicJob("broken", dt.timedelta(hours=1), "adilkent.no_such.task", "x")
    schedule = (broken, *SCHEDULE[:1])
    done = periodic_enqueue_due(now=T0, schedule=schedule)
    assert [e.job for e in done] == [SCHEDULE[0].name]
    assert "broken could not be enqueued" in caplog.text
    assert not PeriodicRun.objects.filter(name="broken", last_enqueued_at__isnull=False).exists()


@pytest.mark.django_db
def test_the_command_enqueues_once_and_lists_the_schedule() -> None:
    out = StringIO()
    call_command("periodic", "--once", stdout=out)
    assert out.getvalue().count("enqueued ") == len(SCHEDULE)
    call_command("periodic", "--once", stdout=out)  # nothing more is due
    assert out.getvalue().count("enqueued ") == len(SCHEDULE)

    listing = StringIO()
    call_command("periodic", "--list", stdout=listing)
    lines = listing.getvalue().splitlines()
    assert len(lines) == len(SCHEDULE)
    assert all("runs 1" in line and "last never" not in line for line in lines)
    with pytest.raises(CommandError, match="--tick"):
        call_command("periodic", "--tick", "٣")


class _SlowTask:
    """A task whose enqueue waits until released: a scheduler caught mid-enqueue."""

    def __init__(self) -> None:
        self.calls = 0
        self.entered = threading.Event()
        self.release = threading.Event()

    def enqueue(self) -> SimpleNamespace:
        self.calls += 1
        self.entered.set()
        self.release.wait(timeout=30)
        return SimpleNamespace(id=f"slow-{self.calls}")


SLOW = _SlowTask()


@pytest.mark.django_db(transaction=True)
def test_a_second_scheduler_waits_for_the_first_and_does_not_enqueue_again() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("the SQLite test database is shared-cache memory: no concurrent writers")
    job = PeriodicJob("slow", dt.timedelta(hours=1), f"{__name__}.SLOW", "a slow enqueue")
    PeriodicRun.objects.create(name="slow")

    def scheduler() -> None:
        try:
            periodic_enqueue_due(now=T0, schedule=(job,))
        finally:
            connections.close_all()

    first = threading.Thread(target=scheduler)
    first.start()
    assert SLOW.entered.wait(timeout=30)
    second = threading.Thread(target=scheduler)
    second.start()
    second.join(timeout=1)  # it must be waiting on the first one's row lock
    assert second.is_alive()
    SLOW.release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert SLOW.calls == 1
    assert PeriodicRun.objects.get(name="slow").last_task_id == "slow-1"
