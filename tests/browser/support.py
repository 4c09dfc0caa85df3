"""Plain helpers for the browser tests: no Playwright and no Django import, unit-tested alone."""

from __future__ import annotations

import ipaddress
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts" / "browser"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]

#: The languages of the interface and their writing direction.
LANGUAGE_DIRECTIONS = {
    "tr": "ltr",
    "en": "ltr",
    "ar": "rtl",
    "fa": "rtl",
    "ru": "ltr",
    "uk": "ltr",
}

BLOCKING_IMPACTS = frozenset({"serious", "critical"})

# Schemes that never leave the browser.
_LOCAL_SCHEMES = frozenset({"data", "blob", "about", "chrome", "chrome-extension", "devtools"})


def is_loopback_url(url: str) -> bool:
    """True if loading ``url`` cannot reach another machine (loopback host or in-page data).

    >>> is_loopback_url("http://127.0.0.1:8123/static/x.js")
    True
    >>> is_loopback_url("https://unpkg.com/leaflet/dist/leaflet.js")
    False
    """
    parts = urlsplit(url)
    if parts.scheme in _LOCAL_SCHEMES:
        return True
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Violation:
    """One axe-core rule that failed, with the elements it failed on."""

    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def describe(self) -> str:
        nodes = "\n".join(f"      {t}" for t in self.targets[:10])
        more = f"\n      ... and {len(self.targets) - 10} more" if len(self.targets) > 10 else ""
        return f"  [{self.impact}] {self.rule}: {self.help}\n{nodes}{more}"


def blocking_violations(response: Mapping[str, Any]) -> list[Violation]:
    """The violations of impact "serious" or "critical" in an axe-core ``run`` result."""
    found = []
    for item in response.get("violations", []):
        impact = item.get("impact") or ""
        if impact not in BLOCKING_IMPACTS:
            continue
        targets = tuple(
            " ".join(str(part) for part in node.get("target", [])) for node in item.get("nodes", [])
        )
        found.append(Violation(item.get("id", "?"), impact, item.get("help", ""), targets))
    return found


def format_violations(where: str, violations: Iterable[Violation]) -> str:
    lines = [f"axe-core found serious or critical violations on {where}:"]
    lines += [v.describe() for v in violations]
    return "\n".join(lines)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def with_database(url: str, name: str) -> str:
    """The same server URL with another database name."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def database_url_from_env(environ: Mapping[str, str]) -> str:
    """The DATABASE_URL the settings would read (``ADILKENT_`` prefix first)."""
    return environ.get("ADILKENT_DATABASE_URL") or environ.get("DATABASE_URL") or ""


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def run_logged(args: list[str], env: Mapping[str, str], log: Path, timeout: float) -> None:
    """Run a command from the repository root, its output appended to ``log``; raise on failure."""
    with log.open("a") as out:
        out.write(f"$ {' '.join(args)}\n")
        out.flush()
        started = time.monotonic()
        result = subprocess.run(
            args,
            cwd=REPO_ROOT,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
        )
        out.write(f"(exit {result.returncode} after {time.monotonic() - started:.1f} s)\n")
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args[1:])} failed with exit {result.returncode}; last lines of {log}:\n"
            + tail(log)
        )


def manage(*args: str) -> list[str]:
    return [sys.executable, str(REPO_ROOT / "manage.py"), *args]


@dataclass
class Server:
    """The real application (``manage.py runserver``) in a subprocess on a loopback port."""

    env: Mapping[str, str]
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = self.log.open("ab")
        self.process = subprocess.Popen(
            manage("runserver", "--noreload", f"127.0.0.1:{self.port}"),
            cwd=REPO_ROOT,
            env=dict(self.env),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the server exited with {self.process.returncode}; last lines of "
                    f"{self.log}:\n{tail(self.log)}"
                )
            try:
                with urllib.request.urlopen(self.base_url + "/", timeout=5):
                    return
            except urllib.error.HTTPError:
                return  # it answers; what it answers is for the tests to judge
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def server_environment(base: Mapping[str, str], **overrides: str) -> dict[str, str]:
    """The environment for the server and its set-up commands: the demo settings, offline maps."""
    env = {k: v for k, v in base.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    for name in ("DATABASE_URL", "SQLITE_PATH", "MAP_TILE_URL", "MAP_TILE_ATTRIBUTION"):
        env.pop(name, None)
        env.pop(f"ADILKENT_{name}", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "adilkent.settings.local",
            # The tests' databases are throwaway: the demo keys may encrypt them, also on
            # PostgreSQL (where the settings otherwise refuse them).
            "ADILKENT_ALLOW_DEMO_KEYS": "1",
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update(overrides)
    return env


def data_dir(environ: Mapping[str, str]) -> Path:
    """The real data directory, found the way the settings find it."""
    given = environ.get("ADILKENT_DATA_DIR") or environ.get("DATA_DIR")
    return Path(given) if given else REPO_ROOT.parent / "shared" / "data"
