"""Enqueue the periodic jobs when they are due: once, or in a loop (the scheduler process)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from adilkent.core.parsing import ParseError, parse_int
from adilkent.core.periodic import periodic_enqueue_due, periodic_states


class Command(BaseCommand):
    help = (
        "Enqueue each periodic job (SLA escalation, notification retries, enrolment offers ending, "
        "classifier training, retention, measured indicators) when its interval has passed; the task workers run "
        "them. Runs until stopped, checking every --tick seconds; any number of schedulers may "
        "run at once (each run is enqueued once)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="enqueue what is due, then exit")
        parser.add_argument("--list", action="store_true", help="show the schedule and exit")
        parser.add_argument("--tick", default="60", help="seconds between checks (default 60)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for state in periodic_states():
                last, due = state.last_enqueued_at, state.next_due_at
                self.stdout.write(
                    f"{state.job.name:28} every {state.job.every}  "
                    f"last {last.isoformat(timespec='seconds') if last else 'never'}  "
                    f"next {due.isoformat(timespec='seconds') if due else 'now'}  "
                    f"runs {state.runs}  ({state.job.purpose})"
                )
            return
        try:
            tick = parse_int(options["tick"], field="--tick", minimum=1)
        except ParseError as error:
            raise CommandError(str(error)) from error
        stop = threading.Event()
        if not options["once"]:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
        while True:
            for item in periodic_enqueue_due():
                self.stdout.write(f"enqueued {item.job} (task {item.task_id})")
            self.stdout.flush()
            if options["once"]:
                return
            close_old_connections()  # a long-lived process: drop a connection that went bad
            if stop.wait(tick):
                return
