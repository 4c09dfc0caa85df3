"""Every command line's ``--help`` ends with examples, and every example runs.

The examples are read from the real help of each command line and of every sub-command its
usage lists (the lines under ``Examples:`` that start with the command), so an example added to
a help later is run here without changing this file. Each one runs in a subprocess, in an empty
folder of its own that holds the small input files the examples name (:data:`FILES`, plus
``need.csv`` from the real places); there:

* ``../shared/data`` (the data folder beside the repository) stands for
  :func:`adilkent.paths.data_dir`;
* an OSM extract that does not exist (``city.osm.pbf``) stands for the smallest real one;
* a command whose help offers ``--seconds`` gets a solver time of :data:`SECONDS`.

An example must exit with 0 (or 1 where its help says 1 means a plan written with sites left
out, and says which) and write what its command writes.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import pytest

from adilkent.cli import ENGINES
from adilkent.paths import PROJECT_DIR, data_dir

# Command lines: how each is typed, and the module that runs it.
CLIS = {
    "adilkent": "adilkent.cli",
    "python -m adilkent.council.lottery": "adilkent.council.lottery",
    "python -m adilkent.surveys.data.make_example_form": "adilkent.surveys.data.make_example_form",
}
DATA = "../shared/data"
SMALL_OSM = data_dir() / "osm" / "Helsinki.osm.pbf"  # the smallest real extract
SECONDS = "0.1"

# Small input files, named as in the examples; places and facilities lie inside SMALL_OSM.
FILES = {
    "places.csv": """\
place_id,name,district,lon,lat,population,women
p1,Kaartinkaupunki,South,24.9445,60.1650,1200,640
p2,Kamppi,South,24.9360,60.1685,5400,2900
p3,Kluuvi,Centre,24.9480,60.1715,800,410
p4,Kruununhaka,Centre,24.9530,60.1730,2600,1350
p5,Etu-Töölö,North,24.9370,60.1760,3100,1700
p6,Kallio,North,24.9500,60.1780,4200,2150
""",
    "facilities.csv": """\
facility_id,name,type,lon,lat,capacity
c1,Clinic one,clinic,24.9420,60.1690,2
c2,Clinic two,clinic,24.9510,60.1760,1
l1,Library,library,24.9390,60.1720,1
""",
    "sites.csv": """\
id,name,lon,lat,service_minutes,demand,allowed_weekdays,window_start,window_end,min_gap_days,max_gap_days
kemeralti,Kemeraltı,27.1290,38.4180,60,1,"Mon,Wed,Fri",09:00,16:00,7,14
alsancak,Alsancak,27.1440,38.4370,45,1,,,,7,
bornova,Bornova,27.2160,38.4620,45,1,Tue,10:00,15:00,7,
buca,Buca,27.1750,38.3880,30,1,,,,14,
""",
    "vehicles.csv": """\
id,name,depot_id,depot_name,depot_lon,depot_lat,capacity,working_weekdays,shift_start,shift_end,break_minutes,max_stops_per_day
van1,Van,konak,Konak,27.1349,38.4287,10,"Mon,Tue,Wed,Thu,Fri",08:00,17:00,60,3
""",
    "pool.csv": "reference,district,sex,age_band\n"
    + "".join(
        f"A{i:03d},{('Konak', 'Buca', 'Bornova')[i % 3]},{('female', 'male')[i // 3 % 2]},"
        f"{('18-29', '30-64', '65+')[i // 6 % 3]}\n"
        for i in range(45)
    ),
    "quotas.csv": """\
