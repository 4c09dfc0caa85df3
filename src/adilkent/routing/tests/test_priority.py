"""Priorities from a need ranking (the access engine's need.csv) for the seed services."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adilkent.paths import data_dir
from adilkent.routing.cli import main
from adilkent.routing.model import PlanInputError
from adilkent.routing.places import Place, PlaceSet, read_places_from_data_dir
from adilkent.routing.priority import priorities_for, read_priority


def place(pid: str, *codes: str) -> Place:
    return Place(pid, pid, "D", 27.1, 38.4, True, 100, codes)


def test_needs_scale_from_low_to_high_and_bad_rows_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "need.csv"
    path.write_text(
        "place_id,people,need,rank\n"
        "111,10,50,2\n"
        "m2,5,100,1\n"
        ",1,3,4\n"
        "333,1,minus,5\n"
        "111,1,7,6\n"
        "999,1,20,3\n",
        encoding="utf-8",
    )
    table = read_priority(path)
    assert table.column == "need"
    assert table.need == {"111": 50.0, "m2": 100.0, "999": 20.0}
    assert table.problems == [
        "need.csv row 4: no place_id",
        "need.csv row 5: need 'minus' is not usable",
        "need.csv row 6: place '111' appears again",
    ]
    places = PlaceSet([place("m1", "111"), place("m2"), place("m3")], "c", 27.1, 38.4, 0, "t")
    priority, unknown = priorities_for(places, table)
    # by official code or by id; need 100 is the top (10), 50 half-way, absent places lowest
    assert priority == {"m1": pytest.approx(5.5), "m2": 10.0, "m3": 1.0}
    assert unknown == ["999"]


def test_a_rank_alone_is_turned_into_a_need(tmp_path: Path) -> None:
    path = tmp_path / "rank.csv"
    path.write_text("place_id,rank\na,1\nb,3\nc,2\n", encoding="utf-8")
    assert read_priority(path).need == {"a": 3.0, "b": 1.0, "c": 2.0}
    (tmp_path / "bad.csv").write_text("id,score\na,1\n", encoding="utf-8")
    with pytest.raises(PlanInputError, match="needs a place_id column and one of need"):
        read_priority(tmp_path / "bad.csv")


@pytest.mark.slow
def test_library_serves_the_villages_a_need_ranking_puts_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    places = read_places_from_data_dir(data_dir())
    villages = [p for p in places.places if p.is_village and p.codes]
    # the three villages nearest the centre: never chosen by remoteness alone
    nearest = sorted(villages, key=places.km_from_centre)[:3]
    rows = [f"{p.codes[0]},{need}" for p, need in zip(nearest, (300, 200, 100), strict=True)]
    (tmp_path / "need.csv").write_text(
        "place_id,need\n" + "\n".join(rows) + "\nnot-a-place,5\n", encoding="utf-8"
    )
    common = ["--start", "2026-01-05", "--seconds", "0.05", "--data-dir", str(data_dir())]
    ranking = ["--priority", str(tmp_path / "need.csv")]
    status = main(["service", "library", *common, *ranking, "--out", str(tmp_path / "ranked")])
    captured = capsys.readouterr()
    assert status == 1  # planned, but one row of the file named no place
    assert "1 place_id(s) of need.csv name no place: not-a-place" in captured.err
    assert "priority: 3 places ranked by 'need' in need.csv" in captured.out
    ranked = json.loads((tmp_path / "ranked" / "mobile-library.json").read_text())
    planned = {site for site, days in ranked["calendar"].items() if days}
    assert {p.id for p in nearest} <= planned
    assert any("chosen by priority (given)" in line for line in ranked["assumptions"])

    assert main(["service", "library", *common, "--out", str(tmp_path / "plain")]) == 0
    plain = json.loads((tmp_path / "plain" / "mobile-library.json").read_text())
    assert not {p.id for p in nearest} & {site for site, days in plain["calendar"].items() if days}


@pytest.mark.slow
def test_empowerment_from_the_command_line(tmp_path: Path) -> None:
    options = ["--seconds", "0.1", "--data-dir", str(data_dir()), "--out", str(tmp_path)]
    status = main(["service", "empowerment", "--start", "2026-01-05", *options])
    assert status == 0
    document = json.loads((tmp_path / "empowerment.json").read_text())
    places = {site.rsplit("-", 1)[0] for site, days in document["calendar"].items() if days}
    assert len(places) == 8  # seed: eight mahalle
    assert any("330 women (seed)" in line for line in document["assumptions"])
    assert (tmp_path / "empowerment.ics").read_bytes().count(b"BEGIN:VEVENT") == len(
        document["routes"]
    )
