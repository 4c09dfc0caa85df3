"""``access run`` and ``access site`` find the population as their help says: the columns
``--groups`` names, else a column ``total``, else a column ``population``; with none of these the
error names the columns the file has."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adilkent.access.cli import DEFAULT_GROUPS, build_parser, main, population_groups
from adilkent.access.data import InputError

FACILITIES = "facility_id,lon,lat,type\nf1,27.000,38.40,clinic\n"


def _places(tmp_path: Path, header: str) -> Path:
    path = tmp_path / "places.csv"
    rows = ["a,27.00,38.40,1000,400", "b,27.01,38.40,500,200", "c,27.30,38.60,200,90"]
    path.write_text(f"place_id,lon,lat,{header}\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _run(tmp_path: Path, header: str, *extra: str) -> int:
    facilities = tmp_path / "facilities.csv"
    facilities.write_text(FACILITIES, encoding="utf-8")
    return main(
        [
            "run",
            "--places",
            str(_places(tmp_path, header)),
            "--facilities",
            str(facilities),
            "--out",
            str(tmp_path / "out"),
            "--no-progress",
            *extra,
        ]
    )


def _groups_of_run(tmp_path: Path) -> list[str]:
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    return sorted(set(summary["clinic"]["share_within"][0]) - {"threshold"})


def _option_help(command: str, option: str) -> str:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    action = next(a for a in sub.choices[command]._actions if option in a.option_strings)
    return " ".join(str(action.help).split())


@pytest.mark.parametrize("command", ["run", "site"])
def test_the_help_names_the_columns_used_without_groups(command: str) -> None:
    for name in DEFAULT_GROUPS:
        assert f"'{name}'" in _option_help(command, "--places")
        assert f"'{name}'" in _option_help(command, "--groups")
    assert "--groups" in _option_help(command, "--places")


def test_a_population_column_is_the_demand_without_groups(tmp_path: Path) -> None:
    assert _run(tmp_path, "population,women") == 0
    assert _groups_of_run(tmp_path) == ["population"]


def test_total_comes_before_population(tmp_path: Path) -> None:
    assert _run(tmp_path, "total,population") == 0
    assert _groups_of_run(tmp_path) == ["total"]


def test_groups_names_the_columns(tmp_path: Path) -> None:
    assert _run(tmp_path, "people,women", "--groups", "people,women") == 0
    assert _groups_of_run(tmp_path) == ["people", "women"]


def test_without_a_population_column_the_error_names_the_columns_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(tmp_path, "people,women") == 2
    error = capsys.readouterr().err
    assert "columns are place_id, lon, lat, people, women" in error
    assert "'total'" in error and "'population'" in error
    assert "--groups people" in error
    assert not (tmp_path / "out").exists()


def test_a_group_missing_from_the_file_is_named_with_the_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(tmp_path, "population,women", "--groups", "population,village") == 2
    error = capsys.readouterr().err
    assert "'village' is missing" in error and "'women'" in error


def test_site_finds_the_population_column_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facilities = tmp_path / "facilities.csv"
    facilities.write_text(FACILITIES, encoding="utf-8")
    arguments = ["--facilities", str(facilities), "--type", "clinic", "--k", "1"]
    places = _places(tmp_path, "population,women")
    assert main(["site", "--places", str(places), *arguments, "--out", str(tmp_path / "s")]) == 0
    assert "population" in capsys.readouterr().out


def test_population_groups() -> None:
    assert population_groups(None, ["place_id", "population", "total"]) == ["total"]
    assert population_groups(" a, b ,", ["place_id"]) == ["a", "b"]
    with pytest.raises(InputError, match="the columns are place_id, lon, lat: rename"):
        population_groups(None, ["place_id", "lon", "lat"])
