"""The command line, run on the real files, gives the dashboard's İzmir hospital figures.

``adilkent access izmir-export`` then ``adilkent access run`` read ``shared/data`` directly (no
database); the dashboard's analysis reads the database that ``demo_data`` filled from the
same files. Both must agree: the same places, people, shares and inequality indices.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from .conftest import ServedDatabase
from .support import REPO_ROOT, data_dir, manage, run_logged, server_environment

pytestmark = pytest.mark.browser

STORED = (
    "import json; from adilkent.analytics.models import AccessAnalysis as A; "
    "a = A.objects.filter(facility_type__code='hospital', status='done').first(); "
    "print(json.dumps(a.results))"
)


def test_cli_reproduces_the_stored_hospital_analysis(
    served_database: ServedDatabase, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    env = server_environment(
        os.environ, ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")), **served_database.env
    )
    log = served_database.artefacts / "access-cli.log"
    run_logged(manage("run_access_analysis", "hospital"), env, log, 600)
    shell = subprocess.run(
        manage("shell", "-c", STORED),
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert shell.returncode == 0, shell.stderr
    stored = json.loads(shell.stdout.strip().splitlines()[-1])

    cli = [sys.executable, "-m", "adilkent.cli", "access"]
    inputs, out = tmp_path / "inputs", tmp_path / "run"
    for args in (
        ["izmir-export", "--data", str(data_dir(os.environ)), "--out", str(inputs)],
        [
            "run",
            "--places",
            str(inputs / "places.csv"),
            "--facilities",
            str(inputs / "facilities.csv"),
            "--groups",
            "total,village",
            "--types",
            "hospital",
            "--no-progress",
            "--out",
            str(out),
        ],
    ):
        done = subprocess.run(
            [*cli, *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr
    summary = json.loads((out / "summary.json").read_text())["hospital"]
    places = pd.read_csv(out / "hospital" / "places.csv")

    assert len(places) == stored["mahalle_measured"]
    assert int(places["total"].sum()) == stored["population"]
    assert summary["parameters"]["facilities"] == stored["facilities"]
    by_threshold = {row["threshold"]: row for row in summary["share_within"]}
    for row in stored["shares"]:
        cli_row = by_threshold[row["threshold"]]
        assert cli_row["total"] == pytest.approx(row["total"], abs=1e-9)
        assert cli_row["village"] == pytest.approx(row["village"], abs=1e-9)
    for key in ("gini_2sfca", "gini_nearest_minutes", "theil_2sfca", "theil_between_districts"):
        assert summary["equity"][key] == pytest.approx(stored["equity"][key], rel=1e-9), key
    mean = (places["nearest_minutes"] * places["total"]).sum() / places["total"].sum()
    assert mean == pytest.approx(stored["mean_minutes"], rel=1e-9)
    # Place by place: the same minutes for the same (district, population) pairs.
    cli_minutes = sorted(
        zip(places["total"].astype(int), places["nearest_minutes"].round(6), strict=True)
    )
    db_minutes = sorted((p["population"], round(p["minutes"], 6)) for p in stored["places"])
    assert cli_minutes == db_minutes
