"""A saved network loads back exactly; a stale, truncated, damaged or foreign file is caught."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import mmap
import os
import shutil
import zipfile
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from adilkent.access import mapped_npz, network_cache, saved, snapping
from adilkent.access.chains import Chains
from adilkent.access.cli import build_parser, make_model
from adilkent.access.model import Points
from adilkent.access.network import NetworkModel, build_network
from adilkent.access.network_cache import network_for
from adilkent.access.saved import (
    ARRAYS,
    FORMAT_VERSION,
    NetworkFileError,
    StaleNetworkError,
    load_network,
    read_header,
    save_network,
)
from adilkent.access.snapping import SnapGrid
from adilkent.paths import data_dir

OSM_DIR = data_dir() / "osm"
SMALL = OSM_DIR / "Helsinki.osm.pbf"  # the smallest real extract (5,878 walking nodes)
OTHER = OSM_DIR / "monaco.osm.pbf"

pytestmark = pytest.mark.skipif(not SMALL.is_file(), reason="the real OSM extracts are absent")


@pytest.fixture(scope="module")
def built() -> NetworkModel:
    return NetworkModel(build_network(SMALL, "walk"))


@pytest.fixture
def saved_file(built: NetworkModel, tmp_path: Path) -> Path:
    return save_network(built, tmp_path / "helsinki.network.npz", source=SMALL, build_seconds=1.5)


@pytest.fixture
def counted_builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every build that :func:`network_for` starts, by source file name."""
    calls: list[str] = []
    real = network_cache.build_network

    def counting(osm, profile="walk", speed_kmh=None):  # type: ignore[no-untyped-def]
        calls.append(Path(osm).name)
        return real(osm, profile, speed_kmh)

    monkeypatch.setattr(network_cache, "build_network", counting)
    return calls


def _queries(model: NetworkModel) -> tuple[Points, Points]:
    """Origins and facilities a few metres off real nodes (so the snap legs count too)."""
    network = model.network
    rng = np.random.default_rng(19)
    o = rng.choice(network.n_nodes, 40, replace=False)
    d = rng.choice(network.n_nodes, 6, replace=False)
    origins = Points(ids=o, lon=network.lon[o] + 3e-5, lat=network.lat[o] - 2e-5)
    destinations = Points(ids=d, lon=network.lon[d] - 1e-5, lat=network.lat[d] + 4e-5)
    return origins, destinations


def _with_header(path: Path, target: Path, change: dict[str, object]) -> Path:
    """A copy of a saved network whose header has some keys replaced."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "header.json":
                data = json.dumps({**json.loads(data), **change}).encode()
            copy.writestr(info, data)
    return target


def _with_array(path: Path, target: Path, name: str, array: np.ndarray) -> Path:
    """A copy of a saved network with one array replaced, its header's checksum made to fit."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        header = json.loads(source.read("header.json"))
        header["arrays"][name] = {
            "shape": list(array.shape),
            "dtype": array.dtype.str,
            "crc32": saved._crc32(array),
        }
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "header.json":
                data = json.dumps(header).encode()
            elif info.filename == f"{name}.npy":
                member = io.BytesIO()
                np.lib.format.write_array(member, array, allow_pickle=False)
                data = member.getvalue()
            copy.writestr(info, data)
    return target


def test_round_trip_gives_the_same_arrays_and_the_same_travel_times(
    built: NetworkModel, saved_file: Path
) -> None:
    loaded = load_network(saved_file, source=SMALL)
    a, b = built.network, loaded.network
    for name in ("osm_ids", "lon", "lat", "dropped_lon", "dropped_lat"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
        assert getattr(a, name).dtype == getattr(b, name).dtype, name
    for name in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(a.graph, name), getattr(b.graph, name)), name
    assert (a.profile, a.source, a.speed_kmh, a.dropped_components, a.max_speed_mps) == (
        b.profile,
        b.source,
        b.speed_kmh,
        b.dropped_components,
        b.max_speed_mps,
    )
    for field in fields(Chains):
        assert np.array_equal(
            getattr(built.chains, field.name), getattr(loaded.chains, field.name)
        ), field.name
    assert loaded.label == built.label
    for name in ("cell", "x0", "y0", "columns", "rows"):
        assert getattr(loaded.snap_grid, name) == getattr(built.snap_grid, name), name
    for name in ("keys", "starts", "order"):
        assert np.array_equal(getattr(loaded.snap_grid, name), getattr(built.snap_grid, name))

    origins, destinations = _queries(built)
    for want, got in zip(
        built.nearest(origins, destinations), loaded.nearest(origins, destinations), strict=True
    ):
        assert np.array_equal(want, got)
    want_table = built.cost_table(origins, destinations, 20.0)
    got_table = loaded.cost_table(origins, destinations, 20.0)
    assert len(want_table.minutes) > 20  # the query reaches many pairs
    assert np.array_equal(want_table.origin, got_table.origin)
    assert np.array_equal(want_table.destination, got_table.destination)
    assert np.array_equal(want_table.minutes, got_table.minutes)


