"""Problems found while reading a source file, and what a reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class RowProblem:
    """One row of a source file that could not be used as it is.

    ``row`` is the 1-based line number in the file for CSV files (the header is line 1) and the
    1-based feature number for GeoJSON. ``skipped`` tells whether the row was left out
    (an error) or imported with the problem noted (a warning).
    """

    file: str
    row: int
    reason: str
    values: dict[str, str] = field(default_factory=dict)
    skipped: bool = True

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "row": self.row,
            "reason": self.reason,
            "values": self.values,
            "skipped": self.skipped,
        }


@dataclass
class ReadResult(Generic[T]):
    """The records read from one file and the problems met on the way."""

    file: str
    records: list[T] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rows_read: int = 0

    @property
    def skipped(self) -> list[RowProblem]:
        return [p for p in self.problems if p.skipped]

    @property
    def warnings(self) -> list[RowProblem]:
        return [p for p in self.problems if not p.skipped]

    def problem(
        self, row: int, reason: str, values: dict[str, str] | None = None, *, skipped: bool = True
    ) -> None:
        self.problems.append(RowProblem(self.file, row, reason, dict(values or {}), skipped))


class SourceFileError(Exception):
    """The file as a whole cannot be read (missing, wrong format, no expected columns)."""
