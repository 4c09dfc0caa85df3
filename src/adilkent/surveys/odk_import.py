"""Importing answers exported from ODK Central or KoboToolbox as CSV into responses.

Two shapes of export are read, with any delimiter :func:`read_text_rows` detects:

- ODK Central's CSV (the "flattened" main table): a column per question named by its group
  path joined with ``-`` (``svc_health-reach_health``) or ``/``, ``SubmissionDate``,
  ``meta-instanceID``, ``KEY`` and Central's own columns (``SubmitterID``, ``ReviewState``…);
- KoboToolbox's CSV ("XML values and headers"): ``group/question`` headers, ``_uuid``,
  ``_submission_time`` (in UTC, without an offset) and Kobo's columns starting with ``_``.

A column is the question named by the last segment of its path (question names are unique
in a form). Repeat groups are exported in separate files: only the main table is imported,
and the repeats' answers stay empty. Each row's answers are checked with the form's own rules
(:func:`.answering.answers_examine`: types, choices, required, constraints, relevance); a row
that fails is reported with its row number and reasons and the others are imported.

The instance id (``meta/instanceID``, ``instanceID``, ``KEY`` or ``_uuid``, without its
``uuid:`` prefix) is unique on :class:`~.models.Response`: a row already imported is counted,
not imported twice. A file without any id column gives each row a new id (then importing it
again would import it twice; the result says so).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adilkent.importers.csvfiles import read_text_rows
from adilkent.importers.report import RowProblem, SourceFileError

from .models import FormVersion, Response, Survey
from .odk_rows import BATCH, Columns, ImportRefused, RowReader, columns_of
from .xlsform import Form

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    """What one import did: rows read, imported, already there (an earlier import or the
    same id earlier in the file), the bad rows (row number, reason, the instance id in
    ``values["instance_id"]`` when the row has one) and warnings about the file."""

    survey: Survey
    version: FormVersion
    rows: int = 0
    imported: int = 0
    already: int = 0
    bad: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def bad_count(self) -> int:
        return len(self.bad)

    def lines(self) -> list[str]:
        """The result as lines of text (for the command)."""
        found = [
            _("Rows read: %(count)s") % {"count": self.rows},
            _("Imported: %(count)s") % {"count": self.imported},
            _("Already imported: %(count)s") % {"count": self.already},
            _("Bad rows: %(count)s") % {"count": self.bad_count},
        ]
        found += [_("Warning: %(warning)s") % {"warning": w} for w in self.warnings]
        found += [
            _("Row %(row)s: %(reason)s") % {"row": p.row, "reason": p.reason} for p in self.bad
        ]
        return found


def _text_of(handle_or_text: IO[str] | str | bytes) -> IO[str]:
    if isinstance(handle_or_text, bytes):
        try:
            text = handle_or_text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRefused(
                _("The file is not UTF-8 text: export the CSV again with UTF-8 encoding.")
            ) from None
    elif isinstance(handle_or_text, str):
        text = handle_or_text.removeprefix("\ufeff")
    else:
        return handle_or_text
    if not text.strip():
        raise ImportRefused(_("The file is empty."))
    return io.StringIO(text, newline="")


def _saved(batch: Sequence[Response]) -> int:
    """Keep a batch in one transaction; when one of its ids arrived meanwhile (another
    import at the same moment), keep the others one by one. Returns how many were kept."""
    try:
        with transaction.atomic():
            Response.objects.bulk_create(batch)
        return len(batch)
    except IntegrityError:
        kept = 0
        for response in batch:
            try:
                with transaction.atomic():
                    response.save(force_insert=True)
                kept += 1
            except IntegrityError:
                continue
        return kept


def _chunks(
    rows: Iterator[tuple[int, dict[str, str]]], size: int
) -> Iterator[list[tuple[int, dict[str, str]]]]:
    chunk: list[tuple[int, dict[str, str]]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def response_import(
    *,
    survey: Survey,
    version: FormVersion,
    handle_or_text: IO[str] | str | bytes,
    by: Any,
    filename: str = "file",
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Import an ODK Central or KoboToolbox CSV export of answers to ``version`` of
    ``survey``: each good row becomes a response (source "odk_import"), each bad one is
    reported with its row number and reasons, rows already imported are counted.

    Raises :class:`ImportRefused` (nothing written) when the file is not UTF-8, is empty,
    or has no column that is a question of the version.
    """
    started = time.perf_counter()
    if version.survey_id != survey.pk:
        raise ImportRefused(_("This form version belongs to another survey."))
    now = now or timezone.now()
    handle = _text_of(handle_or_text)
    form = version.form()
    result = ImportResult(survey=survey, version=version)
    try:
        rows = read_text_rows(handle, (), name=filename)
        first = next(rows, None)
    except (SourceFileError, csv.Error) as error:
        raise ImportRefused(
            _("The file could not be read as CSV (%(reason)s).") % {"reason": error}
        ) from None
    except UnicodeDecodeError:
        raise ImportRefused(
            _("The file is not UTF-8 text: export the CSV again with UTF-8 encoding.")
        ) from None
    header = list(first[1]) if first else _header(handle)
    columns = columns_of(header, form)
    if not columns.questions:
        raise ImportRefused(
            _(
                "No column of the file is a question of version %(version)s: is it the "
                "CSV export of this form (from Kobo, with “XML values and headers”)?"
            )
            % {"version": version.version}
        )
    reader = RowReader(
        survey=survey,
        version=version,
        form=form,
        columns=columns,
        filename=filename,
        now=now,
        today=today,
    )
    seen: set[uuid.UUID] = set()
    all_rows = _chained(first, rows)
    try:
        for chunk in _chunks(all_rows, BATCH):
            _import_chunk(reader, chunk, result, seen)
    except (csv.Error, UnicodeDecodeError) as error:
        result.bad.append(
            RowProblem(
                filename,
                result.rows + 2,
                _("The file cannot be read from this row on (%(reason)s).") % {"reason": error},
            )
        )
    result.warnings = _warnings(reader, columns, form, version, result)
    result.seconds = time.perf_counter() - started
    logger.info(
        "survey %s version %s: ODK import by user %s: %d imported, %d already, %d bad",
        survey.slug,
        version.version,
        getattr(by, "pk", by),
        result.imported,
        result.already,
        result.bad_count,
    )
    return result