def test_loading_builds_no_snapping_index(
    saved_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the snapping index was built again")

    monkeypatch.setattr(SnapGrid, "build", refuse)
    monkeypatch.setattr(snapping, "cKDTree", refuse)
    loaded = load_network(saved_file)
    origins, _ = _queries(loaded)
    assert len(loaded.snap(origins).node) == len(origins)


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("snap_order", lambda a: np.concatenate(([a[1]], a[1:]))),  # a node twice, one lost
        ("snap_starts", lambda a: a[:-1]),
        ("snap_numbers", lambda a: a[:4]),
        ("snap_numbers", lambda a: np.array([a[0], a[1], a[2], a[3] + 0.5, a[4]])),
    ],
)
def test_a_snapping_grid_that_does_not_fit_the_nodes_is_refused(
    saved_file: Path, tmp_path: Path, name: str, change: Any
) -> None:
    with np.load(saved_file) as npz:
        array = change(npz[name])
    other = _with_array(saved_file, tmp_path / "other.npz", name, array)
    with pytest.raises(NetworkFileError, match="its arrays do not make a network"):
        load_network(other)


def test_the_file_is_a_plain_npz_with_a_header_naming_source_profile_and_arrays(
    built: NetworkModel, saved_file: Path
) -> None:
    header = read_header(saved_file)
    assert header["format_version"] == FORMAT_VERSION
    assert header["profile"] == {
        "name": "walk",
        "speed_kmh": 4.8,
        "max_speed_mps": built.network.max_speed_mps,
    }
    assert header["source"]["name"] == SMALL.name
    assert header["source"]["size"] == SMALL.stat().st_size
    assert header["source"]["sha256"] == hashlib.sha256(SMALL.read_bytes()).hexdigest()
    assert header["built"]["seconds"] == 1.5
    assert set(header["arrays"]) == set(ARRAYS)
    # numpy opens it without pickles, and the header describes what it holds.
    with np.load(saved_file, allow_pickle=False) as npz:
        for name, described in header["arrays"].items():
            assert list(npz[name].shape) == described["shape"]
            assert npz[name].dtype.str == described["dtype"]
        assert np.array_equal(npz["graph_data"], built.network.graph.data)


def test_a_changed_source_is_stale_and_network_for_builds_it_again(
    tmp_path: Path, counted_builds: list[str]
) -> None:
    source = tmp_path / "city.osm.pbf"
    shutil.copyfile(SMALL, source)
    cache = tmp_path / "cache"
    first = network_for(source, "walk", cache)
    assert counted_builds == ["city.osm.pbf"]
    again = network_for(source, "walk", cache)
    assert counted_builds == ["city.osm.pbf"]  # loaded, not built
    assert again.network.n_nodes == first.network.n_nodes
    (cached,) = cache.glob("*.npz")

    # Other content under the same name: stale, refused explicitly, rebuilt by the cache.
    shutil.copyfile(OTHER, source)
    with pytest.raises(StaleNetworkError, match=r"built from another city\.osm\.pbf"):
        load_network(cached, source=source)
    rebuilt = network_for(source, "walk", cache)
    assert counted_builds == ["city.osm.pbf", "city.osm.pbf"]
    assert rebuilt.network.n_nodes == NetworkModel(build_network(OTHER)).network.n_nodes
    assert rebuilt.network.n_nodes != first.network.n_nodes
    assert read_header(cached)["source"]["sha256"] == hashlib.sha256(OTHER.read_bytes()).hexdigest()
    assert list(cache.glob("*")) == [cached]  # replaced in place, no temporary left


