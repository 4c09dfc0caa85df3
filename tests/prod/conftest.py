"""The production setup on this machine (scripts/prod-local.sh), for the tests through nginx.

Started once per session with its own state folder, free ports and Redis database, without the
real data (the service guide comes with the migrations); stopped and removed afterwards, its
logs kept under test-artifacts/prod/. These tests run in `make test` as their own part
(ADILKENT_PROD_TESTS=1); elsewhere they are skipped, since they start servers.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "prod"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    enabled = os.environ.get("ADILKENT_PROD_TESTS") == "1"
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.prod)
            if not enabled:
                item.add_marker(
                    pytest.mark.skip(reason="starts nginx and servers: make test-prod runs it")
                )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class ProdLocal:
    base_url: str  # https://127.0.0.1:PORT
    http_url: str
    state: Path
    env: dict[str, str]

    @property
    def certificate(self) -> str:
        """The installation's self-signed certificate: what HTTPS clients here verify against."""
        return str(self.state / "tls" / "cert.pem")

    def credentials(self) -> dict[str, str]:
        lines = (self.state / "staff.txt").read_text().splitlines()
        return dict(line.split("=", 1) for line in lines if "=" in line)

    def database_url(self) -> str:
        result = subprocess.run(
            ["bash", "scripts/pg-test-cluster.sh", "url"],
            cwd=REPO_ROOT,
            env={**self.env, "ADILKENT_PG_STATE": str(self.state / "pg.env")},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip().splitlines()[-1]

    def manage(self, *args: str) -> str:
        """Run a management command as the installation's own processes run (its settings,
        keys and database); its output."""
        env = dict(self.env, DATABASE_URL=self.database_url())
        for line in (self.state / "adilkent.env").read_text().splitlines():
            if "=" in line and not line.startswith("#"):
                name, value = line.split("=", 1)
                env[name] = value
        return subprocess.run(
            [str(REPO_ROOT / ".venv" / "bin" / "python"), "manage.py", *args],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout

    def respawn(self) -> None:
        """What systemd does for a unit that died (Restart=always)."""
        subprocess.run(
            ["bash", "scripts/prod-local.sh", "respawn"],
            cwd=REPO_ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def access_log(self) -> list[str]:
        return (self.state / "log" / "access.log").read_text().splitlines()


@pytest.fixture(scope="session")
def prod_local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProdLocal]:
    state = tmp_path_factory.mktemp("prod-local")
    https, http = _free_port(), _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ADILKENT_", "DJANGO_", "PYTEST_")) and k != "DATABASE_URL"
    }
    env.update(
        ADILKENT_PROD_LOCAL_STATE=str(state),
        ADILKENT_PROD_LOCAL_HTTPS=str(https),
        ADILKENT_PROD_LOCAL_HTTP=str(http),
        ADILKENT_PROD_LOCAL_WEB_PORTS=f"{_free_port()} {_free_port()}",
        ADILKENT_PROD_LOCAL_REDIS="redis://127.0.0.1:6379/4",
        ADILKENT_PROD_LOCAL_DATA="0",
        ADILKENT_PROD_LOCAL_TICK="2",
        # the workers' sign of life, faster than production's (10 s, lost after 60 s) so
        # the test of a worker killed mid-job does not wait a minute
        ADILKENT_TASKS_WORKER_BEAT_SECONDS="1",
        ADILKENT_TASKS_WORKER_LOST_AFTER_SECONDS="6",
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    script = ["bash", "scripts/prod-local.sh"]
    with (ARTIFACTS / "prod-local.log").open("w") as log:
        started = subprocess.run(
            [*script, "start"], cwd=REPO_ROOT, env=env, stdout=log, stderr=log, timeout=900
        )
    try:
        assert started.returncode == 0, f"prod-local did not start: {ARTIFACTS}/prod-local.log"
        # The tests' own Redis database starts empty (rate-limit counts of an earlier run
        # would still be in their hour); the script has made sure Redis is running.
        import redis

        redis.Redis.from_url(env["ADILKENT_PROD_LOCAL_REDIS"]).flushdb()
        yield ProdLocal(f"https://127.0.0.1:{https}", f"http://127.0.0.1:{http}", state, env)
    finally:
        if (state / "log").exists():
            shutil.copytree(state / "log", ARTIFACTS / "log", dirs_exist_ok=True)
        subprocess.run([*script, "stop"], cwd=REPO_ROOT, env=env, capture_output=True, timeout=120)
