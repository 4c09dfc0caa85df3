"""Intake benchmark: POST /open311/v2/requests.json against a bare Django view that writes a row.

For each database (SQLite in WAL mode, PostgreSQL) the script builds a throwaway database with
the project's own commands (``migrate``, then ``import_izmir`` for the real mahalle boundaries
that place a pin), starts gunicorn with a fixed number of sync workers, warms both endpoints,
then loads them in turn at each concurrency level, several rounds, interleaved (bare, ours,
bare, ours, ...), so that both see the same machine state. Each client is a thread that sends
one form-encoded POST after another (closed loop); the latency of a request runs from the
connection to the last byte of the answer.

The clients share the machine with the server, whose workers keep both cores busy at 16
clients. A client thread that the scheduler runs late takes its time stamp late, and the
server's answer looks slower than it was (on the Open311 POST: single rounds with a p99 of
94–116 ms while no request took the server more than 28 ms, measured inside the workers). So
the client threads run at a higher scheduling priority than the server (``CLIENT_NICE``, when
the script may raise it, recorded in the JSON as ``client_nice``), as a load generator on
another machine would be; the bare view and ours are measured alike.

Then the SIGKILL test: under load, the whole server process group is killed with SIGKILL at a
random moment, restarted, and every request that had been answered 201 with a
``service_request_id`` is looked up in the database directly; lost must be 0.

    uv run --frozen --group bench python bench/intake.py
    uv run --frozen --group bench python bench/intake.py --backends sqlite \
        --concurrency 1 8 --seconds 5 --rounds 1 --kill-rounds 1      # a quick look

Results: a Markdown summary on stdout and the raw figures as JSON (``--json``).
Nothing here is imported by the product; the baseline view lives in ``bench/intake_urls.py``.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import platform
import random
import secrets
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
HELDOUT = REPO_ROOT / "src" / "adilkent" / "intake" / "evaluation" / "heldout.tsv"
OURS = "/open311/v2/requests.json"
BARE = "/bench/bare-row.json"
# Points are drawn in a box around central İzmir (Karşıyaka, Bayraklı, Konak, Buca, Karabağlar).
LAT_RANGE = (38.38, 38.48)
LON_RANGE = (27.08, 27.22)


# --- the database -------------------------------------------------------------------------


@dataclass
class Database:
    backend: str  # "sqlite" or "postgresql"
    url: str
    drop: Callable[[], None] = field(default=lambda: None)


def _sqlite_database(workdir: Path) -> Database:
    path = workdir / "intake-bench.sqlite3"
    return Database("sqlite", f"sqlite:///{path}")


def _postgres_database(server_url: str) -> Database:
    import psycopg
    from psycopg import sql

    name = f"adilkent_bench_{secrets.token_hex(4)}"
    parts = urllib.parse.urlsplit(server_url)
    admin = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, "", ""))
    return Database("postgresql", url, drop)


def server_env(database: Database, workdir: Path) -> dict[str, str]:
    """The environment of the set-up commands and of the server: the bench settings."""
    from cryptography.fernet import Fernet

    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADILKENT_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "intake_settings",
            "PYTHONPATH": os.pathsep.join(p for p in (str(BENCH_DIR), env.get("PYTHONPATH")) if p),
            "DATABASE_URL": database.url,
            "ADILKENT_VAR_DIR": str(workdir / "var"),
            "ADILKENT_SECRET_KEY": secrets.token_urlsafe(40),
            "ADILKENT_ALLOW_SQLITE": "1",
            # Required by production; the bench replaces the cache (intake_settings.py).
            "ADILKENT_REDIS_URL": "redis://127.0.0.1:6379/0",
            "ADILKENT_CASES_KEYS": Fernet.generate_key().decode(),
            "ADILKENT_CASES_PEPPER": secrets.token_urlsafe(24),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def run(args: list[str], env: dict[str, str], log: Path) -> str:
    """Run a command from the repository root; its stderr goes to ``log``; returns stdout."""
    with log.open("a") as err:
        result = subprocess.run(  # noqa: S603 (our own commands)
            args, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=err, text=True, check=False
        )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}); see {log}")
    return result.stdout


def prepare(env: dict[str, str], log: Path) -> dict[str, Any]:
    """migrate, import the real places, load the units and routing rules and train the
    category model as a deployment does (``demo_data`` runs the same commands), create the
    baseline table and an API key."""
    manage = [sys.executable, str(REPO_ROOT / "manage.py")]
    run([*manage, "migrate", "--noinput"], env, log)
    run([*manage, "import_izmir"], env, log)
    run([*manage, "load_units"], env, log)
    run([*manage, "intake_train_classifier"], env, log)
    out = run([sys.executable, __file__, "_prepare"], env, log)
    return dict(json.loads(out.strip().splitlines()[-1]))


def _prepare_inside() -> None:
    """(In a subprocess with the bench settings.) Baseline table, API key, the services.

    For each service that takes requests: the answers to its required questions, as a client
    following the service definition would send them.
    """
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone
    from intake_urls import BareRow  # type: ignore[import-not-found]

    from adilkent.guide.models import AttributeType, Service
    from adilkent.intake.models import ApiKey
    from adilkent.places.models import Mahalle

    with connection.schema_editor() as editor:
        editor.create_model(BareRow)
    key = secrets.token_urlsafe(24)
    ApiKey.objects.create(name="intake benchmark", key=key)
    services: dict[str, dict[str, str]] = {}
    for service in Service.objects.filter(accepts_requests=True).order_by("code"):
        answers: dict[str, str] = {}
        for attribute in service.attributes.filter(required=True):
            keys = sorted(attribute.value_keys())
            if attribute.datatype == AttributeType.SINGLE:
                answers[f"attribute[{attribute.code}]"] = keys[0]
            elif attribute.datatype == AttributeType.MULTI:
                answers[f"attribute[{attribute.code}][]"] = keys[0]
            elif attribute.datatype == AttributeType.NUMBER:
                answers[f"attribute[{attribute.code}]"] = "2"
            elif attribute.datatype == AttributeType.DATETIME:
                answers[f"attribute[{attribute.code}]"] = timezone.localdate().isoformat()
            else:
                answers[f"attribute[{attribute.code}]"] = "bench"
        services[service.code] = answers
    print(json.dumps({"api_key": key, "services": services, "mahalle": Mahalle.objects.count()}))


def stored_codes(database: Database, codes: list[str]) -> set[str]:
    """Which of these tracking codes are in the database (read directly, not through the app)."""
    found: set[str] = set()
    chunks = [codes[i : i + 500] for i in range(0, len(codes), 500)]
    if database.backend == "sqlite":
        path = database.url.removeprefix("sqlite:///")
        conn = sqlite3.connect(path)
        try:
            for chunk in chunks:
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    f"SELECT public_id FROM intake_request WHERE public_id IN ({marks})",  # noqa: S608
                    chunk,
                )
                found.update(r[0] for r in rows)
        finally:
            conn.close()
    else:
        import psycopg

        with psycopg.connect(database.url) as conn:
            for chunk in chunks:
                rows = conn.execute(
                    "SELECT public_id FROM intake_request WHERE public_id = ANY(%s)",
                    (chunk,),
                )
                found.update(r[0] for r in rows)
    return found


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


# --- the SIGKILL test ---------------------------------------------------------------------


@dataclass
class KillRound:
    backend: str
    round: int
    killed_after_s: float
    acknowledged: int
    lost: int
    unanswered: int  # requests in flight or refused around the kill (never acknowledged)
    stored_unanswered: int  # of those, how many had been stored anyway (harmless)
    post_after_restart: int  # HTTP status of a POST to the restarted server


def kill_test(
    database: Database,
    env: dict[str, str],
    workers: int,
    forms: Forms,
    concurrency: int,
    rounds: int,
    log: Path,
    rng: random.Random,
) -> list[KillRound]:
    results = []
    for rnd in range(1, rounds + 1):
        server = Server(env, workers, log)
        server.start()
        # Warm both workers first: the kill must land in steady writing, not in model loading.
        warm_up(server.port, forms, workers)
        before = count_requests(database)
        stop = threading.Event()
        box: dict[str, Any] = {}

        def loader(
            port: int = server.port, stop: threading.Event = stop, box: dict[str, Any] = box
        ) -> None:
            box["outcomes"], _s = load(port, OURS, forms, concurrency, 120.0, stop, timeout=30)

        thread = threading.Thread(target=loader)
        thread.start()
        after = rng.uniform(2.0, 6.0)
        time.sleep(after)
        server.kill()
        stop.set()
        thread.join()
        outcomes: list[Outcome] = box["outcomes"]
        acknowledged = [o.code for o in outcomes if o.status == 201 and o.code]
        unanswered = [o for o in outcomes if o.status == 0]
        stored = count_requests(database) - before
        present = stored_codes(database, acknowledged)
        server = Server(env, workers, log)
        server.start()
        try:
            status, _body = post(server.port, OURS, forms.next(), timeout=300)
        finally:
            server.stop()
        results.append(
            KillRound(
                database.backend,
                rnd,
                round(after, 2),
                len(acknowledged),
                len(set(acknowledged) - present),
                len(unanswered),
                stored - len(present),
                status,
            )
        )
    return results


def count_requests(database: Database) -> int:
    if database.backend == "sqlite":
        conn = sqlite3.connect(database.url.removeprefix("sqlite:///"))
        try:
            return int(conn.execute("SELECT count(*) FROM intake_request").fetchone()[0])
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(database.url) as conn:
        row = conn.execute("SELECT count(*) FROM intake_request").fetchone()
        return int(row[0]) if row else 0


# --- the run ------------------------------------------------------------------------------


def versions(database_urls: dict[str, str]) -> dict[str, str]:
    import django

    found = {
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "kernel": platform.release(),
        "cores": str(os.cpu_count()),
    }
    try:
        import gunicorn

        found["gunicorn"] = gunicorn.__version__
    except ImportError:
        found["gunicorn"] = "missing"
    if "postgresql" in database_urls:
        import psycopg

        with psycopg.connect(database_urls["postgresql"]) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            found["postgresql"] = str(row[0]) if row else "?"
    try:
        found["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        found["commit"] = "?"
    return found


def uptime() -> str:
    try:
        done = subprocess.run(["uptime"], capture_output=True, text=True, check=False)  # noqa: S607
        return done.stdout.strip()
    except OSError:
        return "?"


def summarise(measurements: list[Measurement]) -> list[dict[str, Any]]:
    """Per backend and concurrency: the median over rounds of each target, and the ratios."""
    rows = []
    keys = sorted({(m.backend, m.concurrency) for m in measurements})
    for backend, concurrency in keys:
        row: dict[str, Any] = {"backend": backend, "concurrency": concurrency}
        for target in ("bare", "open311"):
            ms = [
                m
                for m in measurements
                if (m.backend, m.concurrency, m.target) == (backend, concurrency, target)
            ]
            row[f"{target}_rps"] = round(statistics.median(m.rps for m in ms), 1)
            row[f"{target}_p50_ms"] = round(statistics.median(m.p50_ms for m in ms), 1)
            row[f"{target}_p99_ms"] = round(statistics.median(m.p99_ms for m in ms), 1)
            row[f"{target}_errors"] = sum(m.errors for m in ms)
            codes: Counter[str] = Counter()
            for m in ms:
                codes.update({k: v for k, v in m.statuses.items() if k != "201"})
            row[f"{target}_error_statuses"] = dict(codes)
            row[f"{target}_rps_range"] = [min(m.rps for m in ms), max(m.rps for m in ms)]
            row[f"{target}_p99_range"] = [min(m.p99_ms for m in ms), max(m.p99_ms for m in ms)]
        row["rps_ratio"] = round(row["open311_rps"] / row["bare_rps"], 3)
        row["p99_ratio"] = round(row["open311_p99_ms"] / row["bare_p99_ms"], 2)
        # The ratio within each round (bare and ours measured back to back), its range.
        by_round: dict[int, dict[str, float]] = {}
        for m in measurements:
            if (m.backend, m.concurrency) == (backend, concurrency):
                by_round.setdefault(m.round, {})[m.target] = m.rps
        ratios = [
            r["open311"] / r["bare"] for r in by_round.values() if r.get("bare") and "open311" in r
        ]
        row["rps_ratio_range"] = [round(min(ratios), 3), round(max(ratios), 3)] if ratios else []
        rows.append(row)
    return rows


def markdown(summary: list[dict[str, Any]], kills: list[KillRound]) -> str:
    def span(values: list[float]) -> str:
        return f"({values[0]}–{values[1]})" if values else ""

    lines = [
        "| database | clients | bare req/s | ours req/s | ours/bare (per round) | bare p50 |"
        " ours p50 | bare p99 | ours p99 | p99 ours/bare | errors (bare/ours) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in summary:
        lines.append(
            f"| {r['backend']} | {r['concurrency']} | {r['bare_rps']} {span(r['bare_rps_range'])}"
            f" | {r['open311_rps']} {span(r['open311_rps_range'])} |"
            f" {r['rps_ratio']} {span(r['rps_ratio_range'])} | {r['bare_p50_ms']} ms |"
            f" {r['open311_p50_ms']} ms | {r['bare_p99_ms']} ms |"
            f" {r['open311_p99_ms']} ms {span(r['open311_p99_range'])} | {r['p99_ratio']} |"
            f" {r['bare_errors']}/{r['open311_errors']} |"
        )
    if kills:
        lines += [
            "",
            "| database | kill round | killed after | acknowledged (201) | lost |"
            " unanswered at the kill | of those stored | POST after restart |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for k in kills:
            lines.append(
                f"| {k.backend} | {k.round} | {k.killed_after_s} s | {k.acknowledged} |"
                f" **{k.lost}** | {k.unanswered} | {k.stored_unanswered} | {k.post_after_restart} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["_prepare"]:
        sys.path.insert(0, str(BENCH_DIR))
        _prepare_inside()
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="sync workers; 0: gunicorn with deploy/gunicorn.conf.py, as in production",
    )
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--seconds", type=float, default=10.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds per level")
    parser.add_argument("--kill-rounds", type=int, default=3)
    parser.add_argument("--kill-concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument("--json", type=Path, help="write the raw figures here")
    args = parser.parse_args(argv)
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        parser.error("gunicorn is needed: uv run --frozen --group bench python ...")

    rng = random.Random(args.seed)
    measurements: list[Measurement] = []
    kills: list[KillRound] = []
    info: dict[str, Any] = {"command": " ".join([Path(sys.argv[0]).name, *argv])}
    info["uptime_before"] = uptime()
    info["commit_at_start"] = versions({}).get("commit", "?")
    with tempfile.TemporaryDirectory(prefix="intake-bench-") as tmp:
        workdir = Path(tmp)
        log = workdir / "bench.log"
        urls: dict[str, str] = {}
        for backend in args.backends:
            database = (
                _sqlite_database(workdir)
                if backend == "sqlite"
                else _postgres_database(args.pg_url)
            )
            try:
                env = server_env(database, workdir)
                (workdir / "var").mkdir(exist_ok=True)
                t0 = time.perf_counter()
                prepared = prepare(env, log)
                print(
                    f"==> {backend}: database ready in {time.perf_counter() - t0:.0f} s "
                    f"({prepared['mahalle']} mahalle, {len(prepared['services'])} services)",
                    file=sys.stderr,
                )
                if database.backend == "postgresql":
                    urls["postgresql"] = database.url
                    info["versions"] = versions(urls)
                forms = Forms(prepared["api_key"], prepared["services"], args.seed)
                with serving(env, args.workers, log) as server:
                    warm_up(server.port, forms, args.workers)
                    for concurrency in args.concurrency:
                        for rnd in range(1, args.rounds + 1):
                            for target, path in (("bare", BARE), ("open311", OURS)):
                                outcomes, secs = load(
                                    server.port, path, forms, concurrency, args.seconds
                                )
                                m = measure(backend, target, outcomes, secs, concurrency, rnd)
                                measurements.append(m)
                                print(f"    {m}", file=sys.stderr)
                kills += kill_test(
                    database,
                    env,
                    args.workers,
                    forms,
                    args.kill_concurrency,
                    args.kill_rounds,
                    log,
                    rng,
                )
            finally:
                database.drop()
        info["versions"] = info.get("versions") or versions(urls)
    info["uptime_after"] = uptime()
    info["client_nice"] = CLIENT_PRIORITY.recorded()
    summary = summarise(measurements)
    print(markdown(summary, kills))
    print(f"\nbefore: {info['uptime_before']}\nafter:  {info['uptime_after']}")
    print(json.dumps(info["versions"]))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "info": info,
                    "summary": summary,
                    "measurements": [asdict(m) for m in measurements],
                    "kills": [asdict(k) for k in kills],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    return 0 if all(k.lost == 0 for k in kills) else 1


if __name__ == "__main__":
    raise SystemExit(main())
