"""Read the street ways of an OpenStreetMap ``.osm.pbf`` (or ``.osm``) file with pyosmium.

:func:`read_osm` reads a file once and keeps every ``highway=*`` way with its node references,
node coordinates and the tags the travel profiles need (:mod:`adilkent.access.profiles`), plus
the tagged nodes that may block a profile (raised kerbs, ``wheelchair=no``, bollards).
:meth:`OsmStreets.segments` then turns them into the directed street segments of one profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import osmium

from adilkent.access.model import haversine_m
from adilkent.access.profiles import (
    NODE_TAGS,
    WALK_SPEED_KMH,
    WAY_TAGS,
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
        for i, tags in enumerate(self.tags):
            rule = way_rule(profile, tags)
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
        first = np.repeat(np.asarray(starts), lengths) + _ranges(lengths)
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
        return Segments(
            source=source,
            target=target,
            metres=np.concatenate((metres[ok & fwd], metres[ok & bwd])),
            seconds=np.concatenate((seconds[ok & fwd], seconds[ok & bwd])),
        )


def _ranges(lengths: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """``0, 1, …, n - 1`` for each ``n`` in ``lengths``, concatenated."""
    starts = np.cumsum(lengths) - lengths
    return np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(starts, lengths)


def read_osm(path: str | Path) -> OsmStreets:
    """Read the ``highway=*`` ways and the possibly blocking nodes of an OSM file.

    Raises :class:`FileNotFoundError` for a missing file and :class:`OsmReadError` for a file
    pyosmium cannot read or one without any street.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no OpenStreetMap file at {path}")
    tags: list[dict[str, str]] = []
    offsets = [0]
    refs: list[int] = []
    lons: list[float] = []
    lats: list[float] = []
    node_tags: dict[int, dict[str, str]] = {}
    missing = 0
    processor = (
        osmium.FileProcessor(str(path)).with_locations().with_filter(osmium.filter.EmptyTagFilter())
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
            way_tags = {k: v for k, v in obj.tags if k in WAY_TAGS}
            if way_tags.get("area") == "yes" and way_tags["highway"] != "pedestrian":
                continue
            count = 0
            for node in obj.nodes:
                location = node.location
                if not location.valid():
                    missing += 1
                    # Close the current piece; the rest of the way becomes a new piece.
                    if count:
                        tags.append(way_tags)
                        offsets.append(len(refs))
                        count = 0
                    continue
                refs.append(node.ref)
                lons.append(location.lon)
                lats.append(location.lat)
                count += 1
            if count:
                tags.append(way_tags)
                offsets.append(len(refs))
    except RuntimeError as error:  # pyosmium reports unreadable input this way
        raise OsmReadError(f"{path.name}: not a readable OpenStreetMap file ({error})") from error
    if not tags:
        raise OsmReadError(f"{path.name}: no highway=* way with node locations")
    return OsmStreets(
        path=path,
        tags=tags,
        offsets=np.asarray(offsets, dtype=np.int64),
        refs=np.asarray(refs, dtype=np.int64),
        lon=np.asarray(lons, dtype=np.float64),
        lat=np.asarray(lats, dtype=np.float64),
        node_tags=node_tags,
        missing_locations=missing,
    )
