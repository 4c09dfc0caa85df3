"""Read the street ways of an OpenStreetMap ``.osm.pbf`` (or ``.osm``) file with pyosmium.

:func:`read_osm` reads a file once and keeps every ``highway=*`` way with its node references,
node coordinates and the tags the travel profiles need (:mod:`adilkent.access.profiles`), plus
the tagged nodes that may block a profile (raised kerbs, ``wheelchair=no``, bollards).
:meth:`OsmStreets.segments` then turns them into the directed street segments of one profile.
"""

from __future__ import annotations

import itertools
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import osmium

from adilkent.access.chains import ranges
from adilkent.access.model import haversine_m
from adilkent.access.profiles import (
    NODE_TAGS,
    WALK_SPEED_KMH,
    WAY_TAGS,
    WayRule,
    check_profile,
    node_blocks,
    way_rule,
)


class OsmReadError(ValueError):
    """The file cannot be read as OpenStreetMap data, or holds no usable street."""


@dataclass(frozen=True)
class Segments:
    """Directed street segments of one profile: from node, to node (OSM ids), length, time."""

    source: npt.NDArray[np.int64]
    target: npt.NDArray[np.int64]
    metres: npt.NDArray[np.float64]
    seconds: npt.NDArray[np.float64]
    source_lon: npt.NDArray[np.float64] | None = None
    """Coordinates of each segment's ends, when known (saves looking the ids up again)."""
    source_lat: npt.NDArray[np.float64] | None = None
    target_lon: npt.NDArray[np.float64] | None = None
    target_lat: npt.NDArray[np.float64] | None = None


@dataclass
class OsmStreets:
    """The street ways of one OSM file, as read, for any profile.

    ``refs[offsets[i]:offsets[i + 1]]`` are the node ids of way ``i`` and ``lon``/``lat`` their
    coordinates at the same positions. Way nodes whose location the file lacks (ways cut at the
    edge of an extract) are left out, and counted in :attr:`missing_locations`.
    """

    path: Path
    tags: list[dict[str, str]] = field(default_factory=list)
    offsets: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    refs: npt.NDArray[np.int64] = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    lon: npt.NDArray[np.float64] = field(default_factory=lambda: np.empty(0))
    lat: npt.NDArray[np.float64] = field(default_factory=lambda: np.empty(0))
    node_tags: dict[int, dict[str, str]] = field(default_factory=dict)
    missing_locations: int = 0

    @property
    def n_ways(self) -> int:
        return len(self.tags)

    def segments(self, profile: str, speed_kmh: float | None = None) -> Segments:
        """Directed segments that ``profile`` may use, with their length and travel time.

        Walking profiles move at ``speed_kmh`` (default :data:`WALK_SPEED_KMH`); driving uses
        each way's own speed and ignores ``speed_kmh``. Segments touching a node the profile
        cannot pass are dropped.
        """
        check_profile(profile)
        walk_speed = (speed_kmh or WALK_SPEED_KMH) / 3.6
        if walk_speed <= 0:
            raise ValueError("speed must be positive")
        blocked = np.fromiter(
            (ref for ref, tags in self.node_tags.items() if node_blocks(profile, tags)),
            dtype=np.int64,
        )
        starts, ends, forward, backward, speeds = [], [], [], [], []
        rules: dict[frozenset[tuple[str, str]], WayRule | None] = {}
        for i, tags in enumerate(self.tags):
            # Many ways share the same tags: decide each set of tags once.
            key = frozenset(tags.items())
            if key in rules:
                rule = rules[key]
            else:
                rule = rules[key] = way_rule(profile, tags)
            if rule is None:
                continue
            lo, hi = int(self.offsets[i]), int(self.offsets[i + 1])
            if hi - lo < 2:
                continue
            starts.append(lo)
            ends.append(hi)
            forward.append(rule.forward)
            backward.append(rule.backward)
            speeds.append((rule.speed_kmh / 3.6) if rule.speed_kmh else walk_speed)
        if not starts:
            raise OsmReadError(f"{self.path.name}: no way usable for the {profile} profile")
        lengths = np.asarray(ends) - np.asarray(starts) - 1
        # Position of each segment's first node in the flat arrays.
        first = ranges(starts, lengths)
        u, v = self.refs[first], self.refs[first + 1]
        metres = haversine_m(
            self.lon[first], self.lat[first], self.lon[first + 1], self.lat[first + 1]
        )
        seconds = metres / np.repeat(np.asarray(speeds), lengths)
        fwd = np.repeat(np.asarray(forward), lengths)
        bwd = np.repeat(np.asarray(backward), lengths)
        ok = u != v
        if blocked.size:
            ok &= ~(np.isin(u, blocked) | np.isin(v, blocked))
        source = np.concatenate((u[ok & fwd], v[ok & bwd]))
        target = np.concatenate((v[ok & fwd], u[ok & bwd]))
        at_u, at_v = first[ok & fwd], first[ok & bwd]
        return Segments(
            source=source,
            target=target,
            metres=np.concatenate((metres[ok & fwd], metres[ok & bwd])),
            seconds=np.concatenate((seconds[ok & fwd], seconds[ok & bwd])),
            source_lon=np.concatenate((self.lon[at_u], self.lon[at_v + 1])),
            source_lat=np.concatenate((self.lat[at_u], self.lat[at_v + 1])),
            target_lon=np.concatenate((self.lon[at_u + 1], self.lon[at_v])),
            target_lat=np.concatenate((self.lat[at_u + 1], self.lat[at_v])),
        )


_WAY_KEYS = tuple(sorted(WAY_TAGS))


