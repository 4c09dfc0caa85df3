"""``adilkent routing``: plan mobile services from files, plan the seed services on the real
data, or measure the solver on a benchmark instance.

``adilkent routing --help`` and each command's ``--help`` end with runnable examples
(:data:`EXAMPLES`) and the exit status; ``tests/test_cli_examples.py`` runs every example.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from adilkent.access.model import StraightLineModel
from adilkent.cli_help import examples_epilog

from .calendars import UnknownCountry, public_holidays
from .files import read_sites, read_vehicles, write_csv, write_ics, write_json
from .kpi import PlanKpis, plan_kpis
from .model import Plan, PlanInputError, PlanSettings
from .naive import naive_plan
from .periodic import plan
from .priority import priorities_for, read_priority

DEFAULT_DATA = Path(
    os.environ.get("ADILKENT_DATA_DIR")
    or os.environ.get("DATA_DIR")
    or Path(__file__).resolve().parents[4] / "shared" / "data"
)


# Shown at the end of --help; sites.csv, vehicles.csv and need.csv are the user's own files
# (need.csv: e.g. out/access/hospital/need.csv of ``adilkent access``), ``../shared/data`` is the
# data folder beside the repository.
EXAMPLES = {
    "plan": (
        "adilkent routing plan --sites sites.csv --vehicles vehicles.csv --start 2026-01-05 \\\n"
        "    --days 28 --holidays TR --out out/plan",
    ),
    "service": (
        "adilkent routing service library --start 2026-01-05 --out out/library",
        "adilkent routing service legal-aid --priority need.csv --start 2026-01-05 --out out/la",
        "adilkent routing service milk --teams 3 --start 2026-01-05 --out out/milk",
        "adilkent routing service milk --combined --teams 3 --start 2026-01-05 --out out/milk-all",
        "adilkent routing service empowerment --start 2026-01-05 --out out/empowerment",
        "adilkent routing service stage --start 2026-01-05 --out out/stage",
    ),
    "benchmark": ("adilkent routing benchmark ../shared/data/vrp/VRPTW/C1_10_1.vrp --seconds 30",),
}

EXIT_STATUS = """\
Exit status: 0 every site planned; 1 a plan was written but some sites or input rows could not
be used (listed, with the reason); 2 nothing could be planned (bad arguments or input)."""


def _epilog(*commands: str) -> str:
    planning = any(command in {"plan", "service"} for command in commands)
    return examples_epilog(EXAMPLES, *commands) + ("\n\n" + EXIT_STATUS if planning else "")


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str
) -> argparse.ArgumentParser:
    return commands.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=_epilog(name),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-01-05") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="adilkent routing",
        description=__doc__.split("\n\n")[0],
        epilog=_epilog(*EXAMPLES),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = _command(commands, "plan", "plan from a sites file and a vehicles file")
    run.add_argument("--sites", type=Path, required=True, help="sites: .csv or .geojson")
    run.add_argument("--vehicles", type=Path, required=True, help="vehicles: .csv or .json")
    run.add_argument("--start", type=_date, default=dt.date.today(), help="first day (ISO)")
    run.add_argument("--days", type=int, default=28, help="horizon in days (28)")
    run.add_argument("--window", type=int, default=14, help="days planned at once (14)")
    run.add_argument("--commit", type=int, default=7, help="days kept before rolling on (7)")
    run.add_argument("--seconds", type=float, default=2.0, help="solver time per window (2)")
    run.add_argument("--seed", type=int, default=1)
    run.add_argument(
        "--holidays",
        default="",
        metavar="COUNTRY",
        help="no visits on this country's public holidays (ISO code, e.g. TR; default: none)",
    )
    run.add_argument("--speed", type=float, default=40.0, help="straight-line speed km/h (40)")
    run.add_argument("--circuity", type=float, default=1.3, help="straight-line circuity (1.3)")
    run.add_argument("--out", type=Path, required=True, help="folder for the plan files")

    service = _command(commands, "service", "plan a seed service on the real data")
    service.add_argument(
        "name", choices=["library", "legal-aid", "milk", "empowerment", "stage", "employment-point"]
    )
    service.add_argument(
        "--data-dir", type=Path, default=DEFAULT_DATA, help="the shared data folder"
    )
    service.add_argument("--start", type=_date, default=dt.date.today())
    service.add_argument("--seconds", type=float, default=1.0, help="solver time per window")
    service.add_argument(
        "--holidays",
        default="TR",
        metavar="COUNTRY",
        help="no visits on this country's public holidays (ISO code; default TR; '' for none)",
    )
    service.add_argument("--teams", type=int, default=None, help="milk: plan only the first N")
    service.add_argument(
        "--combined",
        action="store_true",
        help="milk: one plan of every team (milk.json/.csv/.ics, with the teams and the rule "
        "for the served mahalle, as on the pages) instead of a plan file per team",
    )
    service.add_argument(
        "--priority",
        type=Path,
        help="need ranking (CSV: place_id and need, priority or rank), e.g. the need.csv of "
        "`adilkent access`; library, legal-aid, employment-point, empowerment and stage choose their places by it",
    )
    service.add_argument("--out", type=Path, required=True, help="folder for the plan files")

    bench = _command(commands, "benchmark", "gap to the best-known solution of a VRPLIB file")
    bench.add_argument("instance", type=Path, help=".vrp file with a .sol next to it")
    bench.add_argument("--seconds", type=float, default=10.0, help="solver time (10)")
    bench.add_argument("--seed", type=int, default=1)
    return parser


def _kpi_lines(smart: PlanKpis, naive: PlanKpis) -> list[str]:
    rows = [f"{'':<26}{'plan':>12}{'naive':>12}"]
    for key, value in smart.as_dict().items():
        other = naive.as_dict()[key]
        shown = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in (value, other)]
        rows.append(f"{key:<26}{shown[0]:>12}{shown[1]:>12}")
    return rows


def _write(result: Plan, naive: Plan, out: Path, extra: dict[str, Any] | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    comparison = {"naive": {"kpis": plan_kpis(naive).as_dict(), "rule": naive.name}}
    write_json(result, out / f"{result.name}.json", {**(extra or {}), "comparison": comparison})
    write_csv(result, out / f"{result.name}.csv")
    write_ics(result, out / f"{result.name}.ics")


def _report(result: Plan, naive: Plan, out: Path) -> None:
    print(f"{result.name}: travel model: {result.travel_model}")
    print("\n".join(_kpi_lines(plan_kpis(result), plan_kpis(naive))))
    for item in result.unserved:
        print(f"unserved: {item.site_id}: {item.reason}", file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"written: {out}/{result.name}.json, .csv, .ics")


def _progress(total_label: str) -> tuple[tqdm, Any]:
    bar = tqdm(total=0, desc=total_label, unit="window", file=sys.stderr, leave=False)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return bar, update


def _run_plan(args: argparse.Namespace) -> int:
    sites, site_problems = read_sites(args.sites, args.start)
    vehicles, vehicle_problems = read_vehicles(args.vehicles)
    for problem in site_problems + vehicle_problems:
        print(f"skipped: {problem}", file=sys.stderr)
    if not sites or not vehicles:
        print("nothing to plan: no usable sites or no usable vehicles", file=sys.stderr)
        return 2
    try:
        closed = public_holidays(
            args.holidays, args.start, args.start + dt.timedelta(days=args.days)
        )
    except UnknownCountry as error:
        print(f"--holidays: {error}", file=sys.stderr)
        return 2
    settings = PlanSettings(
        args.start,
        horizon_days=args.days,
        window_days=args.window,
        commit_days=min(args.commit, args.window),
        seconds_per_window=args.seconds,
        seed=args.seed,
        closed_dates=closed,
    )
    model = StraightLineModel(speed_kmh=args.speed, circuity=args.circuity, mode="drive")
    bar, update = _progress("planning")
    result = plan(
        sites, vehicles, settings, name=args.sites.stem, travel_model=model, progress=update
    )
    bar.close()
    naive = naive_plan(
        sites, vehicles, settings, name=f"{args.sites.stem} (naive)", travel_model=model
    )
    _write(result, naive, args.out, {"skipped_rows": site_problems + vehicle_problems})
    _report(result, naive, args.out)
    return 1 if result.unserved or site_problems or vehicle_problems else 0


def _run_service(args: argparse.Namespace) -> int:
    from .empowerment import empowerment_stops
    from .mobile_services import (
        employment_point,
        legal_aid,
        milk_distribution,
        milk_service,
        mobile_library,
    )
    from .places import read_places_from_data_dir
    from .stages import mobile_stages

    try:
        places = read_places_from_data_dir(args.data_dir)
    except FileNotFoundError as exc:
        print(f"data not found: {exc.filename} (set --data-dir)", file=sys.stderr)
        return 2
    priority, unusable = None, False
    if args.priority is not None:
        if args.name == "milk":
            print("--priority is not used by milk: every served mahalle is delivered each month")
        else:
            if not args.priority.is_file():
                print(f"priority file not found: {args.priority}", file=sys.stderr)
                return 2
            table = read_priority(args.priority)
            priority, unknown = priorities_for(places, table)
            for problem in table.problems:
                print(f"skipped: {problem}", file=sys.stderr)
            if unknown:
                shown = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
                print(
                    f"skipped: {len(unknown)} place_id(s) of {table.source} name no place: {shown}",
                    file=sys.stderr,
                )
            print(
                f"priority: {len(table.need) - len(unknown)} places ranked by "
                f"'{table.column}' in {table.source}; every other place has the lowest "
                "priority"
            )
            unusable = bool(table.problems or unknown)
    if args.combined and args.name != "milk":
        print("--combined is used by milk only: the other services make one plan anyway")
    try:
        closed = public_holidays(args.holidays, args.start, args.start + dt.timedelta(days=400))
    except UnknownCountry as error:
        print(f"--holidays: {error}", file=sys.stderr)
        return 2
    bar, update = _progress(args.name if args.name != "milk" else "milk teams")
    if args.name == "library":
        services = [
            mobile_library(
                places,
                args.start,
                seconds_per_window=args.seconds,
                priority=priority,
                progress=update,
                closed_dates=closed,
            )
        ]
    elif args.name == "empowerment":
        services = [
            empowerment_stops(
                places,
                args.start,
                seconds_per_window=args.seconds,
                priority=priority,
                progress=update,
                closed_dates=closed,
            )
        ]
    elif args.name == "stage":
        services = [
            mobile_stages(
                places,
                args.start,
                seconds_per_window=args.seconds,
                priority=priority,
                progress=update,
                closed_dates=closed,
            )
        ]
    elif args.name in ("legal-aid", "employment-point"):
        weekday_stops = legal_aid if args.name == "legal-aid" else employment_point
        services = [
            weekday_stops(
                places,
                args.start,
                seconds_per_window=args.seconds,
                priority=priority,
                progress=update,
                closed_dates=closed,
            )
        ]
    elif args.combined:
        services = [
            milk_service(
                places,
                args.start,
                team_limit=args.teams,
                seconds_per_window=args.seconds,
                progress=update,
                closed_dates=closed,
            )
        ]
    else:
        services = milk_distribution(
            places,
            args.start,
            team_limit=args.teams,
            seconds_per_window=args.seconds,
            progress=update,
            closed_dates=closed,
        )
    bar.close()
    partial = unusable
    for service in services:
        extra: dict[str, Any] = {"assumptions": service.assumptions}
        if args.name in {"empowerment", "stage"} or args.combined:
            extra.update(service.details)
        _write(service.plan, service.naive, args.out, extra)
        for line in service.assumptions:
            print(f"assumption: {line}")
        _report(service.plan, service.naive, args.out)
        partial = partial or bool(service.plan.unserved)
    return 1 if partial else 0


def _run_benchmark(args: argparse.Namespace) -> int:
    from .benchmark import run_instance

    try:
        outcome = run_instance(args.instance, seconds=args.seconds, seed=args.seed)
    except (FileNotFoundError, ValueError) as exc:
        print(f"cannot run {args.instance}: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(outcome.as_dict(), indent=1))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    started = time.perf_counter()
    try:
        if args.command == "plan":
            status = _run_plan(args)
        elif args.command == "service":
            status = _run_service(args)
        else:
            status = _run_benchmark(args)
    except PlanInputError as exc:
        print(f"cannot plan: {exc}", file=sys.stderr)
        return 2
    print(f"done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
