"""A job for the tests of the task workers: it notes each start and each end in a file."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def note_and_wait(*, path: str, seconds: float) -> int:
    """Append ``start PID``, wait ``seconds``, append ``done PID``; return the pid."""
    log = Path(path)
    with log.open("a") as out:
        out.write(f"start {os.getpid()}\n")
    time.sleep(seconds)
    with log.open("a") as out:
        out.write(f"done {os.getpid()}\n")
    return os.getpid()
