"""The intake benchmark's throwaway database (``bench/intake.py``, ``bench/intake_profile.py``).

Built with the project's own commands, as a deployment has it; what was stored is read
directly, not through the application.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import subprocess
import sys
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent


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


if __name__ == "__main__":
    if sys.argv[1:] == ["_prepare"]:  # run by prepare(), with the bench settings
        _prepare_inside()