def _way_tags(way: osmium.osm.Way) -> dict[str, str]:
    """The tags of a way the profiles read: a few lookups by key, quicker than iterating all.

    pyosmium's tag list wraps each lookup in Python; the object underneath it (a private
    member, used when present) answers the same lookup directly.
    """
    raw = getattr(way, "_pyosmium_data", None)
    lookup = getattr(raw, "tags_get_value_by_key", None)
    if lookup is None:
        get = way.tags.get
        return {k: v for k in _WAY_KEYS if (v := get(k)) is not None}
    return {k: v for k in _WAY_KEYS if (v := lookup(k, None)) is not None}


def _refs(nodes: osmium.osm.WayNodeList) -> list[int]:
    """Node ids of a way.

    pyosmium's node list wraps each access in Python; its underlying list (a private member,
    used when present) answers the same calls directly, several times faster.
    """
    raw, parent = getattr(nodes, "_list", None), getattr(nodes, "_pyosmium_data", None)
    if raw is None or parent is None:
        return [node.ref for node in nodes]
    get = raw.get
    return [get(parent, i).ref for i in range(raw.size(parent))]


def _pieces(nodes: osmium.osm.WayNodeList) -> tuple[list[tuple[list[int], str]], int]:
    """The runs of a way's nodes that have a location, each with its WKB line, and the misses."""
    pieces: list[tuple[list[int], str]] = []
    current: list[tuple[int, float, float]] = []
    missing = 0
    for node in [*nodes, None]:
        if node is not None and node.location.valid():
            current.append((node.ref, node.location.lon, node.location.lat))
            continue
        missing += node is not None
        if current:
            points = np.asarray([(lon, lat) for _, lon, lat in current], dtype="<f8")
            header = struct.pack("<BII", 1, 2, len(current))
            pieces.append(([ref for ref, _, _ in current], (header + points.tobytes()).hex()))
            current = []
    return pieces, missing


def _line_coordinates(
    lines: list[str], sizes: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Longitudes and latitudes of every point of hex WKB line strings, in order."""
    if not lines:
        return np.empty(0), np.empty(0)
    data = np.frombuffer(bytes.fromhex("".join(lines)), dtype=np.uint8)
    # Each line: byte order (1), type (4), point count (4), then 16 bytes a point.
    line_start = np.concatenate(([0], np.cumsum(9 + 16 * sizes)[:-1]))
    if not np.all(data[line_start] == 1):
        raise OsmReadError("unexpected big-endian geometry from the OSM reader")
    # Drop the headers: what is left is the points, one after the other.
    points = np.ones(len(data), dtype=bool)
    points[(line_start[:, None] + np.arange(9)).ravel()] = False
    xy = data[points].view("<f8").reshape(-1, 2)
    return xy[:, 0].astype(np.float64), xy[:, 1].astype(np.float64)


def read_osm(path: str | Path) -> OsmStreets:
    """Read the ``highway=*`` ways and the possibly blocking nodes of an OSM file.

    Raises :class:`FileNotFoundError` for a missing file and :class:`OsmReadError` for a file
    pyosmium cannot read or one without any street.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no OpenStreetMap file at {path}")
    tags: list[dict[str, str]] = []
    # Per way piece: its node ids and its coordinates as a WKB line string (built by pyosmium
    # in one call, far quicker than reading each node's location from Python).
    refs: list[list[int]] = []
    lines: list[str] = []
    node_tags: dict[int, dict[str, str]] = {}
    missing = 0
    factory = osmium.geom.WKBFactory()
    every_node = osmium.geom.ALL
    streets_only = osmium.filter.KeyFilter("highway")
    streets_only.enable_for(osmium.osm.WAY)
    blocking_only = osmium.filter.KeyFilter(*NODE_TAGS)
    blocking_only.enable_for(osmium.osm.NODE)
    processor = (
        osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
        .with_locations()
        .with_filter(osmium.filter.EmptyTagFilter())
        .with_filter(streets_only)
        .with_filter(blocking_only)
    )
    try:
        for obj in processor:
            if isinstance(obj, osmium.osm.Node):
                found = {k: v for k, v in obj.tags if k in NODE_TAGS}
                if found:
                    node_tags[obj.id] = found
                continue
            if not isinstance(obj, osmium.osm.Way) or "highway" not in obj.tags:
                continue
            way_tags = _way_tags(obj)
            if way_tags.get("area") == "yes" and way_tags["highway"] != "pedestrian":
                continue
            nodes = obj.nodes
            try:
                lines.append(factory.create_linestring(nodes, use_nodes=every_node))
            except (osmium.InvalidLocationError, RuntimeError):
                # Some nodes lack a location (a way cut at the edge of an extract): keep the
                # pieces between them as separate ways.
                pieces, count = _pieces(nodes)
                missing += count
                for piece_refs, piece_line in pieces:
                    tags.append(way_tags)
                    refs.append(piece_refs)
                    lines.append(piece_line)
                continue
            tags.append(way_tags)
            refs.append(_refs(nodes))
    except RuntimeError as error:  # pyosmium reports unreadable input this way
        raise OsmReadError(f"{path.name}: not a readable OpenStreetMap file ({error})") from error
    if not tags:
        raise OsmReadError(f"{path.name}: no highway=* way with node locations")
    sizes = np.fromiter((len(r) for r in refs), dtype=np.int64, count=len(refs))
    lon, lat = _line_coordinates(lines, sizes)
    return OsmStreets(
        path=path,
        tags=tags,
        offsets=np.concatenate(([0], np.cumsum(sizes))).astype(np.int64),
        refs=np.fromiter(
            itertools.chain.from_iterable(refs), dtype=np.int64, count=int(sizes.sum())
        ),
        lon=lon,
        lat=lat,
        node_tags=node_tags,
        missing_locations=missing,
    )
