"""The intake benchmark's server and load (``bench/intake.py``, ``bench/intake_profile.py``).

gunicorn started and killed as a process group; closed-loop clients, one thread each, whose
threads run at a higher scheduling priority than the server (``CLIENT_NICE``, see
``bench/intake.py``); the measurement of one level.
"""

from __future__ import annotations

import csv
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from intake_db import REPO_ROOT

HELDOUT = REPO_ROOT / "src" / "adilkent" / "intake" / "evaluation" / "heldout.tsv"
OURS = "/open311/v2/requests.json"
BARE = "/bench/bare-row.json"
# Points are drawn in a box around central İzmir (Karşıyaka, Bayraklı, Konak, Buca, Karabağlar).
LAT_RANGE = (38.38, 38.48)
LON_RANGE = (27.08, 27.22)


# --- the server ---------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ``--workers 0``: gunicorn as deploy/gunicorn.conf.py runs it in production.
PRODUCTION = 0


@dataclass
class Server:
    env: dict[str, str]
    workers: int
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120.0) -> None:
        out = self.log.open("ab")
        env = dict(self.env)
        if self.workers == PRODUCTION:
            # The production settings of deploy/gunicorn.conf.py (gthread, 2 × cores + 1
            # workers of 4 threads, the app loaded before forking), only the port differs.
            env["ADILKENT_WEB_BIND"] = f"127.0.0.1:{self.port}"
            command = ["-c", str(REPO_ROOT / "deploy" / "gunicorn.conf.py")]
        else:
            command = [
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--backlog",
                "512",
                "--timeout",
                "300",
                "adilkent.wsgi:application",
            ]
        self.process = subprocess.Popen(  # noqa: S603 (gunicorn from this environment)
            [sys.executable, "-m", "gunicorn", *command],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL reaches every worker
        )
        out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}; see {self.log}"
                )
            try:
                status, _body = get(self.port, "/open311/v2/discovery.json", timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.kill()
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s; see {self.log}")

    def kill(self) -> None:
        """SIGKILL the whole process group (master and workers) and reap the master."""
        if self.process is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


@contextmanager
def serving(env: dict[str, str], workers: int, log: Path) -> Iterator[Server]:
    server = Server(env, workers, log)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# --- the load -----------------------------------------------------------------------------


# What nginx adds in the production setup, where it ends TLS in front of gunicorn; without it
# the production settings redirect every request to https (SECURE_SSL_REDIRECT).
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def get(port: int, path: str, timeout: float = 30) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=PROXY_HEADERS)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def post(port: int, path: str, form: dict[str, str], timeout: float) -> tuple[int, bytes]:
    body = urllib.parse.urlencode(form)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(
            "POST",
            path,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", **PROXY_HEADERS},
        )
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def load_texts() -> list[str]:
    """The held-out evaluation texts (six languages, written for evaluation, not real requests)."""
    with HELDOUT.open(encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]
    texts = [r[-1] for r in rows if len(r) >= 3]
    return texts or ["Sokak lambası yanmıyor."]


class Forms:
    """Form bodies: a real service code, a pin in İzmir, a text from the evaluation set."""

    def __init__(self, api_key: str, services: dict[str, dict[str, str]], seed: int) -> None:
        self.api_key, self.services, self.texts = api_key, services, load_texts()
        self.codes = sorted(services)
        self.random = random.Random(seed)
        self.lock = threading.Lock()

    def next(self) -> dict[str, str]:
        with self.lock:
            r = self.random
            code = r.choice(self.codes)
            return {
                "api_key": self.api_key,
                "jurisdiction_id": "izmir",
                "service_code": code,
                "lat": f"{r.uniform(*LAT_RANGE):.6f}",
                "long": f"{r.uniform(*LON_RANGE):.6f}",
                "description": r.choice(self.texts),
                **self.services[code],
            }


CLIENT_NICE = -10  # the client threads' niceness; the server's stays at 0


class _ClientPriority:
    """Raises each client thread's scheduling priority (Linux sets niceness per thread)."""

    def __init__(self) -> None:
        self.refused: str = ""

    def apply(self) -> None:
        if self.refused:
            return
        try:
            os.setpriority(os.PRIO_PROCESS, 0, CLIENT_NICE)
        except OSError as e:  # not root and no CAP_SYS_NICE: measure at the same priority
            self.refused = str(e)
            print(f"    (client priority not raised: {e})", file=sys.stderr)

    def recorded(self) -> int:
        return 0 if self.refused else CLIENT_NICE


CLIENT_PRIORITY = _ClientPriority()


@dataclass
class Outcome:
    latency: float
    status: int  # 0: no answer (connection refused or reset, time-out)
    code: str = ""


def _code(body: bytes) -> str:
    try:
        return str(json.loads(body)[0]["service_request_id"])
    except (ValueError, KeyError, IndexError, TypeError):
        return ""


def load(
    port: int,
    path: str,
    forms: Forms,
    concurrency: int,
    seconds: float,
    stop: threading.Event | None = None,
    timeout: float = 60.0,
) -> tuple[list[Outcome], float]:
    """``concurrency`` clients POST back to back for ``seconds`` (or until ``stop``)."""
    stop = stop or threading.Event()
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds

    def client() -> None:
        CLIENT_PRIORITY.apply()
        mine: list[Outcome] = []
        while time.perf_counter() < deadline and not stop.is_set():
            form = forms.next()
            t0 = time.perf_counter()
            try:
                status, body = post(port, path, form, timeout)
            except (OSError, http.client.HTTPException):
                mine.append(Outcome(time.perf_counter() - t0, 0))
                if stop.is_set():
                    break
                time.sleep(0.05)
                continue
            mine.append(Outcome(time.perf_counter() - t0, status, _code(body)))
        with lock:
            outcomes.extend(mine)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes, time.perf_counter() - started


def warm_up(port: int, forms: Forms, workers: int, limit: float = 300.0) -> None:
    """Load until a 5-second burst has no slow answer (> 1 s): every worker has loaded the
    language detector and the category model, and the bare view's table is warm."""
    workers = workers or min(2 * (os.cpu_count() or 1) + 1, 9)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        outcomes, _s = load(port, OURS, forms, workers * 2, 5.0, timeout=300)
        if outcomes and max(o.latency for o in outcomes) < 1.0:
            break
    load(port, BARE, forms, workers * 2, 2.0)


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Measurement:
    backend: str
    target: str  # "bare" or "open311"
    concurrency: int
    round: int
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    statuses: dict[str, int]


def measure(
    backend: str, target: str, outcomes: list[Outcome], seconds: float, concurrency: int, rnd: int
) -> Measurement:
    ok = [o.latency for o in outcomes if o.status == 201]
    return Measurement(
        backend,
        target,
        concurrency,
        rnd,
        len(ok),
        len(outcomes) - len(ok),
        round(seconds, 2),
        round(len(ok) / seconds, 1),
        round(quantile(ok, 0.50) * 1000, 1),
        round(quantile(ok, 0.99) * 1000, 1),
        dict(Counter(str(o.status) for o in outcomes)),
    )
