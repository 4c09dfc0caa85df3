"""Help text shared by the engines' command lines (no Django, no engine imports)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def examples_epilog(examples: Mapping[str, Sequence[str]], *commands: str) -> str:
    """An argparse epilog listing the runnable examples of ``commands``, indented, one line
    each (an example may span lines)."""
    lines = ["Examples:"]
    for command in commands:
        lines.extend(f"  {line}" for example in examples[command] for line in example.split("\n"))
    return "\n".join(lines)
