"""No acknowledged request is lost when the server is killed with SIGKILL under load.

A real server process (``manage.py runserver``, threaded) serves a database of its own, built
with ``migrate`` (SQLite in a temporary directory, or a throwaway database on the suite's
PostgreSQL server). Clients POST to Open311 back to back; the whole server process group is
killed with SIGKILL while they do; every request that had been answered 201 with a
``service_request_id`` must then be in the database, read directly with SQL, and readable
through the restarted server.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[4]
CLIENTS = 6
WANTED_ACKNOWLEDGED = 25


@dataclass
class OwnDatabase:
    url: str
    stored: Callable[[list[str]], set[str]]


def _sqlite(path: Path) -> Callable[[list[str]], set[str]]:
    def stored(codes: list[str]) -> set[str]:
        conn = sqlite3.connect(path)
        try:
            marks = ",".join("?" * len(codes))
            sql = f"SELECT public_id FROM intake_request WHERE public_id IN ({marks})"
            return {row[0] for row in conn.execute(sql, codes)}
        finally:
            conn.close()

    return stored


@pytest.fixture
def own_database(tmp_path: Path) -> Iterator[OwnDatabase]:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        path = tmp_path / "durability.sqlite3"
        yield OwnDatabase(f"sqlite:///{path}", _sqlite(path))
        return
    import psycopg
    from psycopg import sql

    auth = urllib.parse.quote(db.get("USER") or "")
    if db.get("PASSWORD"):
        auth += ":" + urllib.parse.quote(db["PASSWORD"])
    netloc = f"{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    name = f"adilkent_durability_{secrets.token_hex(4)}"
    admin = f"postgresql://{netloc}/postgres"
    url = f"postgresql://{netloc}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def stored(codes: list[str]) -> set[str]:
        with psycopg.connect(url) as conn:
            rows = conn.execute(
                "SELECT public_id FROM intake_request WHERE public_id = ANY(%s)", (codes,)
            )
            return {row[0] for row in rows}

    try:
        yield OwnDatabase(url, stored)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _environment(database_url: str, var_dir: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST_", "DJANGO_", "ADILKENT_")) and k != "DATABASE_URL"
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "adilkent.settings.test",
            "DATABASE_URL": database_url,
            "ADILKENT_VAR_DIR": str(var_dir),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "manage.py"), *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}"
    return done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _call(port: int, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        body = urllib.parse.urlencode(form) if form is not None else None
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if form else {}
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


class Server:
    """``manage.py runserver`` in a process group of its own, so SIGKILL reaches all of it."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = _free_port()
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    str(REPO_ROOT / "manage.py"),
                    "runserver",
                    "--noreload",
                    "--skip-checks",
                    f"127.0.0.1:{self.port}",
                ],
                cwd=REPO_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server exited; see {log}"
            try:
                if _call(self.port, "GET", "/open311/v2/discovery.json")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.kill()
        pytest.fail(f"the server did not answer; see {log}")

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


def _form(api_key: str, n: int) -> dict[str, str]:
    return {
        "api_key": api_key,
        "jurisdiction_id": "izmir",
        "service_code": "him",
        "lat": f"{38.40 + (n % 50) * 0.001:.4f}",
        "long": f"{27.10 + (n % 40) * 0.001:.4f}",
        "description": f"Dayanıklılık denemesi {n}: sokak lambası yanmıyor.",
    }


def test_no_acknowledged_request_is_lost_when_the_server_is_killed(
    own_database: OwnDatabase, tmp_path: Path
) -> None:
    env = _environment(own_database.url, tmp_path / "var")
    _manage(env, "migrate", "--noinput")
    api_key = _manage(env, "create_api_key", "durability test").strip().splitlines()[-1]
    log = tmp_path / "server.log"

    server = Server(env, log)
    # The first request loads the language detector and trains the category model.
    status, body = _call(server.port, "POST", "/open311/v2/requests.json", _form(api_key, 0))
    assert status == 201, body

    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    counter = iter(range(1, 1_000_000))

    def client() -> None:
        while not stop.is_set():
            with lock:
                n = next(counter)
            try:
                status, body = _call(
                    server.port, "POST", "/open311/v2/requests.json", _form(api_key, n)
                )
            except (OSError, http.client.HTTPException):  # refused or cut off by the kill
                continue
            if status == 201:
                with lock:
                    acknowledged.append(json.loads(body)[0]["service_request_id"])

    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    while len(acknowledged) < WANTED_ACKNOWLEDGED and time.monotonic() < deadline:
        time.sleep(0.05)
    server.kill()  # mid-load: the clients are still sending
    stop.set()
    for thread in threads:
        thread.join(timeout=150)

    assert len(acknowledged) >= WANTED_ACKNOWLEDGED, "too few requests were answered to judge"
    missing = set(acknowledged) - own_database.stored(acknowledged)
    assert not missing, f"{len(missing)} acknowledged requests are not in the database"

    restarted = Server(env, log)
    try:
        for code in acknowledged[-5:]:
            status, body = _call(restarted.port, "GET", f"/open311/v2/requests/{code}.json")
            assert status == 200, body
            assert json.loads(body)[0]["service_request_id"] == code
        status, body = _call(
            restarted.port, "POST", "/open311/v2/requests.json", _form(api_key, 10**6)
        )
        assert status == 201, body
    finally:
        restarted.kill()
