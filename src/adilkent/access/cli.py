"""``adilkent access``: run an access analysis from files, or the İzmir demo.

``adilkent access --help`` and each command's ``--help`` end with runnable examples
(:data:`EXAMPLES`); ``tests/test_cli_examples.py`` runs every one of them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from adilkent.cli_help import examples_epilog
from adilkent.paths import data_dir
from adilkent.text import ascii_digits

from .analysis import analyse, site_new_facilities
from .data import InputError, check_facilities, check_places, points, read_table
from .model import StraightLineModel, TravelCostModel

DEFAULT_DATA = data_dir()

# The population columns used when --groups is not given: the first one the places file has.
DEFAULT_GROUPS = ("total", "population")

# Shown at the end of --help; file names are the user's own files (places.csv, facilities.csv,
# city.osm.pbf), ``../shared/data`` is the data folder beside the repository.
EXAMPLES = {
    "run": (
        "adilkent access run --places places.csv --facilities facilities.csv --out out/run",
        "adilkent access run --places places.csv --facilities facilities.csv \\\n"
        "    --groups population,women --types clinic --thresholds 10,20 --out out/run-groups",
        "adilkent access run --places places.csv --facilities facilities.csv \\\n"
        "    --osm city.osm.pbf --profile walk --network-cache var/networks --out out/run-walk",
    ),
    "site": (
        "adilkent access site --places places.csv --facilities facilities.csv --type clinic \\\n"
        "    --k 2 --method mclp --max-minutes 15 --out out/site",
    ),
    "izmir-demo": ("adilkent access izmir-demo --out out/izmir",),
    "izmir-export": ("adilkent access izmir-export --data ../shared/data --out out/inputs",),
}

PLACES_HELP = (
    "CSV/GeoJSON/Parquet: place_id, lon, lat (or x, y with --crs) and the population: a column "
    "named 'total' or 'population', or the columns that --groups names"
)
GROUPS_HELP = (
    "the places file's population columns, comma-separated; the first is the demand "
    "(default: the column 'total', else the column 'population')"
)


def _epilog(*commands: str) -> str:
    return examples_epilog(EXAMPLES, *commands)


def _subcommand(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str
) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=_epilog(name),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _floats(text: str) -> list[float]:
    try:
        return [float(x) for x in text.split(",") if x.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"expected numbers separated by commas, got {text!r}"
        ) from exc


def _positive_int(text: str) -> int:
    if not ascii_digits(text) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 up, got {text!r}")
    return int(text)


def _weights(text: str) -> dict[str, float]:
    result = {}
    for part in text.split(","):
        name, _, value = part.partition("=")
        try:
            result[name.strip()] = float(value) if value else 1.0
        except ValueError as exc:
            raise argparse.ArgumentTypeError(
                f"weight for {name!r} is not a number: {value!r}"
            ) from exc
    return result


def _model_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("travel-cost model")
    group.add_argument("--osm", type=Path, help="OSM extract (.osm.pbf): use its street network")
    group.add_argument("--profile", default="walk", help="network profile: walk, step_free, drive")
    group.add_argument(
        "--network-cache",
        type=Path,
        help="folder of saved networks, built once per file and profile (default: var/networks)",
    )
    group.add_argument(
        "--no-network-cache", action="store_true", help="build the network from --osm every time"
    )
    group.add_argument(
        "--workers",
        type=_positive_int,
        default=1,
        help="with --osm: processes for searches over the whole street network (1)",
    )
    group.add_argument("--speed", type=float, default=4.8, help="straight-line speed, km/h (4.8)")
    group.add_argument("--circuity", type=float, default=1.3, help="straight-line circuity (1.3)")
    group.add_argument("--mode", default="walk", help="straight-line mode name for labels")


def make_model(args: argparse.Namespace) -> TravelCostModel:
    if args.osm is None:
        return StraightLineModel(speed_kmh=args.speed, circuity=args.circuity, mode=args.mode)
    try:
        from .network import NetworkModel, build_network
        from .network_cache import network_for
    except ImportError as exc:
        raise InputError(
            f"--osm needs the street-network module, which is not available ({exc})"
        ) from exc
    if not args.osm.is_file():
        raise InputError(f"{args.osm}: OSM file not found")
    if args.no_network_cache:
        model = NetworkModel(build_network(args.osm, profile=args.profile))
    else:
        model = network_for(args.osm, args.profile, args.network_cache)
    model.workers = args.workers
    return model


def _analysis_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="folder for the results")
    parser.add_argument("--types", help="facility types to analyse, comma-separated (default: all)")
    parser.add_argument(
        "--thresholds", type=_floats, default=[15, 30, 45, 60], help="minutes (15,30,45,60)"
    )
    parser.add_argument(
        "--catchment", type=float, default=30.0, help="2SFCA catchment, minutes (30)"
    )
    parser.add_argument(
        "--need-weights",
        type=_weights,
        help="group weights of the need index, e.g. total=1,village=1",
    )
    parser.add_argument("--unmet-demand", type=Path, help="CSV with place_id, requests")
    parser.add_argument("--no-progress", action="store_true")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="adilkent access",
        description=__doc__.split("\n")[0],
        epilog=_epilog(*EXAMPLES),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = _subcommand(sub, "run", "measure access from places and facilities files")
    run.add_argument("--places", type=Path, required=True, help=PLACES_HELP)
    run.add_argument(
        "--facilities",
        type=Path,
        required=True,
        help="CSV/GeoJSON/Parquet: facility_id, lon, lat, type[, capacity]",
    )
    run.add_argument("--groups", help=GROUPS_HELP)
    run.add_argument("--district-column", default="district")
    run.add_argument("--rank-by", help="column to rank places by for the concentration index")
    run.add_argument("--crs", help="CRS of x/y columns when not lon/lat (e.g. EPSG:5254)")
    _analysis_options(run)
    _model_options(run)
    demo = _subcommand(sub, "izmir-demo", "export the real İzmir inputs and analyse them")
    demo.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    demo.add_argument(
        "--site-k", type=int, default=5, help="new hospitals in the siting example (5)"
    )
    _analysis_options(demo)
    _model_options(demo)
    export = _subcommand(sub, "izmir-export", "write the İzmir inputs as CSV files")
    export.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    export.add_argument("--out", type=Path, required=True, help="folder for the CSV files")
    site = _subcommand(sub, "site", "where should k new facilities of a type go")
    site.add_argument("--places", type=Path, required=True, help=PLACES_HELP)
    site.add_argument(
        "--facilities",
        type=Path,
        required=True,
        help="CSV/GeoJSON/Parquet: facility_id, lon, lat, type[, capacity]",
    )
    site.add_argument("--type", required=True, help="facility type to site, e.g. hospital")
    site.add_argument("--k", type=int, default=5, help="new facilities (5)")
    site.add_argument("--method", choices=["mclp", "p-median", "set-cover"], default="mclp")
    site.add_argument("--max-minutes", type=float, default=30.0, help="coverage, minutes (30)")
    site.add_argument("--groups", help=GROUPS_HELP)
    site.add_argument("--out", type=Path, required=True, help="folder for the results")
    _model_options(site)
    return parser


def population_groups(given: str | None, columns: Sequence[object]) -> list[str]:
    """The population columns to use: those ``--groups`` names, else the first of
    :data:`DEFAULT_GROUPS` the places file has. Raises :class:`InputError` naming the columns
    found when neither is there."""
    if given is not None:
        return [group.strip() for group in given.split(",") if group.strip()]
    names = [str(column) for column in columns]
    for name in DEFAULT_GROUPS:
        if name in names:
            return [name]
    others = [
        n
        for n in names
        if n not in {"place_id", "lon", "lat", "x", "y", "name", "district", "geometry"}
    ]
    hint = f", e.g. --groups {others[0]}" if others else ""
    raise InputError(
        "places: population column 'total' is missing, and there is no column 'population' "
        f"either; the columns are {', '.join(names) or 'none'}: rename the population column to "
        f"'total' or 'population', or name the population columns with --groups{hint}"
    )


def _load(args: argparse.Namespace) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    table = read_table(args.places, getattr(args, "crs", None))
    # an empty file is reported as such by check_places, whatever its columns
    groups = population_groups(args.groups, list(table.columns)) if len(table) else []
    places = check_places(table, groups)
    facilities = check_facilities(read_table(args.facilities, getattr(args, "crs", None)))
    return places, facilities, groups


def _run(
    args: argparse.Namespace,
    places: pd.DataFrame,
    facilities: pd.DataFrame,
    groups: list[str],
    title: str,
    extra: dict[str, pd.DataFrame] | None = None,
) -> dict[str, Any]:
    from . import outputs

    model = make_model(args)
    unmet = pd.read_csv(args.unmet_demand, dtype={"place_id": str}) if args.unmet_demand else None
    results = analyse(
        places,
        facilities,
        groups,
        model,
        types=args.types.split(",") if args.types else None,
        progress=not args.no_progress,
        thresholds=args.thresholds,
        catchment=args.catchment,
        district_column=getattr(args, "district_column", "district"),
        rank_by=getattr(args, "rank_by", None),
        need_weights=args.need_weights,
        unmet_demand=unmet,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    for result in results.values():
        outputs.write_type(result, facilities, args.out)
    data = outputs.summary(results)
    outputs.html_report(results, args.out, title, extra)
    (args.out / "summary.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=2, default=outputs._json_default),
        encoding="utf-8",
    )
    return data


def _izmir_demo(args: argparse.Namespace) -> int:
    from .izmir import FILES, export_izmir
    from .transit import line_frequency, read_timetables, service_level

    inputs = export_izmir(args.data, args.out / "inputs")
    groups = ["total", "village"]
    places = check_places(inputs.places, groups)
    facilities = check_facilities(inputs.facilities)
    places["village_flag"] = places["is_village"].astype(float)
    args.rank_by = "village_flag"
    args.district_column = "district"
    model = make_model(args)
    departures, problems = read_timetables(args.data / FILES["timetables"])
    stops = inputs.stops
    level = service_level(
        points(places, "place_id"),
        points(stops, "stop_id"),
        [str(x).split("-") if isinstance(x, str) and x else [] for x in stops["lines"]],
        line_frequency(departures),
    )
    level = level.reset_index().merge(
        places[["place_id", "name", "district", "total", "village"]], on="place_id"
    )
    level.to_csv(args.out / "transit_service.csv", index=False)
    pop = level["total"].sum()
    transit_summary = pd.DataFrame(
        [
            {
                "measure": "share of people with a bus stop within 10 min walk (straight line)",
                "total": level.loc[level["stops"] > 0, "total"].sum() / pop,
                "village": level.loc[level["stops"] > 0, "village"].sum()
                / max(level["village"].sum(), 1),
            },
            {
                "measure": "mean weekday departures per hour 07–19 within 10 min walk",
                "total": (level["departures_per_hour"] * level["total"]).sum() / pop,
                "village": (level["departures_per_hour"] * level["village"]).sum()
                / max(level["village"].sum(), 1),
            },
        ]
    )
    scenario = site_new_facilities(
        places, facilities, "hospital", groups, model, k=args.site_k, max_minutes=30.0
    )
    scenario.new_sites.to_csv(args.out / "hospital_new_sites.csv", index=False)
    scenario.comparison.to_csv(args.out / "hospital_before_after.csv", index=False)
    extra = {
        "Bus service level (ESHOT stops and 2026-04 timetables)": transit_summary,
        f"Siting: {args.site_k} new hospitals, {scenario.method} within 30 min, existing kept": scenario.new_sites,
        "Before / after the new hospitals": scenario.comparison,
    }
    data = _run(args, places, facilities, groups, "İzmir: equal access (demo, real data)", extra)
    notes = {
        "timetable_problems": problems[:20],
        "lines_without_timetable": level.attrs.get("lines_without_timetable", []),
    }
    (args.out / "transit-notes.json").write_text(
        json.dumps(notes, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    hospital = data.get("hospital", {})
    for row in hospital.get("share_within", []):
        print(
            f"hospital within {row['threshold']:g} min: {row['total']:.1%} of people ({model.label})"
        )
    print(f"results in {args.out}/report.html")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        if args.command == "izmir-export":
            from .izmir import export_izmir

            inputs = export_izmir(args.data, args.out)
            print(
                f"{len(inputs.places)} places, {len(inputs.facilities)} facilities, {len(inputs.stops)} stops → {args.out}"
            )
            return 0
        if args.command == "izmir-demo":
            return _izmir_demo(args)
        places, facilities, groups = _load(args)
        if args.command == "run":
            _run(args, places, facilities, groups, "Equal-access analysis")
            print(f"results in {args.out}/report.html")
            return 0
        scenario = site_new_facilities(
            places,
            facilities,
            args.type,
            groups,
            make_model(args),
            args.k,
            args.max_minutes,
            args.method,
        )
        args.out.mkdir(parents=True, exist_ok=True)
        scenario.new_sites.to_csv(args.out / "new_sites.csv", index=False)
        scenario.comparison.to_csv(args.out / "before_after.csv", index=False)
        print(scenario.comparison.to_string(index=False))
        return 0
    except (InputError, ValueError, FileNotFoundError) as exc:
        print(f"adilkent access: {exc}", file=sys.stderr)
        return 2
