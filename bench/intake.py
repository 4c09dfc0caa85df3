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
import json
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from intake_db import (
    REPO_ROOT,
    Database,
    _postgres_database,
    _sqlite_database,
    count_requests,
    prepare,
    server_env,
    stored_codes,
)
from intake_load import (
    BARE,
    CLIENT_PRIORITY,
    OURS,
    Forms,
    Measurement,
    Outcome,
    Server,
    load,
    measure,
    post,
    serving,
    warm_up,
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
