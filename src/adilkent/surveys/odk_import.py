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

import copy
import csv
import datetime as dt
import io
import logging
import re
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adilkent.core.parsing import ParseError, parse_date, parse_datetime, parse_float, parse_int
from adilkent.importers.csvfiles import read_text_rows
from adilkent.importers.report import RowProblem, SourceFileError
from adilkent.places.models import Mahalle

from .answering import ANSWERED, MAX_TEXT, Problem, answers_examine
from .expressions import parse
from .models import FormVersion, Response, Survey
from .responses import MAHALLE_QUESTION, response_mahalle
from .selectors import problem_message
from .xlsform import Form, Question

logger = logging.getLogger(__name__)

BATCH = 1000
MAX_SHOWN_VALUE = 60
# Columns holding the instance id, most specific first.
ID_COLUMNS = ("meta-instanceID", "meta/instanceID", "instanceID", "KEY", "_uuid")
# When the answers were sent: the form's `end` question first, then the server's time.
TIME_COLUMNS = ("SubmissionDate", "_submission_time")
# ODK Central's own columns of the main table (Kobo's all start with "_").
CENTRAL_COLUMNS = {
    "SubmissionDate", "SubmitterID", "SubmitterName", "AttachmentsPresent",
    "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion", "KEY",
    "instanceID", "__version__",
}  # fmt: skip
# Metadata a form may ask for that would tie an answer to a device, an account or a phone.
NOT_KEPT = {"deviceid", "username", "phonenumber", "simserial", "subscriberid", "audit", "email"}
GEOPOINT_PARTS = ("Latitude", "Longitude", "Altitude", "Accuracy")
_TIME = re.compile(
    r"^(?P<clock>[0-9]{2}:[0-9]{2}(?::[0-9]{2})?)(?:\.[0-9]+)?(?:Z|[+-][0-9:]{4,5})?$"
)
_OFFSET = re.compile(r"(?:Z|z|[+-][0-9]{2}:?[0-9]{2})$")


class ImportRefused(Exception):
    """The file as a whole cannot be imported (nothing is written); ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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


# --- the columns -----------------------------------------------------------------------------


@dataclass
class _Columns:
    """What each column of the file is."""

    questions: dict[str, str] = field(default_factory=dict)  # column -> question name
    geopoints: dict[str, dict[str, str]] = field(default_factory=dict)  # question -> part -> column
    ids: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    repeats: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def column_of(self, name: str) -> str:
        return next((c for c, q in self.questions.items() if q == name), name)


def _questions(form: Form) -> tuple[dict[str, Question], set[str]]:
    """Every question by name, and the names inside (or of) a repeat."""
    found: dict[str, Question] = {}
    in_repeat: set[str] = set()

    def walk(questions: Sequence[Question], repeated: bool) -> None:
        for question in questions:
            found.setdefault(question.name, question)
            inside = repeated or question.type == "repeat"
            if inside:
                in_repeat.add(question.name)
            walk(question.children, inside)

    walk(form.children, False)
    return found, in_repeat


def _name_in(header: str, names: Mapping[str, Question]) -> str:
    """The question a column names: the last segment of its path (``group/question``), or
    for ODK Central's ``group-question`` the longest ending after a ``-`` that is a name
    (a name may itself hold a ``-``); ``""`` when none."""
    text = header.strip()
    if "/" in text:
        last = text.rstrip("/").rsplit("/", 1)[-1]
        return last if last in names else ""
    parts = text.split("-")
    for start in range(len(parts)):
        candidate = "-".join(parts[start:])
        if candidate in names:
            return candidate
    return ""


def _split_choice(header: str, names: Mapping[str, Question]) -> bool:
    """A column of one choice of a select_multiple (``languages/tr``), which the export
    adds beside the question's own column when asked to."""
    for separator in ("/", "-"):
        head, sep, choice = header.rpartition(separator)
        if not sep:
            continue
        name = _name_in(head, names)
        question = names.get(name)
        if question and question.type == "select_multiple":
            return choice in {c.name for c in question.choices}
    return False


