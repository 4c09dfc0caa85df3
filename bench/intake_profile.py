"""Where the Open311 POST spends its time, inside one process (no HTTP server, no load).

Builds a throwaway database as ``bench/intake_db.py`` does (``migrate``, ``import_izmir``,
``load_units``, ``intake_train_classifier``), then posts the same form bodies through Django's
test client with the benchmark's settings: first the bare view and the Open311 POST
``--requests`` times each (milliseconds per request), then the Open311 POST again with the
intake's steps timed one by one (validation, the service's questions, the pin's mahalle,
language, category, routing) and every SQL statement's time summed by statement.

    uv run --frozen --group bench python bench/intake_profile.py --backend postgresql

A profile, not a benchmark: no competitor and no ratio is published from it; it says which
step to look at.
"""

from __future__ import annotations

import argparse
import collections
import functools
import json
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import intake_db  # noqa: E402 (the benchmark's own helpers)
import intake_load  # noqa: E402

STEPS = [
    ("adilkent.intake.open311", "_create"),
    ("adilkent.intake.services", "_validate"),
    ("adilkent.intake.services", "clean_attributes"),
    ("adilkent.intake.services", "place_at"),
    ("adilkent.intake.services", "detect_language"),
    ("adilkent.intake.services", "suggest_category"),
    ("adilkent.intake.selectors", "route_unit_id"),
    ("adilkent.intake.selectors", "route"),
    ("adilkent.intake.selectors", "mahalle_at"),
]


def _inside(state: Path, requests: int, profile_out: str = "") -> None:
    """(In a subprocess with the bench settings.) Time the two views, then the steps."""
    import importlib

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    info = json.loads(state.read_text())
    forms = intake_load.Forms(info["api_key"], info["services"], seed=1)
    client = Client(HTTP_HOST="127.0.0.1")

    def post(path: str) -> None:
        body = urllib.parse.urlencode(forms.next())
        response = client.post(
            path, body, content_type="application/x-www-form-urlencoded", secure=True
        )
        if response.status_code != 201:
            raise RuntimeError(f"{path}: {response.status_code} {response.content[:200]!r}")

    for _ in range(30):
        post(intake_load.OURS)
        post(intake_load.BARE)
    for path in (intake_load.BARE, intake_load.OURS):
        started = time.perf_counter()
        for _ in range(requests):
            post(path)
        print(f"{path}: {(time.perf_counter() - started) / requests * 1000:.2f} ms a request")

    spent: dict[str, float] = collections.defaultdict(float)

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started

        return wrapper

    for module_name, name in STEPS:
        module = importlib.import_module(module_name)
        if hasattr(module, name):  # older code has other steps
            setattr(module, name, timed(name, getattr(module, name)))

    def sql(execute: Any, statement: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            spent["SQL: " + statement[:70]] += time.perf_counter() - started

    if profile_out:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            post(intake_load.OURS)
        profiler.disable()
        profiler.dump_stats(profile_out)
        print(f"cProfile of {requests} Open311 POSTs written to {profile_out}")
    started = time.perf_counter()
    with connection.execute_wrapper(sql):
        for _ in range(requests):
            post(intake_load.OURS)
    spent["the whole POST (test client)"] = time.perf_counter() - started
    print("\nOpen311 POST, by step (ms a request; steps nest: _create holds the others):")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"{seconds / requests * 1000:8.3f}  {name}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_inside"]:
        _inside(Path(argv[1]), int(argv[2]), argv[3] if len(argv) > 3 else "")
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument(
        "--cprofile", default="", help="also write a cProfile of the Open311 POSTs to this file"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="intake-profile-") as tmp:
        workdir = Path(tmp)
        database = (
            intake_db._sqlite_database(workdir)
            if args.backend == "sqlite"
            else intake_db._postgres_database(args.pg_url)
        )
        try:
            env = intake_db.server_env(database, workdir)
            state = workdir / "state.json"
            state.write_text(json.dumps(intake_db.prepare(env, workdir / "log")))
            subprocess.run(  # noqa: S603 (this file)
                [
                    sys.executable,
                    __file__,
                    "_inside",
                    str(state),
                    str(args.requests),
                    str(Path(args.cprofile).resolve()) if args.cprofile else "",
                ],
                cwd=intake_db.REPO_ROOT,
                env={**env, "PYTHONWARNINGS": "ignore"},
                check=True,
            )
        finally:
            database.drop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
