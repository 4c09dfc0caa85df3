"""A built street network saved to one file, and read back ready to answer queries.

Building a :class:`~adilkent.access.network.NetworkModel` reads the whole ``.osm.pbf``, applies
the profile, keeps the largest component, finds the degree-2 chains and builds the snapping
grid: 1.5–3 s on Porto. :func:`save_network` writes everything that took (the CSR graph, node
ids and coordinates, the dropped nodes, every array of the contracted chains and of the
snapping grid, :mod:`adilkent.access.snapping`) to one ``.npz`` file, and :func:`load_network`
reads it back into a model that answers exactly as the built one did, building nothing again.
The arrays are not copied out of the file: they are views of a private memory map of it, so a
saved file must be replaced (as :func:`save_network` does), never rewritten in place, while a
process uses it.

The file is an ordinary uncompressed ``.npz`` (a zip of ``.npy`` arrays; ``numpy.load`` opens
it, pickles are never written or read) with one more member, ``header.json``:

- ``format`` and ``format_version``: what this module writes (:data:`FORMAT_VERSION`);
- ``engine``: the adilkent version and a fingerprint of the code that builds networks (the OSM
  reader, the profiles, the graph, the chains and the snapping grid), so that a change to how
  networks are built makes every saved one stale;
- ``profile``: its name, walking speed and the network's top speed;
- ``source``: the ``.osm.pbf`` file's name, size, modification time and SHA-256;
- ``built``: when, and how many seconds the build took;
- ``arrays``: every array's shape, dtype and CRC-32.

A file that cannot be read, lacks an array, or whose arrays do not match the header's shapes,
dtypes or checksums is refused with :class:`NetworkFileError` naming the file and the
problem; one written in another format version likewise. The cache that callers use,
loading a fresh saved network or else building and saving it, is
:func:`adilkent.access.network_cache.network_for`.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

import adilkent
from adilkent.access import chains as chains_module
from adilkent.access import network as network_module
from adilkent.access import osm as osm_module
from adilkent.access import profiles as profiles_module
from adilkent.access import snapping as snapping_module
from adilkent.access.chains import Chains
from adilkent.access.mapped_npz import MemberError, member
from adilkent.access.network import NetworkModel, StreetNetwork
from adilkent.access.profiles import WALK_SPEED_KMH, check_profile
from adilkent.access.snapping import SnapGrid

FORMAT = "adilkent street network"
FORMAT_VERSION = 2
"""Bumped whenever the arrays or the header change meaning; other versions are refused."""

HEADER = "header.json"
NETWORK_ARRAYS = (
    "graph_indptr",
    "graph_indices",
    "graph_data",
    "osm_ids",
    "lon",
    "lat",
    "dropped_lon",
    "dropped_lat",
)
SNAP_ARRAYS = ("keys", "starts", "order")
SNAP_NUMBERS = ("cell", "x0", "y0", "columns", "rows")
"""The snapping grid's numbers, saved as one float64 array (``snap_numbers``) so that its
checksum covers them too (the counts are far below 2**53, so exact)."""
CHAIN_ARRAYS = tuple(f.name for f in fields(Chains) if f.name != "n_nodes")
ARRAYS = (
    NETWORK_ARRAYS
    + tuple(f"chains_{name}" for name in CHAIN_ARRAYS)
    + tuple(f"snap_{name}" for name in (*SNAP_ARRAYS, "numbers"))
)


class NetworkFileError(ValueError):
    """A saved network cannot be used: unreadable, damaged, or of another format version."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"saved network {self.path}: {problem}")


class StaleNetworkError(NetworkFileError):
    """A sound saved network, but built from another source file, profile or engine."""


@dataclass(frozen=True)
class SourceStamp:
    """What identifies a source file's content: its size, modification time and SHA-256."""

    name: str
    size: int
    mtime_ns: int
    sha256: str


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(2**20):
            digest.update(block)
    return digest.hexdigest()


