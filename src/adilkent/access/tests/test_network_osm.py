"""The OSM reader keeps each way's node ids and exact coordinates, and cuts ways at missing nodes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from adilkent.access.osm import read_osm


def _write(path: Path, nodes: dict[int, tuple[float, float]], ways: list[tuple]) -> Path:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">']
    for nid, (lon, lat) in nodes.items():
        lines.append(f'<node id="{nid}" version="1" lat="{lat}" lon="{lon}"/>')
    lines.append(
        '<node id="50" version="1" lat="38.5" lon="27.5"><tag k="kerb" v="raised"/></node>'
    )
    for wid, refs, tags in ways:
        inner = "".join(f'<nd ref="{r}"/>' for r in refs) + "".join(
            f'<tag k="{k}" v="{v}"/>' for k, v in tags.items()
        )
        lines.append(f'<way id="{wid}" version="1">{inner}</way>')
    lines.append("</osm>")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_reader_keeps_ids_coordinates_and_cuts_at_missing_nodes(tmp_path: Path) -> None:
    nodes = {
        1: (27.1234567, 38.4),
        2: (27.1244567, 38.4011),
        3: (27.13, 38.41),
        4: (27.14, 38.42),
        5: (27.15, 38.43),
    }
    ways = [
        (10, [1, 2, 3], {"highway": "footway", "name": "not kept"}),
        # Node 99 is not in the file: the way becomes the pieces [4] and [5, 3].
        (11, [4, 99, 5, 3], {"highway": "residential", "foot": "yes"}),
        (12, [1, 4], {"building": "yes"}),  # not a street
        (13, [2, 4, 5, 2], {"highway": "service", "area": "yes"}),  # an area, not a street
    ]
    streets = read_osm(_write(tmp_path / "streets.osm", nodes, ways))
    assert streets.missing_locations == 1
    assert streets.tags == [
        {"highway": "footway"},
        {"highway": "residential", "foot": "yes"},
        {"highway": "residential", "foot": "yes"},
    ]
    assert streets.offsets.tolist() == [0, 3, 4, 6]
    assert streets.refs.tolist() == [1, 2, 3, 4, 5, 3]
    # OSM stores coordinates to 1e-7 degrees: the reader returns them as the file has them.
    np.testing.assert_allclose(
        streets.lon, [nodes[r][0] for r in streets.refs.tolist()], rtol=0, atol=5e-8
    )
    np.testing.assert_allclose(
        streets.lat, [nodes[r][1] for r in streets.refs.tolist()], rtol=0, atol=5e-8
    )
    assert streets.node_tags == {50: {"kerb": "raised"}}
    segments = streets.segments("walk")
    # Two segments of way 10 and one of the second piece of way 11, both directions.
    assert len(segments.source) == 6
