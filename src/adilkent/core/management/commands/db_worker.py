"""``manage.py db_worker``: django-tasks' database worker, with a sign of life.

The same command and options as django_tasks_db's (this app is listed before it, so this one
is found first). In addition the worker writes its :class:`~adilkent.core.models.TaskWorker`
row every ``TASKS_WORKER_BEAT_SECONDS`` from a thread of its own, puts back in the queue at
start the jobs a former process with its id left running, and, once it has reached the
database for ``TASKS_WORKER_LOST_AFTER_SECONDS`` without a break, the jobs of workers that
stopped writing (:mod:`adilkent.core.workers`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as QueueWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from adilkent.core.workers import tasks_requeue_lost, worker_gone, worker_heartbeat

logger = logging.getLogger("adilkent.core.workers")


class LivingWorker(Worker):
    """django_tasks_db's worker loop, with the heartbeat thread around it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.beat_every = float(settings.TASKS_WORKER_BEAT_SECONDS)
        self.lost_after = dt.timedelta(seconds=float(settings.TASKS_WORKER_LOST_AFTER_SECONDS))
        self.host = socket.gethostname()[:255]
        self._stopping = threading.Event()

    def _beat(self, started_at: dt.datetime) -> None:
        worker_heartbeat(
            worker_id=self.worker_id, host=self.host, pid=os.getpid(), started_at=started_at
        )

    def _heartbeat_loop(self, started_at: dt.datetime) -> None:
        """Runs in its own thread (and so on its own database connection)."""
        reachable_since: dt.datetime | None = timezone.now()
        try:
            while not self._stopping.wait(self.beat_every):
                try:
                    self._beat(started_at)
                    now = timezone.now()
                    reachable_since = reachable_since or now
                    # After an outage every worker's row is old: wait until the others have
                    # had the time to write theirs before judging anyone gone.
                    if now - reachable_since >= self.lost_after:
                        tasks_requeue_lost(now=now)
                except DatabaseError:
                    reachable_since = None
                    logger.warning("worker %s: the database did not answer", self.worker_id)
                    connection.close()
        finally:
            connection.close()

    def run(self) -> None:
        started_at = timezone.now()
        self._beat(started_at)
        tasks_requeue_lost(restarted_worker_id=self.worker_id)
        beating = threading.Thread(
            target=self._heartbeat_loop, args=(started_at,), name="heartbeat", daemon=True
        )
        beating.start()
        try:
            super().run()
        finally:
            self._stopping.set()
            beating.join(timeout=self.beat_every + 5)
            try:
                worker_gone(worker_id=self.worker_id)
            except DatabaseError:
                logger.warning("worker %s: could not remove its row", self.worker_id)


class Command(QueueWorkerCommand):
    help = (
        "Run the background jobs from the database queue. The worker writes a sign of life "
        "every few seconds; the jobs of a worker that stopped writing are run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queues = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queues:
            raise CommandError("--exclude-queues needs --queue-name=*")
        worker = LivingWorker(
            queue_names=queues,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if options["reload"] and not options["batch"]:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
