"""The cache of built street networks: each source file and profile is built once.

:func:`network_for` is what the callers that start from an ``.osm.pbf`` use (the
``adilkent access`` command line, the benchmarks): it loads the network saved by an earlier
run (:mod:`adilkent.access.saved`) when that is still fresh, and otherwise builds it from the
source and saves it for the next run.
"""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path

from adilkent.access.network import NetworkModel, build_network
from adilkent.access.profiles import WALK_SPEED_KMH, check_profile
from adilkent.access.saved import (
    NetworkFileError,
    SourceStamp,
    load_network,
    read_header,
    save_network,
    saved_stamp,
    source_stamp,
    stale_reason,
)
from adilkent.paths import network_cache_dir

logger = logging.getLogger(__name__)


def cache_path(osm: str | Path, profile: str, speed_kmh: float | None, cache_dir: Path) -> Path:
    """The cache file of a source and profile: named after both, and a digest of the source's
    full path (two files of the same name in different folders do not share one)."""
    osm = Path(osm)
    where = hashlib.sha256(str(osm.resolve()).encode()).hexdigest()[:12]
    speed = f"-{speed_kmh:g}kmh" if speed_kmh else ""
    stem = osm.name.removesuffix(".pbf").removesuffix(".osm")
    return cache_dir / f"{stem}-{profile}{speed}-{where}.network.npz"


def network_for(
    osm: str | Path,
    profile: str = "walk",
    cache_dir: str | Path | None = None,
    *,
    speed_kmh: float | None = None,
    max_snap_m: float = 500.0,
    snap_speed_kmh: float = WALK_SPEED_KMH,
) -> NetworkModel:
    """The network of ``profile`` from an OSM file: loaded from the cache, or built and saved.

    The saved network in ``cache_dir`` (default :func:`adilkent.paths.network_cache_dir`) is
    used when its format and engine are this adilkent's, it was built for this profile and
    speed, and from the source's current content (:func:`~adilkent.access.saved.source_stamp`:
    the source is hashed only when its size or modification time changed). Otherwise the
    network is built from the source and saved over the stale file (atomically). A saved file
    that cannot be read is logged as a warning and replaced; a cache directory that cannot be
    written to is logged and the built network returned all the same.
    """
    osm = Path(osm)
    check_profile(profile)
    speed = None if profile == "drive" else float(speed_kmh or WALK_SPEED_KMH)
    if not osm.is_file():
        raise FileNotFoundError(f"no OpenStreetMap file at {osm}")
    folder = Path(cache_dir) if cache_dir is not None else network_cache_dir()
    path = cache_path(osm, profile, speed, folder)
    stamp: SourceStamp | None = None
    if path.exists():
        try:
            header = read_header(path)
            known = saved_stamp(header)
            stamp = source_stamp(osm, known=known)
            reason = stale_reason(header, stamp, profile, speed)
            if reason is None:
                model = load_network(path, max_snap_m=max_snap_m, snap_speed_kmh=snap_speed_kmh)
                if (stamp.size, stamp.mtime_ns) != (known.size, known.mtime_ns):
                    # Touched, not changed: store the new time so it is not hashed again.
                    _save_quietly(model, path, stamp, header["built"].get("seconds"))
                return model
            logger.info("%s: %s; building it again", path, reason)
        except NetworkFileError as error:
            logger.warning("%s; building it again", error)
    if stamp is None:
        stamp = source_stamp(osm)  # before the build: a change during it shows next time
    started = time.perf_counter()
    model = NetworkModel(
        build_network(osm, profile, speed), max_snap_m=max_snap_m, snap_speed_kmh=snap_speed_kmh
    )
    _save_quietly(model, path, stamp, time.perf_counter() - started)
    return model


def _save_quietly(
    model: NetworkModel, path: Path, stamp: SourceStamp, build_seconds: float | None
) -> None:
    try:
        save_network(model, path, source=stamp, build_seconds=build_seconds)
    except OSError as error:
        logger.warning("could not save the network to %s (%s); it will be built again", path, error)
