"""Reading delimited text files as their publishers wrote them."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from .report import SourceFileError


def read_rows(
    path: Path, required: Sequence[str], delimiter: str | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(row number, row)`` for each record; the header is row 1.

    Row numbers count records as a spreadsheet shows them (a quoted field may span several
    physical lines, so they can differ from line numbers in a text editor).

    The delimiter (``,``, ``;``, ``|`` or tab) is detected from the header line unless given:
    publishers of the same kind of file do not agree on one. A UTF-8 byte-order mark is
    tolerated. Raises :class:`SourceFileError` with a specific message when the file is missing
    or lacks a required column.
    """
    if not path.is_file():
        raise SourceFileError(f"{path}: file not found")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from read_text_rows(handle, required, delimiter, path.name)


def read_text_rows(
    handle: IO[str], required: Sequence[str], delimiter: str | None = None, name: str = "file"
) -> Iterator[tuple[int, dict[str, str]]]:
    """As :func:`read_rows`, from an open text file (an upload decoded by its reader)."""
    if delimiter is None:
        header_line = handle.readline()
        handle.seek(0)
        if header_line.startswith("\ufeff"):
            header_line = header_line[1:]
        delimiter = max(",;|\t", key=header_line.count)
    reader = csv.DictReader(handle, delimiter=delimiter)
    header = [h.strip().lstrip("\ufeff") for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise SourceFileError(
            f"{name}: missing column(s) {', '.join(missing)}; found {', '.join(header)}"
        )
    reader.fieldnames = header
    for number, row in enumerate(reader, start=2):
        yield number, {k: (v or "").strip() for k, v in row.items() if k}


def parse_float(text: str) -> float | None:
    """A float from ``text`` with a dot or a Turkish decimal comma; ``None`` if empty or invalid
    (``nan``, ``inf``, overflow and digits other than 0-9 are invalid)."""
    import math

    text = text.strip().replace(",", ".")
    if not text or not text.isascii():
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None  # nan, inf and overflow are bad cells