def test_a_touched_but_unchanged_source_is_hashed_once_and_not_rebuilt(
    tmp_path: Path, counted_builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "city.osm.pbf"
    shutil.copyfile(SMALL, source)
    network_for(source, "walk", tmp_path)
    (cached,) = tmp_path.glob("*.npz")
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    hashed: list[Path] = []
    real_sha = saved._sha256
    monkeypatch.setattr(saved, "_sha256", lambda path: hashed.append(path) or real_sha(path))
    network_for(source, "walk", tmp_path)
    assert counted_builds == ["city.osm.pbf"]  # same content: loaded
    assert hashed == [source]  # the new time made it look
    assert read_header(cached)["source"]["mtime_ns"] == stat.st_mtime_ns + 10**9
    network_for(source, "walk", tmp_path)
    assert hashed == [source]  # size and time match the header now: not hashed again


@pytest.mark.parametrize("keep", [0.5, 0.99, 100])
def test_a_truncated_file_is_refused_naming_the_file(saved_file: Path, keep: float) -> None:
    data = saved_file.read_bytes()
    size = int(len(data) * keep) if keep < 1 else int(keep)
    saved_file.write_bytes(data[:size])
    with pytest.raises(NetworkFileError, match="truncated") as error:
        load_network(saved_file)
    assert str(saved_file) in str(error.value)


def test_a_flipped_byte_in_an_array_fails_its_checksum(saved_file: Path) -> None:
    with zipfile.ZipFile(saved_file) as archive:
        info = archive.getinfo("graph_data.npy")
    data = bytearray(saved_file.read_bytes())
    data[info.header_offset + info.compress_size // 2 + 200] ^= 0x10
    saved_file.write_bytes(bytes(data))
    with pytest.raises(NetworkFileError, match="'graph_data' fails its CRC-32 check") as error:
        load_network(saved_file)
    assert str(saved_file) in str(error.value)


def test_a_flipped_byte_in_the_header_is_refused(saved_file: Path) -> None:
    data = bytearray(saved_file.read_bytes())
    at = data.index(b'"format_version"')
    data[at + 3] ^= 0x01
    saved_file.write_bytes(bytes(data))
    with pytest.raises(NetworkFileError, match="header") as error:
        load_network(saved_file)
    assert str(saved_file) in str(error.value)


def test_no_flipped_byte_goes_unnoticed(built: NetworkModel, saved_file: Path) -> None:
    """Anywhere in the file, a flipped byte is refused or changes nothing that is read.

    The positions are drawn from the zip entries, the .npy headers, the JSON header and the zip
    directory (where the parsers, not the checksums, must catch it) and from the array data.
    """
    original = saved_file.read_bytes()
    with zipfile.ZipFile(saved_file) as archive:
        entries = [(info.header_offset, info.header_offset + 200) for info in archive.infolist()]
        directory = archive.start_dir
    metadata = np.concatenate(
        [np.arange(lo, hi) for lo, hi in entries] + [np.arange(directory, len(original))]
    )
    rng = np.random.default_rng(7)
    positions = np.concatenate(
        (rng.choice(metadata, 300, replace=False), rng.choice(len(original), 50, replace=False))
    )
    want = saved._arrays(built)
    refused = 0
    for at in positions:
        data = bytearray(original)
        data[at] ^= 0xFF
        saved_file.write_bytes(bytes(data))
        try:
            loaded = load_network(saved_file)
        except NetworkFileError:
            refused += 1
            continue
        got = saved._arrays(loaded)
        for name in ARRAYS:
            assert got[name].dtype == want[name].dtype, (at, name)
            assert np.array_equal(got[name], want[name]), (at, name)
    # Some metadata is never read (zip timestamps, the local copies of sizes): not refused.
    assert 150 < refused < len(positions)


def test_a_file_of_another_format_version_is_refused(saved_file: Path, tmp_path: Path) -> None:
    other = _with_header(saved_file, tmp_path / "future.npz", {"format_version": 999})
    with pytest.raises(
        NetworkFileError, match=f"format version 999, this adilkent reads version {FORMAT_VERSION}"
    ):
        load_network(other)


def test_other_files_are_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(NetworkFileError, match="no such file"):
        load_network(tmp_path / "none.npz")
    text = tmp_path / "notes.npz"
    text.write_text("not a network")
    with pytest.raises(NetworkFileError, match=r"not a readable \.npz file"):
        load_network(text)
    plain = tmp_path / "plain.npz"
    np.savez(plain, x=np.arange(3))
    with pytest.raises(NetworkFileError, match="not a saved network"):
        load_network(plain)


def test_a_network_built_by_another_engine_is_stale(
    saved_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(saved, "engine_fingerprint", lambda: {"adilkent": "9", "code": "x"})
    with pytest.raises(StaleNetworkError, match="another engine"):
        load_network(saved_file, source=SMALL)
    # Without a source to compare with, the file itself is still sound.
    assert load_network(saved_file).network.n_nodes > 0


def test_network_for_rebuilds_over_a_corrupt_cache(
    tmp_path: Path, counted_builds: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    model = network_for(SMALL, "walk", tmp_path)
    (cached,) = tmp_path.glob("*.npz")
    data = bytearray(cached.read_bytes())
    data[len(data) // 2] ^= 0xFF
    cached.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="adilkent.access.network_cache"):
        again = network_for(SMALL, "walk", tmp_path)
    assert counted_builds == [SMALL.name, SMALL.name]
    assert any(
        record.levelno == logging.WARNING and str(cached) in record.getMessage()
        for record in caplog.records
    )
    assert np.array_equal(again.network.graph.data, model.network.graph.data)
    assert np.array_equal(load_network(cached).network.graph.data, model.network.graph.data)


def test_each_profile_has_its_own_file_and_an_unwritable_cache_still_gives_a_network(
    tmp_path: Path, counted_builds: list[str]
) -> None:
    walk = network_for(SMALL, "walk", tmp_path)
    drive = network_for(SMALL, "drive", tmp_path)
    assert (walk.network.profile, drive.network.profile) == ("walk", "drive")
    assert len(list(tmp_path.glob("*.npz"))) == 2
    assert network_for(SMALL, "drive", tmp_path).network.speed_kmh is None
    assert counted_builds == [SMALL.name, SMALL.name]
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    assert network_for(SMALL, "walk", blocked).network.n_nodes == walk.network.n_nodes


def test_the_command_line_uses_the_cache(tmp_path: Path, counted_builds: list[str]) -> None:
    line = ["site", "--places", "p.csv", "--facilities", "f.csv", "--type", "x", "--out", "o"]
    line += ["--osm", str(SMALL), "--network-cache", str(tmp_path)]
    make_model(build_parser().parse_args(line))
    make_model(build_parser().parse_args(line))
    assert counted_builds == [SMALL.name]
    assert len(list(tmp_path.glob("Helsinki-walk-4.8kmh-*.network.npz"))) == 1
    model = make_model(build_parser().parse_args([*line, "--no-network-cache"]))
    assert counted_builds == [SMALL.name]  # built directly, not through the cache
    assert isinstance(model, NetworkModel)


def test_the_command_line_passes_its_workers_to_the_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = ["site", "--places", "p.csv", "--facilities", "f.csv", "--type", "x", "--out", "o"]
    line += ["--osm", str(SMALL), "--network-cache", str(tmp_path)]
    assert make_model(build_parser().parse_args(line)).workers == 1  # type: ignore[attr-defined]
    two = make_model(build_parser().parse_args([*line, "--workers", "2"]))
    assert isinstance(two, NetworkModel) and two.workers == 2
    for bad in ("0", "-1", "two", "²"):
        with pytest.raises(SystemExit):
            build_parser().parse_args([*line, "--workers", bad])
        assert "whole number from 1 up" in capsys.readouterr().err
    with pytest.raises(ValueError, match="at least 1"):
        NetworkModel(two.network, workers=0)


@pytest.mark.parametrize("version", [(1, 0), (2, 0)])
@pytest.mark.parametrize(
    "array",
    [np.arange(5878), np.zeros((3, 4), dtype="<f4"), np.array(7.5), np.empty(0, dtype="<i4")],
)
def test_npy_headers_are_read_as_numpy_wrote_them(
    array: np.ndarray, version: tuple[int, int], tmp_path: Path
) -> None:
    file = tmp_path / "a.npy"
    with file.open("wb") as f:
        f.write(b"zip entry ")
        np.lib.format.write_array(f, array, version=version)
    data = file.read_bytes()
    with file.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        shape, fortran, dtype, offset = mapped_npz.npy_header(mapped, 10, len(data))
        assert (shape, fortran, dtype) == (array.shape, False, array.dtype)
        assert data[offset:] == array.tobytes()
        header_end = offset - 1  # the newline that ends the header
    damaged = {
        "magic": data[:10] + b"\x93NUMPX" + data[16:],
        "not the header": data[:header_end] + b" " + data[offset:],
    }
    for problem, bad in damaged.items():
        other = tmp_path / f"{problem}.npy"
        other.write_bytes(bad)
        with (
            other.open("rb") as g,
            mmap.mmap(g.fileno(), 0, access=mmap.ACCESS_READ) as m,
            pytest.raises(ValueError, match=problem),
        ):
            mapped_npz.npy_header(m, 10, len(bad))
