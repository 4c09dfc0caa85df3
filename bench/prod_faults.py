"""Load and faults on the production setup (scripts/prod-local.sh), through nginx.

A closed-loop load of residents (pages, the service guide, anonymous requests posted through
the web form) runs for ``--minutes``; meanwhile the processes a server can lose are killed
with SIGKILL and brought back as their systemd units would (``Restart=always``):

  one gunicorn worker process · a whole web process (gunicorn master and workers) · the task
  worker running a 20 s job, 5 s into it · Redis · PostgreSQL (immediate stop, then start)

It reports, per phase, answers, failures and latency, and at the end checks that every
request a resident was told was received (a tracking code in the answer) is in the database,
and what became of the job whose worker was killed.

  uv run --frozen python bench/prod_faults.py --minutes 10 --json /tmp/prod-faults.json

It starts prod-local with a state folder, ports and a Redis server of its own (Redis is
killed, so never the machine's), and stops it afterwards. Nothing here is compared with
another product: the figures are what a resident would have seen.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
TEXTS = [
    "Sokağımızdaki çöpler üç gündür toplanmadı.",
    "Mülteci Masası'na nasıl başvurabilirim?",
    "أريد أن أسأل عن دروس اللغة التركية للنساء.",
    "Как записать ребёнка в детский центр?",
    "Parktaki salıncaklardan biri kırık, çocuklar için tehlikeli.",
]
PAGES = ["/tr/", "/tr/services/", "/ar/services/", "/tr/requests/", "/tr/legal-aid/"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Sample:
    at: float
    kind: str  # "page", "submit" (the web form) or "open311"
    path: str
    ok: bool
    status: int
    seconds: float


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    events: list[tuple[float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    job: dict[str, object] = field(default_factory=dict)  # the job whose worker was killed
    memory: list[dict[str, object]] = field(default_factory=list)  # MB per process, every 5 s


class ProdLocal:
    def __init__(self, state: Path, with_data: bool) -> None:
        self.state = state
        self.https = free_port()
        self.redis_port = free_port()
        self.web_ports = [free_port(), free_port()]
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("ADILKENT_", "DJANGO_")) and k != "DATABASE_URL"
        }
        self.env.update(
            ADILKENT_PROD_LOCAL_STATE=str(state),
            ADILKENT_PROD_LOCAL_HTTPS=str(self.https),
            ADILKENT_PROD_LOCAL_HTTP=str(free_port()),
            ADILKENT_PROD_LOCAL_WEB_PORTS=" ".join(map(str, self.web_ports)),
            ADILKENT_PROD_LOCAL_REDIS=f"redis://127.0.0.1:{self.redis_port}/0",
            ADILKENT_PROD_LOCAL_DATA="1" if with_data else "0",
        )
        self.base = f"https://127.0.0.1:{self.https}"
        self.cert = str(state / "tls" / "cert.pem")
        self.api_key = ""
        self.service_code = ""

    def prepare_open311(self) -> None:
        """An API key, and a service that takes requests and asks no required question."""
        self.api_key = self.manage("create_api_key", "fault benchmark").split()[-1]
        self.service_code = self.manage(
            "shell",
            "-c",
            "from adilkent.guide.models import Service; "
            "print(Service.objects.filter(accepts_requests=True)"
            ".exclude(attributes__required=True).order_by('code').first().code)",
        ).split()[-1]

    def script(self, command: str) -> None:
        subprocess.run(
            ["bash", "scripts/prod-local.sh", command], cwd=REPO, env=self.env, check=True
        )

    def pid(self, name: str) -> int:
        return int((self.state / "run" / f"{name}.pid").read_text())

    def respawn(self) -> None:
        """What systemd's Restart=always does: start again whatever is not running."""
        self.script("respawn")

    def database_url(self) -> str:
        out = subprocess.run(
            ["bash", "scripts/pg-test-cluster.sh", "url"],
            cwd=REPO,
            env={**self.env, "ADILKENT_PG_STATE": str(self.state / "pg.env")},
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip().splitlines()[-1]

    def manage(self, *args: str) -> str:
        """A management command as the installation's processes run it (settings, keys, DB)."""
        env = dict(self.env, DATABASE_URL=self.database_url())
        for line in (self.state / "adilkent.env").read_text().splitlines():
            if "=" in line and not line.startswith("#"):
                name, value = line.split("=", 1)
                env[name] = value
        return subprocess.run(
            [str(REPO / ".venv" / "bin" / "python"), "manage.py", *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def task(self, task_id: str) -> tuple[str, list[str]]:
        import psycopg

        with psycopg.connect(self.database_url(), autocommit=True) as connection:
            row = connection.execute(
                "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = %s",
                (task_id,),
            ).fetchone()
        if row is None:
            return "missing", []
        ids = row[1] if isinstance(row[1], list) else json.loads(row[1])
        return str(row[0]), list(ids)

    def pg_state(self) -> dict[str, str]:
        lines = (self.state / "pg.env").read_text().splitlines()
        return dict(line.split("=", 1) for line in lines if "=" in line)


def open311(prod: ProdLocal, run: Run, turn: int, number: int) -> tuple[int, bool]:
    """One complaint through Open311 (POST requests.json); acknowledged when the answer is
    201 with the request's token (its tracking code)."""
    answer = requests.post(
        prod.base + "/open311/v2/requests.json",
        data={
            "api_key": prod.api_key,
            "jurisdiction_id": "izmir",
            "service_code": prod.service_code,
            "lat": "38.4237",
            "long": "27.1428",
            "description": TEXTS[turn % len(TEXTS)] + f" (open311 {number}-{turn})",
        },
        verify=prod.cert,
        timeout=30,
    )
    try:
        token = str(answer.json()[0].get("token", "")) if answer.status_code == 201 else ""
    except (ValueError, KeyError, IndexError, AttributeError):
        token = ""
    if token:
        with run.lock:
            run.codes.append(token)
    return answer.status_code, bool(token)


def client(prod: ProdLocal, run: Run, stop: threading.Event, number: int) -> None:
    session = requests.Session()
    turn = number
    token = ""
    while not stop.is_set():
        turn += 1
        if turn % 8 == 4:  # one request in eight: a complaint through Open311
            started = time.perf_counter()
            try:
                status, ok = open311(prod, run, turn, number)
            except requests.RequestException:
                status, ok = 0, False
            with run.lock:
                run.samples.append(
                    Sample(
                        time.monotonic(),
                        "open311",
                        "/open311/v2/requests.json",
                        ok,
                        status,
                        time.perf_counter() - started,
                    )
                )
            continue
        submit = turn % 8 == 0
        started = time.perf_counter()
        status = 0
        ok = False
        path = "/tr/requests/" if submit else PAGES[turn % len(PAGES)]
        try:
            if submit:
                if not token:
                    form = session.get(prod.base + "/tr/requests/", verify=prod.cert, timeout=30)
                    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
                    token = found.group(1) if found else ""
                answer = session.post(
                    prod.base + "/tr/requests/",
                    data={
                        "csrfmiddlewaretoken": token,
                        "kind": "information",
                        "text": TEXTS[turn % len(TEXTS)] + f" ({number}-{turn})",
                        "identity_mode": "anonymous",
                        "preferred_language": "tr",
                    },
                    headers={"Referer": prod.base + "/tr/requests/", "Origin": prod.base},
                    verify=prod.cert,
                    timeout=30,
                    allow_redirects=False,
                )
                status = answer.status_code
                code = re.search(
                    r"/received/([A-Z2-9]{5}-[A-Z2-9]{5})/", answer.headers.get("Location", "")
                )
                ok = status == 302 and code is not None
                if ok and code:
                    with run.lock:
                        run.codes.append(code.group(1))
                elif status == 403:
                    token = ""  # a new session or token after a failure
            else:
                answer = session.get(prod.base + path, verify=prod.cert, timeout=30)
                status = answer.status_code
                ok = status == 200
        except requests.RequestException:
            ok = False
        seconds = time.perf_counter() - started
        with run.lock:
            run.samples.append(
                Sample(time.monotonic(), "submit" if submit else "page", path, ok, status, seconds)
            )


PROCESSES = ("web1", "web2", "worker1", "worker2")


def memory(prod: ProdLocal, run: Run, start: float, stop: threading.Event) -> None:
    """Every 5 s, the resident memory (RSS) of each web process and task worker, all the
    processes of its group summed (a gunicorn master and its workers)."""
    while not stop.wait(5):
        row: dict[str, object] = {"s": round(time.monotonic() - start, 1)}
        for name in PROCESSES:
            try:
                out = subprocess.run(
                    ["ps", "-o", "rss=", "-g", str(prod.pid(name))],
                    capture_output=True,
                    text=True,
                    check=False,
                ).stdout.split()
                row[name] = sum(int(x) for x in out) // 1024  # MB
            except (OSError, ValueError):
                row[name] = None
        with run.lock:
            run.memory.append(row)


def faults(prod: ProdLocal, run: Run, start: float, total: float, stop: threading.Event) -> None:
    """Each fault at its share of the run; the missing part comes back 2 s later."""

    def at(share: float) -> bool:
        return not stop.wait(max(0.0, start + share * total - time.monotonic()))

    def mark(text: str) -> None:
        with run.lock:
            run.events.append((time.monotonic() - start, text))
        print(f"{time.monotonic() - start:7.1f} s  {text}", flush=True)

    def kill_group(name: str) -> None:
        os.killpg(prod.pid(name), signal.SIGKILL)

    if at(0.15):
        children = subprocess.run(
            ["pgrep", "-P", str(prod.pid("web1"))], capture_output=True, text=True
        ).stdout.split()
        os.kill(int(children[0]), signal.SIGKILL)
        mark(f"SIGKILL one gunicorn worker of web1 (pid {children[0]}); its master replaces it")
    if at(0.30):
        kill_group("web1")
        mark("SIGKILL web1 (gunicorn master and workers)")
        time.sleep(2)
        prod.respawn()
        mark("web1 started again")
    if at(0.45):
        # A job of 20 s is enqueued; the worker that takes it is killed in its middle.
        log = prod.state / "job.log"
        task_id = prod.manage(
            "shell",
            "-c",
            "from adilkent.core.tests.jobs import note_and_wait; "
            f"print(note_and_wait.enqueue(path={str(log)!r}, seconds=20).id)",
        ).split()[-1]
        status, ids = prod.task(task_id)
        while status != "RUNNING" and not stop.wait(0.2):
            status, ids = prod.task(task_id)
        time.sleep(5)
        holder = ids[-1]
        name = "worker" + holder.rsplit("-", 1)[-1]
        kill_group(name)
        killed_at = time.monotonic()
        mark(f"SIGKILL task {name} 5 s into a 20 s job")
        time.sleep(2)
        prod.respawn()
        mark(f"task {name} started again")

        def follow() -> None:  # beside the fault schedule, which goes on meanwhile
            status, ids = prod.task(task_id)
            while status not in {"SUCCESSFUL", "FAILED"} and not stop.wait(0.5):
                status, ids = prod.task(task_id)
            text = log.read_text() if log.exists() else ""
            run.job = {
                "task_id": task_id,
                "killed_worker": holder,
                "status": status,
                "worker_ids": ids,
                "finished_s_after_kill": round(time.monotonic() - killed_at, 1),
                "starts": text.count("start"),
                "ends": text.count("done"),
            }
            mark(f"the job cut short ran again and ended {status} ({ids})")

        threading.Thread(target=follow, daemon=True).start()
    if at(0.60):
        os.kill(prod.pid("redis"), signal.SIGKILL)
        mark("SIGKILL Redis (rate limits and caches: all of them lost)")
        time.sleep(2)
        prod.respawn()
        mark("Redis started again, empty")
    if at(0.75):
        pg = prod.pg_state()
        user = pg.get("RUN_USER", "")
        prefix = ["runuser", "-u", user, "--"] if os.geteuid() == 0 and user else []
        mark("PostgreSQL: immediate stop (as if its machine lost power), then start")
        subprocess.run(
            [*prefix, str(Path(pg["PG_BIN"]) / "pg_ctl"), "-D", pg["PG_DIR"] + "/data",
             "restart", "-m", "immediate", "-w", "-t", "120"],
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        mark("PostgreSQL answering again (crash recovery done)")


def _described(sample: Sample) -> str:
    return f"{sample.status} {'GET' if sample.kind == 'page' else 'POST'} {sample.path}"


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summarise(run: Run, start: float, total: float) -> dict[str, object]:
    edges = [0.0, 0.15, 0.30, 0.45, 0.60, 0.75, 1.0]
    names = [
        "steady",
        "after a gunicorn worker was killed",
        "web1 killed and back",
        "task worker killed and back",
        "Redis killed and back",
        "PostgreSQL stopped and back",
    ]
    phases = []
    for name, low, high in zip(names, edges[:-1], edges[1:], strict=True):
        part = [s for s in run.samples if low * total <= s.at - start < high * total]
        failed = [s for s in part if not s.ok]
        seconds = (high - low) * total
        phases.append(
            {
                "phase": name,
                "from_s": round(low * total),
                "answers": len(part),
                "per_second": round(len(part) / seconds, 1),
                "failed": len(failed),
                "failed_statuses": sorted({s.status for s in failed}),
                "failed_by_request": dict(Counter(map(_described, failed)).most_common()),
                "p50_ms": round(1000 * percentile([s.seconds for s in part], 0.50), 1),
                "p95_ms": round(1000 * percentile([s.seconds for s in part], 0.95), 1),
                "p99_ms": round(1000 * percentile([s.seconds for s in part], 0.99), 1),
            }
        )
    timeline = []
    for second in range(int(total)):
        part = [s for s in run.samples if second <= s.at - start < second + 1]
        timeline.append(
            {
                "s": second,
                "answers": len(part),
                "failed": sum(not s.ok for s in part),
                "max_ms": round(1000 * max((s.seconds for s in part), default=0.0), 1),
            }
        )
    return {"phases": phases, "events": run.events, "timeline": timeline}


def plot(result: dict[str, object], path: Path) -> None:
    """Answers and failures per second, slowest answer per second, the faults marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    timeline = result["timeline"]
    assert isinstance(timeline, list)
    seconds = [row["s"] for row in timeline]
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(11, 6), sharex=True)
    top.plot(seconds, [row["answers"] - row["failed"] for row in timeline], label="good answers/s")
    top.plot(seconds, [row["failed"] for row in timeline], color="#b91c1c", label="failed/s")
    top.set_ylabel("answers per second")
    top.legend(loc="upper right")
    bottom.plot(seconds, [row["max_ms"] for row in timeline], color="#374151")
    bottom.set_yscale("log")
    bottom.set_ylabel("slowest answer (ms)")
    bottom.set_xlabel("seconds into the measured run")
    events = result["events"]
    assert isinstance(events, list)
    for when, text in events:
        for axis in (top, bottom):
            axis.axvline(when, color="#9ca3af", linewidth=0.8, linestyle="--")
        top.annotate(
            text.split(" (")[0], (when, top.get_ylim()[1]), rotation=90, fontsize=7,
            va="top", ha="right",
        )  # fmt: skip
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=20.0, help="seconds, not counted")
    parser.add_argument("--no-data", action="store_true", help="skip the real-data import")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--plot", type=Path, help="a PNG of the run, second by second")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="prod-faults-") as folder:
        prod = ProdLocal(Path(folder), with_data=not args.no_data)
        prod.script("start")
        try:
            prod.prepare_open311()
            run = Run()
            stop = threading.Event()
            total = args.minutes * 60
            threads = [
                threading.Thread(target=client, args=(prod, run, stop, n), daemon=True)
                for n in range(args.clients)
            ]
            for thread in threads:
                thread.start()
            # Warm-up, not counted: every process has loaded its code and opened connections.
            time.sleep(args.warmup)
            start = time.monotonic()
            breaker = threading.Thread(target=faults, args=(prod, run, start, total, stop))
            breaker.start()
            sampler = threading.Thread(target=memory, args=(prod, run, start, stop), daemon=True)
            sampler.start()
            stop.wait(total)
            stop.set()
            for thread in [*threads, breaker]:
                thread.join(timeout=60)
            result = summarise(run, start, total)

            import psycopg

            with psycopg.connect(prod.database_url()) as connection:
                stored = {
                    row[0] for row in connection.execute("SELECT tracking_code FROM intake_request")
                }
                tasks = dict(
                    connection.execute(
                        "SELECT status, count(*) FROM django_tasks_database_dbtaskresult "
                        "GROUP BY status"
                    ).fetchall()
                )
            lost = sorted(set(run.codes) - stored)
            result.update(
                {
                    "minutes": args.minutes,
                    "warmup_s": args.warmup,
                    "clients": args.clients,
                    "answers": len(run.samples),
                    "failed": sum(not s.ok for s in run.samples),
                    "acknowledged_requests": len(run.codes),
                    "acknowledged_but_missing": lost,
                    "tasks_by_status": tasks,
                    "job_cut_short": run.job,
                    "memory_mb": run.memory,
                    "answers_by_kind": dict(Counter(s.kind for s in run.samples)),
                    "failed_by_kind": dict(Counter(s.kind for s in run.samples if not s.ok)),
                    "loadavg_end": os.getloadavg(),
                    "p50_ms_overall": round(
                        1000 * statistics.median(s.seconds for s in run.samples), 1
                    ),
                }
            )
            text = json.dumps(result, indent=2, ensure_ascii=False)
            print(json.dumps({k: v for k, v in result.items() if k != "timeline"}, indent=2))
            if args.json:
                args.json.write_text(text)
            if args.plot:
                plot(result, args.plot)
        finally:
            prod.script("stop")


if __name__ == "__main__":
    main()