def source_stamp(path: str | Path, *, known: SourceStamp | None = None) -> SourceStamp:
    """Size, modification time and SHA-256 of a source file.

    The SHA-256 is what decides whether a saved network is stale, but hashing a region's
    ``.osm.pbf`` (hundreds of MB) on every call would cost more than loading the network.
    So when ``known`` (the stamp stored in a saved network) has the file's current size and
    modification time to the nanosecond, its hash is reused without reading the file; only
    when either changed is the file hashed. A file touched but not changed thus keeps its
    network (same hash), and a changed one is rebuilt, except in the one case every
    mtime-keyed cache shares (make, git's index): new content of exactly the same size that
    also keeps the old modification time (written within the file system's timestamp
    resolution, or with the time set back on purpose). Delete the saved file to force a build.
    """
    path = Path(path)
    status = path.stat()
    if known is not None and (known.size, known.mtime_ns) == (
        status.st_size,
        status.st_mtime_ns,
    ):
        digest = known.sha256
    else:
        digest = _sha256(path)
    return SourceStamp(path.name, status.st_size, status.st_mtime_ns, digest)


@cache
def engine_fingerprint() -> dict[str, str]:
    """The adilkent version and a SHA-256 of the modules that build a network."""
    digest = hashlib.sha256()
    for module in (osm_module, profiles_module, network_module, chains_module, snapping_module):
        assert module.__file__ is not None
        digest.update(Path(module.__file__).read_bytes())
    return {"adilkent": adilkent.__version__, "code": digest.hexdigest()[:16]}


def _crc32(array: npt.NDArray[Any]) -> int:
    return zlib.crc32(np.ascontiguousarray(array).data.cast("B"))


def _arrays(model: NetworkModel) -> dict[str, npt.NDArray[Any]]:
    network, chains = model.network, model.chains
    graph = network.graph
    arrays: dict[str, npt.NDArray[Any]] = {
        "graph_indptr": graph.indptr,
        "graph_indices": graph.indices,
        "graph_data": graph.data,
        "osm_ids": network.osm_ids,
        "lon": network.lon,
        "lat": network.lat,
        "dropped_lon": network.dropped_lon,
        "dropped_lat": network.dropped_lat,
    }
    for name in CHAIN_ARRAYS:
        arrays[f"chains_{name}"] = getattr(chains, name)
    for name in SNAP_ARRAYS:
        arrays[f"snap_{name}"] = getattr(model.snap_grid, name)
    arrays["snap_numbers"] = np.array(
        [getattr(model.snap_grid, name) for name in SNAP_NUMBERS], dtype=np.float64
    )
    return {name: np.ascontiguousarray(arrays[name]) for name in ARRAYS}


