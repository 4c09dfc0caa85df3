"""Problems found while reading a source file, and what a reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class RowProblem:
    """One row of a source file that could not be used as it is.

    ``row`` is the 1-based row number as a spreadsheet shows it for CSV files (the header is
    row 1) and the 1-based feature number for GeoJSON. ``skipped`` tells whether the row was left out
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
    notes: list[str] = field(default_factory=list)  # findings about the file as a whole

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


@dataclass
class ImportReport:
    """What one import did: counts, every skipped row and warning, and named sections."""

    title: str
    source_key: str
    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0
    skipped: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sections: dict[str, object] = field(default_factory=dict)

    def add_read(self, result: ReadResult[Any]) -> None:
        self.files.append(result.file)
        self.notes.extend(result.notes)
        self.rows_read += result.rows_read
        self.skipped.extend(result.skipped)
        self.warnings.extend(result.warnings)

    def add_counts(self, created: int, updated: int, unchanged: int, stale: int = 0) -> None:
        self.created += created
        self.updated += updated
        self.unchanged += unchanged
        self.stale += stale

    def as_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "source": self.source_key,
            "files": self.files,
            "rows_read": self.rows_read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "stale": self.stale,
            "skipped": [p.as_dict() for p in self.skipped],
            "warnings": [p.as_dict() for p in self.warnings],
            "notes": self.notes,
            "sections": self.sections,
        }
