"""A task worker killed with SIGKILL in the middle of a job: the job is run again and finishes.

Two ways back: the worker started again by the service manager under its old id takes its job
back at once; or, while it stays down, the other worker sees its sign of life stop
(``TASKS_WORKER_LOST_AFTER_SECONDS``, 6 s in these tests) and runs the job itself.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import psycopg

from .conftest import ProdLocal

ENQUEUE = (
    "from adilkent.core.tests.jobs import note_and_wait; "
    "print(note_and_wait.enqueue(path={path!r}, seconds=6).id)"
)


def _job(prod_local: ProdLocal, task_id: str) -> tuple[str, list[str]]:
    from django_tasks_db.models import DBTaskResult

    table = DBTaskResult._meta.db_table
    with psycopg.connect(prod_local.database_url(), autocommit=True) as connection:
        row = connection.execute(
            f"SELECT status, worker_ids FROM {table} WHERE id = %s",
            (task_id,),
        ).fetchone()
    assert row is not None
    ids = row[1] if isinstance(row[1], list) else json.loads(row[1])
    return row[0], ids


def _wait(prod_local: ProdLocal, task_id: str, status: str, seconds: float) -> list[str]:
    deadline = time.monotonic() + seconds
    while True:
        now, ids = _job(prod_local, task_id)
        if now == status:
            return ids
        assert time.monotonic() < deadline, f"job {task_id} still {now} (workers {ids})"
        time.sleep(0.3)


def _kill_holder(prod_local: ProdLocal, task_id: str, log: Path) -> str:
    """Wait until the job has started, then SIGKILL the worker running it; its id."""
    holder = _wait(prod_local, task_id, "RUNNING", 60)[-1]
    deadline = time.monotonic() + 30
    while not (log.exists() and log.read_text().startswith("start")):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    number = holder.rsplit("-", 1)[-1]  # prod-local-N runs as run/workerN.pid
    os.killpg(int((prod_local.state / "run" / f"worker{number}.pid").read_text()), signal.SIGKILL)
    return holder


def _starts_and_ends(log: Path) -> tuple[list[str], list[str]]:
    lines = log.read_text().splitlines()
    return [x for x in lines if x.startswith("start")], [x for x in lines if x.startswith("done")]


def test_a_worker_killed_mid_job_and_started_again_runs_the_job_again(
    prod_local: ProdLocal, tmp_path: Path
) -> None:
    log = tmp_path / "job.log"
    task_id = prod_local.manage("shell", "-c", ENQUEUE.format(path=str(log))).split()[-1]
    killed = _kill_holder(prod_local, task_id, log)
    time.sleep(2)  # RestartSec=2
    assert _job(prod_local, task_id)[0] == "RUNNING"  # left so by the dead worker
    prod_local.respawn()

    ids = _wait(prod_local, task_id, "SUCCESSFUL", 60)
    assert ids[0] == killed and len(ids) == 2
    starts, ends = _starts_and_ends(log)
    assert len(starts) == 2 and len(ends) == 1  # cut short once, then run to the end


def test_while_the_worker_stays_down_the_other_worker_runs_its_job(
    prod_local: ProdLocal, tmp_path: Path
) -> None:
    log = tmp_path / "job.log"
    task_id = prod_local.manage("shell", "-c", ENQUEUE.format(path=str(log))).split()[-1]
    killed = _kill_holder(prod_local, task_id, log)
    try:
        ids = _wait(prod_local, task_id, "SUCCESSFUL", 60)
        assert ids[0] == killed and len(ids) == 2 and ids[1] != killed
        starts, ends = _starts_and_ends(log)
        assert len(starts) == 2 and len(ends) == 1
    finally:
        prod_local.respawn()