def save_network(
    model: NetworkModel,
    path: str | Path,
    *,
    source: str | Path | SourceStamp,
    build_seconds: float | None = None,
) -> Path:
    """Write a built network (graph, chains, coordinates, profile, source stamp) to ``path``.

    ``source`` is the ``.osm.pbf`` it was built from (hashed here) or its stamp. The file is
    written to a temporary file in the same directory and moved over ``path`` in one step, so
    a reader never sees half a file. Returns ``path``.
    """
    path = Path(path)
    stamp = source if isinstance(source, SourceStamp) else source_stamp(source)
    network = model.network
    arrays = _arrays(model)
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "engine": engine_fingerprint(),
        "profile": {
            "name": network.profile,
            "speed_kmh": network.speed_kmh,
            "max_speed_mps": network.max_speed_mps,
        },
        "network": {
            "source": network.source,
            "nodes": network.n_nodes,
            "edges": network.n_edges,
            "dropped_components": network.dropped_components,
            "chain_nodes": model.chains.n_nodes,
        },
        "source": {
            "name": stamp.name,
            "size": stamp.size,
            "mtime_ns": stamp.mtime_ns,
            "sha256": stamp.sha256,
        },
        "built": {"at": datetime.now(UTC).isoformat(timespec="seconds"), "seconds": build_seconds},
        "arrays": {
            name: {"shape": list(a.shape), "dtype": a.dtype.str, "crc32": _crc32(a)}
            for name, a in arrays.items()
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as f:
            with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_STORED) as archive:
                archive.writestr(HEADER, json.dumps(header, indent=1))
                for name, array in arrays.items():
                    with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                        np.lib.format.write_array(member, array, allow_pickle=False)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temporary, 0o644)  # readable by the other users of a shared cache, as usual
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _header(path: Path, archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        header = json.loads(archive.read(HEADER))
    except KeyError:
        raise NetworkFileError(path, f"not a saved network (no {HEADER} in it)") from None
    except Exception as error:  # zipfile and json raise many kinds on damaged bytes
        raise NetworkFileError(
            path, f"its header is damaged ({type(error).__name__}: {error})"
        ) from error
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise NetworkFileError(path, f"not a saved network ({HEADER} is not adilkent's)")
    version = header.get("format_version")
    if version != FORMAT_VERSION:
        raise NetworkFileError(
            path,
            f"written in format version {version}, this adilkent reads version "
            f"{FORMAT_VERSION}: build the network again from its .osm.pbf",
        )
    for key in ("engine", "profile", "network", "source", "built", "arrays"):
        if not isinstance(header.get(key), dict):
            raise NetworkFileError(path, f"its header lacks {key!r}")
    source = header["source"]
    kinds = {"name": str, "size": int, "mtime_ns": int, "sha256": str}
    if not all(isinstance(source.get(key), kind) for key, kind in kinds.items()):
        raise NetworkFileError(path, "its header does not say which source file it came from")
    missing = [name for name in ARRAYS if name not in header["arrays"]]
    if missing:
        raise NetworkFileError(path, f"its header lists no array {', '.join(missing)}")
    return header


def _open(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise NetworkFileError(path, "no such file") from None
    except Exception as error:  # zipfile raises many kinds on a damaged directory
        raise NetworkFileError(
            path,
            f"not a readable .npz file, truncated or damaged ({type(error).__name__}: {error})",
        ) from error


def read_header(path: str | Path) -> dict[str, Any]:
    """The header of a saved network (without reading its arrays); :class:`NetworkFileError`
    for a file that is not one, or of another format version."""
    path = Path(path)
    with _open(path) as archive:
        return _header(path, archive)


def saved_stamp(header: dict[str, Any]) -> SourceStamp:
    """The source stamp a saved network's header (from :func:`read_header`) records."""
    source = header["source"]
    return SourceStamp(source["name"], source["size"], source["mtime_ns"], source["sha256"])


def stale_reason(
    header: dict[str, Any], stamp: SourceStamp, profile: str, speed_kmh: float | None
) -> str | None:
    """Why a saved network (its header) does not fit this source, profile and engine, or ``None``."""
    saved = header["profile"]
    if header["engine"] != engine_fingerprint():
        return f"built by another engine ({header['engine']}, this one is {engine_fingerprint()})"
    if (saved.get("name"), saved.get("speed_kmh")) != (profile, speed_kmh):
        return (
            f"built for profile {saved.get('name')} at {saved.get('speed_kmh')} km/h, "
            f"not {profile} at {speed_kmh} km/h"
        )
    built = saved_stamp(header)
    if built.sha256 != stamp.sha256:
        return (
            f"built from another {stamp.name} (size {built.size:,} bytes, SHA-256 "
            f"{built.sha256[:12]}…; the file now has {stamp.size:,} bytes, {stamp.sha256[:12]}…)"
        )
    return None


def _read_arrays(
    path: Path, archive: zipfile.ZipFile, header: dict[str, Any]
) -> dict[str, npt.NDArray[Any]]:
    try:
        with path.open("rb") as f:
            # A private (copy-on-write) map: the arrays are writable and the file stays as is.
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY)
    except (OSError, ValueError) as error:
        raise NetworkFileError(path, f"cannot be read ({error})") from error
    arrays = {}
    for name in ARRAYS:
        expected = header["arrays"][name]
        try:
            array = member(archive, mapped, name)
        except KeyError:
            raise NetworkFileError(path, f"array {name!r} is missing") from None
        except MemberError as error:
            raise NetworkFileError(path, str(error)) from error
        except (ValueError, TypeError, SyntaxError, struct.error) as error:
            raise NetworkFileError(
                path, f"array {name!r} cannot be read, the file is damaged ({error})"
            ) from error
        if array.dtype.str != expected.get("dtype") or list(array.shape) != expected.get("shape"):
            raise NetworkFileError(
                path,
                f"array {name!r} is {array.dtype.str} of shape {list(array.shape)}, the "
                f"header says {expected.get('dtype')} of shape {expected.get('shape')}",
            )
        crc = _crc32(array)
        if crc != expected.get("crc32"):
            raise NetworkFileError(
                path,
                f"array {name!r} fails its CRC-32 check (read {crc:#010x}, the header says "
                f"{expected.get('crc32', 0):#010x}): the file is damaged",
            )
        arrays[name] = array
    return arrays


def load_network(
    path: str | Path,
    *,
    source: str | Path | SourceStamp | None = None,
    max_snap_m: float = 500.0,
    snap_speed_kmh: float = WALK_SPEED_KMH,
) -> NetworkModel:
    """Read a network written by :func:`save_network` into a ready :class:`NetworkModel`.

    Parameters
    ----------
    path
        The saved network (``.npz``).
    source
        When given, the ``.osm.pbf`` the network must have been built from (or its stamp): a
        network built from other content, or by another engine, raises
        :class:`StaleNetworkError`.
    max_snap_m, snap_speed_kmh
        As for :class:`NetworkModel` (they are not part of the saved network).

    Raises
    ------
    NetworkFileError
        The file is missing, not a saved network, of another format version, truncated, or
        damaged (an array whose shape, dtype or CRC-32 differs from the header's).
    """
    path = Path(path)
    with _open(path) as archive:
        header = _header(path, archive)
        if source is not None:
            stamp = (
                source
                if isinstance(source, SourceStamp)
                else source_stamp(source, known=saved_stamp(header))
            )
            saved = header["profile"]
            reason = stale_reason(header, stamp, saved.get("name"), saved.get("speed_kmh"))
            if reason:
                raise StaleNetworkError(path, reason)
        arrays = _read_arrays(path, archive, header)
    return _model(path, header, arrays, max_snap_m, snap_speed_kmh)


def _model(
    path: Path,
    header: dict[str, Any],
    arrays: dict[str, npt.NDArray[Any]],
    max_snap_m: float,
    snap_speed_kmh: float,
) -> NetworkModel:
    n = len(arrays["lon"])
    info, profile = header["network"], header["profile"]
    try:
        graph = sparse.csr_matrix(
            (arrays["graph_data"], arrays["graph_indices"], arrays["graph_indptr"]), shape=(n, n)
        )
        network = StreetNetwork(
            graph=graph,
            osm_ids=arrays["osm_ids"],
            lon=arrays["lon"],
            lat=arrays["lat"],
            profile=check_profile(str(profile["name"])),
            source=str(info["source"]),
            speed_kmh=None if profile["speed_kmh"] is None else float(profile["speed_kmh"]),
            dropped_components=int(info["dropped_components"]),
            dropped_lon=arrays["dropped_lon"],
            dropped_lat=arrays["dropped_lat"],
            max_speed_mps=float(profile["max_speed_mps"]),
        )
        chains = Chains(
            n_nodes=int(info["chain_nodes"]),
            **{name: arrays[f"chains_{name}"] for name in CHAIN_ARRAYS},
        )
        cell, x0, y0, columns, rows = (float(v) for v in arrays["snap_numbers"])
        if not (columns.is_integer() and rows.is_integer()):
            raise ValueError("the snapping grid's columns and rows are not whole numbers")
        grid = SnapGrid(
            xy=np.empty((0, 2)),  # the model gives it the nodes' coordinates (SnapGrid.on)
            cell=cell,
            x0=x0,
            y0=y0,
            columns=int(columns),
            rows=int(rows),
            keys=arrays["snap_keys"],
            starts=arrays["snap_starts"],
            order=arrays["snap_order"],
        )
        return NetworkModel(network, max_snap_m, snap_speed_kmh, chains=chains, snap_grid=grid)
    except (KeyError, TypeError, ValueError) as error:
        raise NetworkFileError(path, f"its arrays do not make a network ({error})") from error