feature,value,min,max
district,Konak,4,6
district,Buca,4,6
district,Bornova,4,6
sex,female,7,8
sex,male,7,8
age_band,18-29,3,7
age_band,30-64,3,7
age_band,65+,3,7
""",
}

# What an example of a command writes in its --out folder (glob patterns), by command.
OUTPUTS = {
    ("adilkent", "access", "run"): ("report.html", "summary.json", "*/places.csv", "*/need.csv"),
    ("adilkent", "access", "site"): ("new_sites.csv", "before_after.csv"),
    ("adilkent", "access", "izmir-demo"): (
        "report.html",
        "summary.json",
        "transit_service.csv",
        "hospital/places.csv",
    ),
    ("adilkent", "access", "izmir-export"): ("places.csv", "facilities.csv", "stops.csv"),
    ("adilkent", "routing", "plan"): ("*.json", "*.csv", "*.ics"),
    ("adilkent", "routing", "service"): ("*.json", "*.csv", "*.ics"),
}
# What an example of a command prints, by command (a regular expression on stdout).
PRINTS = {
    ("adilkent", "routing", "benchmark"): r'"gap_percent": \d',
    ("python -m adilkent.council.lottery",): r"^# sortition-algorithms .*\n(A\d{3}\n){15}$",
    ("python -m adilkent.surveys.data.make_example_form",): r"^wrote ",
}
PARTIAL_PLAN = "1 a plan was written"  # the help's words for exit status 1


@dataclass(frozen=True)
class Page:
    """One ``--help``: the command as typed, the sub-command words, the text."""

    command: str
    module: str
    words: tuple[str, ...]
    text: str

    @property
    def key(self) -> tuple[str, ...]:
        return (self.command, *self.words)


@dataclass(frozen=True)
class Example:
    line: str
    page: Page  # the most specific help that shows it

    def __str__(self) -> str:
        return self.line


def _help(module: str, words: tuple[str, ...]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            status = import_module(module).main([*words, "--help"])
        except SystemExit as exit:
            status = exit.code
    assert status in (0, None), f"{module} {' '.join(words)} --help exits with {status}"
    return out.getvalue()


def help_pages() -> list[Page]:
    """Every command line's help and, recursively, its sub-commands' helps."""
    pages = []
    for command, module in CLIS.items():
        waiting: list[tuple[str, ...]] = [()]
        while waiting:
            words = waiting.pop(0)
            page = Page(command, module, words, _help(module, words))
            pages.append(page)
            usage = page.text.split("\n\n")[0]
            listed = re.search(r"\{([\w,-]+)\}\s+(?:\.\.\.|…)", usage)
            if listed:
                waiting.extend((*words, name) for name in listed.group(1).split(","))
    return pages


def examples_of(page: Page) -> list[str]:
    """The lines under ``Examples:`` that start with the command (``\\`` joins lines)."""
    found, inside, pending = [], False, ""
    for line in page.text.splitlines():
        if line.strip() == "Examples:":
            inside = True
            continue
        if line and not line[0].isspace():
            inside = False
        if not inside:
            continue
        text = pending + line.strip()
        if text.endswith("\\"):
            pending = text[:-1]
            continue
        pending = ""
        if text.startswith(page.command + " "):
            found.append(text)
    return found


PAGES = help_pages()


def _examples() -> list[Example]:
    chosen: dict[str, Example] = {}
    for page in PAGES:
        for line in examples_of(page):
            known = chosen.get(line)
            if known is None or len(page.words) > len(known.page.words):
                chosen[line] = Example(line, page)
    return list(chosen.values())


EXAMPLES = _examples()


def test_the_helps_were_found() -> None:
    keys = {page.key for page in PAGES}
    for engine in ENGINES:
        assert ("adilkent", engine) in keys
    assert {("adilkent", "access", "run"), ("adilkent", "routing", "service")} <= keys
    assert len(EXAMPLES) >= len(PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: " ".join(page.key))
def test_every_help_shows_an_example(page: Page) -> None:
    assert examples_of(page), f"{' '.join(page.key)} --help shows no example"


def test_examples_are_read_from_the_help_text() -> None:
    page = Page(
        "adilkent",
        "adilkent.cli",
        ("x",),
        "usage: adilkent x\n\noptions:\n  --out OUT   adilkent x --out is required\n\n"
        "Examples:\n  adilkent x --out a \\\n      --k 2\n  not adilkent x\n"
        "  adilkent x --out b\n\nExit status: 0\nadilkent x --out c\n",
    )
    assert examples_of(page) == ["adilkent x --out a --k 2", "adilkent x --out b"]


def test_every_command_line_of_the_project_is_covered() -> None:
    """A module run as a program (``if __name__ == "__main__"``) is one of :data:`CLIS` or an
    engine's ``cli`` behind ``adilkent``: a new one cannot escape these tests."""
    covered = set(CLIS.values()) | {f"adilkent.{engine}.cli" for engine in ENGINES}
    source = PROJECT_DIR / "src"
    programs = set()
    for path in source.joinpath("adilkent").rglob("*.py"):
        parts = path.relative_to(source).with_suffix("").parts
        if "tests" in parts or "management" in parts or "migrations" in parts:
            continue
        if re.search(r"^if __name__ == .__main__.:", path.read_text(encoding="utf-8"), re.M):
            programs.add(".".join(parts))
    assert programs and programs <= covered, sorted(programs - covered)


