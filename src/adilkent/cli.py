"""The ``adilkent`` command: ``adilkent access …`` and ``adilkent routing …``.

Each engine keeps its own command line in ``adilkent.<engine>.cli`` with a ``main(argv)``
function; this entry point only dispatches, so the engines stay free of each other.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib import import_module

from adilkent.cli_help import examples_epilog

ENGINES = {
    "access": "equal-access analytics: who can reach which service, gaps, siting",
    "routing": "mobile service planning: periodic multi-day routes",
}

# Each engine's --help lists its own examples; these are the ways in.
EXAMPLES = (
    "adilkent access --help",
    "adilkent access izmir-demo --out out/izmir",
    "adilkent routing --help",
    "adilkent routing service library --start 2026-01-05 --out out/library",
)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"} or args[0] not in ENGINES:
        print("usage: adilkent {access,routing} …\n")
        for name, summary in ENGINES.items():
            print(f"  {name:<8} {summary}")
        print("\n" + examples_epilog({"": EXAMPLES}, ""))
        return 0 if args and args[0] in {"-h", "--help"} else 2
    try:
        module = import_module(f"adilkent.{args[0]}.cli")
    except ModuleNotFoundError as exc:
        if exc.name != f"adilkent.{args[0]}.cli":
            raise
        print(f"adilkent {args[0]}: not available in this version", file=sys.stderr)
        return 2
    result = module.main(args[1:])
    return int(result or 0)


if __name__ == "__main__":
    raise SystemExit(main())