def _header(handle: IO[str]) -> list[str]:
    """The header of a file without rows."""
    handle.seek(0)
    line = handle.readline().lstrip("\ufeff")
    delimiter = max(",;|\t", key=line.count)
    return [h.strip() for h in next(csv.reader([line], delimiter=delimiter), [])]


def _chained(
    first: tuple[int, dict[str, str]] | None, rest: Iterator[tuple[int, dict[str, str]]]
) -> Iterator[tuple[int, dict[str, str]]]:
    if first is not None:
        yield first
        yield from rest


def _import_chunk(
    reader: RowReader,
    chunk: Sequence[tuple[int, dict[str, str]]],
    result: ImportResult,
    seen: set[uuid.UUID],
) -> None:
    result.rows += len(chunk)
    ids = {number: reader.instance_id(row) for number, row in chunk}
    wanted = [found for found, _text, _problem in ids.values() if found is not None]
    existing = dict(
        Response.objects.filter(instance_id__in=wanted).values_list("instance_id", "survey_id")
    )
    batch: list[Response] = []
    for number, row in chunk:
        instance_id, text, problem = ids[number]
        if instance_id is None:
            values = {"instance_id": text} if text else {}
            result.bad.append(RowProblem(reader.filename, number, problem, values))
            continue
        values = {"instance_id": str(instance_id)}
        if instance_id in existing and existing[instance_id] != reader.survey.pk:
            reason = _("This instance id belongs to a response of another survey.")
            result.bad.append(RowProblem(reader.filename, number, reason, values))
            continue
        if instance_id in existing or instance_id in seen:
            result.already += 1
            continue
        answers, reasons = reader.answers(row)
        if reasons:
            result.bad.append(RowProblem(reader.filename, number, " ".join(reasons), values))
            continue
        seen.add(instance_id)
        batch.append(
            Response(
                survey=reader.survey,
                form_version=reader.version,
                instance_id=instance_id,
                answers=answers,
                mahalle=reader.mahalle(answers),
                submitted_at=reader.submitted_at(row),
                source=Response.Source.ODK_IMPORT,
            )
        )
    if batch:
        kept = _saved(batch)
        result.imported += kept
        result.already += len(batch) - kept


def _warnings(
    reader: RowReader, columns: Columns, form: Form, version: FormVersion, result: ImportResult
) -> list[str]:
    found = []
    if not columns.ids:
        found.append(
            _(
                "The file has no instance id column (meta/instanceID, instanceID, KEY or "
                "_uuid): each row was given a new id, so importing the file again would "
                "import its rows twice."
            )
        )
    if columns.unknown:
        found.append(
            _(
                "These columns are not questions of version %(version)s and were ignored: %(columns)s."
            )
            % {"version": version.version, "columns": ", ".join(columns.unknown)}
        )
    repeats = [q.name for q, _depth in form.walk() if q.type == "repeat"]
    if repeats:
        found.append(
            _(
                "Answers to repeats (%(repeats)s) are exported in separate files and are not "
                "imported: they stay empty."
            )
            % {"repeats": ", ".join(repeats)}
        )
    if reader.unread_times:
        found.append(
            _(
                "Rows whose time of submission could not be read (or is in the future) are "
                "dated with the time of the import: %(count)s."
            )
            % {"count": reader.unread_times}
        )
    if result.rows == 0:
        found.append(_("The file has no rows of answers."))
    return found