def _need_csv() -> str:
    """A need ranking of five real places, shaped like ``adilkent access``'s need.csv."""
    from adilkent.routing.places import read_places_from_data_dir

    places = read_places_from_data_dir(data_dir()).places[:5]
    rows = [f"{(place.codes or (place.id,))[0]},{100 - 10 * n}" for n, place in enumerate(places)]
    return "place_id,need\n" + "\n".join(rows) + "\n"


def _argument(text: str) -> str:
    if text == DATA or text.startswith(DATA + "/"):
        return str(data_dir() / text[len(DATA) :].lstrip("/"))
    if text.endswith(".osm.pbf") and not Path(text).exists():
        return str(SMALL_OSM)
    return text


def command_line(example: Example) -> list[str]:
    words = shlex.split(example.line)[len(shlex.split(example.page.command)) :]
    words = [_argument(word) for word in words]
    if "--seconds" in example.page.text:
        if "--seconds" in words:
            words[words.index("--seconds") + 1] = SECONDS
        else:
            words += ["--seconds", SECONDS]
    return [sys.executable, "-m", example.page.module, *words]


@dataclass(frozen=True)
class Run:
    folder: Path
    done: subprocess.CompletedProcess[str]


def _run(example: Example, folder: Path, need: str) -> Run:
    folder.mkdir(parents=True)
    for name, text in {**FILES, "need.csv": need}.items():
        (folder / name).write_text(text, encoding="utf-8")
    environment = {
        **os.environ,
        "ADILKENT_NETWORK_CACHE": str(folder / "networks"),
        "ADILKENT_VAR_DIR": str(folder / "var"),
    }
    done = subprocess.run(
        command_line(example),
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Run(folder, done)


@pytest.fixture(scope="module")
def runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[Run]]]:
    """The selected examples, started side by side (each in its own folder)."""
    selected = [
        item.callspec.params["example"]
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_example_runs"
        and item.module is sys.modules[__name__]
    ]
    need = _need_csv()
    base = tmp_path_factory.mktemp("examples")
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 1))) as pool:
        yield {
            example.line: pool.submit(_run, example, base / f"example-{number}", need)
            for number, example in enumerate(selected)
        }


def _out(words: list[str], folder: Path) -> Path | None:
    return folder / words[words.index("--out") + 1] if "--out" in words else None


@pytest.mark.skipif(not SMALL_OSM.is_file(), reason="the shared data folder is absent")
@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_example_runs(example: Example, runs: dict[str, Future[Run]]) -> None:
    run = runs[example.line].result()
    folder, done = run.folder, run.done
    report = (
        f"{example.line}\nexit {done.returncode}\n"
        f"--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}"
    )
    allowed = {0}
    if PARTIAL_PLAN in example.page.text and re.search(r"^unserved: ", done.stderr, re.M):
        allowed.add(1)
    assert done.returncode in allowed, report
    assert "Traceback" not in done.stderr, report

    words = shlex.split(example.line)
    key = example.page.key
    out = _out(words, folder)
    if out is not None:
        assert out.exists(), report
        if out.is_dir():
            assert any(out.iterdir()), report
            for pattern in OUTPUTS.get(key, ()):
                files = [f for f in out.glob(pattern) if f.is_file() and f.stat().st_size > 0]
                assert files, f"nothing matches {out}/{pattern}\n{report}"
        else:
            assert out.stat().st_size > 0, report
    else:
        assert done.stdout.strip(), report
    if "--help" in words:
        assert done.stdout.startswith(f"usage: {' '.join(words[: words.index('--help')])}")
    if key in PRINTS:
        assert re.search(PRINTS[key], done.stdout), report
