"""Hand-labelled evaluation texts (see heldout.tsv) and the measurement of the classifier."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HELDOUT = Path(__file__).with_name("heldout.tsv")


@dataclass(frozen=True)
class Example:
    language: str
    label: str
    text: str


def load_heldout(path: Path = HELDOUT) -> list[Example]:
    rows: list[Example] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        language, label, text = line.split("\t")
        rows.append(Example(language, label, text))
    return rows