def _columns(header: Sequence[str], form: Form) -> _Columns:
    names, in_repeat = _questions(form)
    columns = _Columns()
    for column in header:
        if not column:
            continue
        if column in ID_COLUMNS or column.rsplit("/", 1)[-1] == "instanceID":
            columns.ids.append(column)
            continue
        name = _name_in(column, names)
        question = names.get(name)
        if question is not None and name not in columns.questions.values():
            if name in in_repeat:
                columns.repeats.append(column)
            elif not question.is_group:
                columns.questions[column] = name
            continue
        head, _sep, part = column.rpartition("-")
        point = names.get(_name_in(head, names)) if head else None
        if point is not None and point.type == "geopoint" and part in GEOPOINT_PARTS:
            columns.geopoints.setdefault(point.name, {})[part] = column
            continue
        if column in TIME_COLUMNS:
            columns.times.append(column)
            continue
        first = re.split(r"[-/]", column, maxsplit=1)[0]
        if (
            column in CENTRAL_COLUMNS
            or column.startswith("_")
            or first in {"meta", "formhub"}
            or _split_choice(column, names)
        ):
            continue
        columns.unknown.append(column)
    columns.ids.sort(key=lambda c: ID_COLUMNS.index(c) if c in ID_COLUMNS else 2)
    return columns


# --- one row ---------------------------------------------------------------------------------


def _value(question: Question, text: str) -> tuple[Any, bool]:
    """The exported text in the question's type, and whether it could be read as one (a
    value that cannot is kept as text; the checks then report it)."""
    text = text.strip()
    kind = question.type
    if text == "":
        return ("" if kind != "select_multiple" else []), True
    try:
        if kind == "integer":
            return parse_int(text, field=question.name), True
        if kind == "decimal":
            return parse_float(text, field=question.name), True
        if kind == "date":
            return parse_date(
                text[:10] if "T" in text else text, field=question.name
            ).isoformat(), True
        if kind == "dateTime":
            return parse_datetime(text, field=question.name).isoformat(), True
    except ParseError:
        return text, False
    if kind == "time":
        found = _TIME.match(text)
        return (found["clock"], True) if found else (text, False)
    if kind == "select_multiple":
        return list(dict.fromkeys(text.split())), True
    return text[:MAX_TEXT], True


def _parsed(form: Form) -> Form:
    """A copy of the form whose expressions are parsed once, not once per row and question
    (:func:`.expressions.evaluate` takes a parsed expression as well as its text)."""
    parsed = copy.deepcopy(form)
    for question, _depth in parsed.walk():
        for attr in ("relevant", "constraint", "calculation", "required_if", "repeat_count"):
            source = getattr(question, attr)
            if source:
                setattr(question, attr, parse(source))
    return parsed


def _shown(value: Any) -> str:
    text = " ".join(value) if isinstance(value, list) else str(value)
    return text if len(text) <= MAX_SHOWN_VALUE else f"{text[: MAX_SHOWN_VALUE - 1]}…"


TYPED = {"integer", "decimal", "date", "dateTime", "time"}


def _reason(
    code: str,
    *,
    question: Question,
    column: str,
    raw: str,
    form: Form,
    problem: Problem | None = None,
) -> str:
    """One problem of a row, in the reader's language, naming the column and the value:
    ``code`` is a problem's code, or the question's type for a value not of that type."""
    values = {"column": column, "value": _shown(raw)}
    if code == "required":
        return _("%(column)s: an answer is required but the cell is empty.") % values
    if code == "integer":
        return _("%(column)s: “%(value)s” is not a whole number (digits 0–9).") % values
    if code == "decimal":
        return _("%(column)s: “%(value)s” is not a number.") % values
    if code == "date":
        return _("%(column)s: “%(value)s” is not a date written YYYY-MM-DD.") % values
    if code == "dateTime":
        return _("%(column)s: “%(value)s” is not a date and time.") % values
    if code == "time":
        return _("%(column)s: “%(value)s” is not a time such as 14:30.") % values
    if code == "choice":
        names = {c.name for c in question.choices}
        given = raw.split() if question.type == "select_multiple" else [raw.strip()]
        wrong = [v for v in given if v not in names] or given
        return _("%(column)s: “%(value)s” is not one of the choices (%(choices)s).") % {
            **values,
            "value": _shown(" ".join(wrong)),
            "choices": ", ".join(c.name for c in question.choices),
        }
    own = (
        problem_message(problem, form=form).text if problem and question.constraint_messages else ""
    )
    if own:
        return _("%(column)s: “%(value)s” is not accepted: %(message)s") % {
            **values,
            "message": own,
        }
    return _("%(column)s: “%(value)s” breaks the form's constraint %(constraint)s.") % {
        **values,
        "constraint": question.constraint,
    }


class _Reader:
    """Reads the rows of one file against one form version."""

    def __init__(
        self,
        *,
        survey: Survey,
        version: FormVersion,
        form: Form,
        columns: _Columns,
        filename: str,
        now: dt.datetime,
        today: dt.date | None,
    ) -> None:
        self.survey = survey
        self.version = version
        self.form = form
        self.columns = columns
        self.filename = filename
        self.now = now
        self.today = today
        self.checked = _parsed(form)
        self.names, _in_repeat = _questions(form)
        self.time_question = next(
            (n for n in columns.questions.values() if self.names[n].type == "end"), ""
        )
        self.unread_times = 0
        self.mahalleler: dict[str | None, Mahalle | None] = {}

    def instance_id(self, row: Mapping[str, str]) -> tuple[uuid.UUID | None, str, str]:
        """(the id, its text, the problem) of a row; a new id when the file has no id column."""
        if not self.columns.ids:
            return uuid.uuid4(), "", ""
        text = next((row.get(c, "") for c in self.columns.ids if row.get(c, "")), "")
        if not text:
            return None, "", _("The instance id is empty.")
        bare = text.removeprefix("uuid:").strip()
        try:
            return uuid.UUID(bare), bare, ""
        except ValueError:
            return None, text, _("The instance id “%(id)s” is not a UUID.") % {"id": _shown(text)}

    def submitted_at(self, row: Mapping[str, str]) -> dt.datetime:
        """The end of the interview when the form records it, else the server's time of
        receipt; the time of the import when neither can be read (or is in the future)."""
        candidates = [self.columns.column_of(self.time_question)] if self.time_question else []
        candidates += self.columns.times
        given = False
        for column in candidates:
            text = row.get(column, "").strip()
            if not text:
                continue
            given = True
            if column == "_submission_time" and not _OFFSET.search(text):
                text += "Z"  # Kobo writes the server's time in UTC without saying so
            try:
                moment = parse_datetime(text, field=column)
            except ParseError:
                continue
            if moment <= self.now + dt.timedelta(minutes=5):
                return moment
        if given:
            self.unread_times += 1
        return self.now

    def mahalle(self, answers: Mapping[str, Any]) -> Mahalle | None:
        chosen = answers.get(MAHALLE_QUESTION)
        key = chosen if isinstance(chosen, str) else None
        if key not in self.mahalleler:
            self.mahalleler[key] = response_mahalle(survey=self.survey, answers=answers)
        return self.mahalleler[key]

    def answers(self, row: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
        """The row's answers as the form keeps them, and the reasons it is bad (if any)."""
        answers: dict[str, Any] = {}
        unread: set[str] = set()
        others: dict[str, str] = {}
        for column, name in self.columns.questions.items():
            question = self.names[name]
            text = row.get(column, "")
            if question.type in ANSWERED:
                value, read = _value(question, text)
                answers[name] = value
                if not read:
                    unread.add(name)
            elif (
                question.type not in {"calculate", "note"}
                and question.type not in NOT_KEPT
                and text.strip()
            ):
                others[name] = text.strip()[:MAX_TEXT]  # a location, a file name…
        for name, parts in self.columns.geopoints.items():
            point = " ".join(row.get(parts[p], "").strip() for p in GEOPOINT_PARTS if p in parts)
            if point.strip():
                others[name] = point.strip()
        examined = answers_examine(form=self.checked, answers=answers, today=self.today)
        reasons = []
        reported: set[str] = set()
        for problem in examined.problems:
            question = self.names.get(problem.question.name, problem.question)
            column = self.columns.column_of(question.name)
            code = problem.code
            if question.name in unread and code != "required" and question.type in TYPED:
                code = question.type
            reported.add(question.name)
            raw = row.get(column, "")
            reasons.append(
                _reason(
                    code, question=question, column=column, raw=raw, form=self.form, problem=problem
                )
            )
        for name in sorted(unread - reported, key=list(self.names).index):
            if examined.relevant.get(name, False):  # a value not of its type, yet not refused
                question = self.names[name]
                column = self.columns.column_of(name)
                raw = row.get(column, "")
                reasons.append(
                    _reason(
                        question.type, question=question, column=column, raw=raw, form=self.form
                    )
                )
        kept = dict(examined.answers)
        for name, text in others.items():
            if examined.relevant.get(name, True):
                kept[name] = text
        return kept, reasons


# --- the import ------------------------------------------------------------------------------


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
    columns = _columns(header, form)
    if not columns.questions:
        raise ImportRefused(
            _(
                "No column of the file is a question of version %(version)s: is it the "
                "CSV export of this form (from Kobo, with “XML values and headers”)?"
            )
            % {"version": version.version}
        )
    reader = _Reader(
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
    reader: _Reader,
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
    reader: _Reader, columns: _Columns, form: Form, version: FormVersion, result: ImportResult
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
