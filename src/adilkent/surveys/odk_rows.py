"""Reading an ODK Central or KoboToolbox CSV export: what each column is (the question named
by the last segment of its path, geopoint parts, the instance id and time columns, repeats and
columns left out) and each row's answers as typed values, with the reasons a row is bad.

:mod:`.odk_import` saves what this reads; the formats are described there.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from adilkent.core.parsing import ParseError, parse_date, parse_datetime, parse_float, parse_int
from adilkent.places.models import Mahalle

from .answering import ANSWERED, MAX_TEXT, Problem, answers_examine
from .expressions import parse
from .models import FormVersion, Survey
from .responses import MAHALLE_QUESTION, response_mahalle
from .selectors import problem_message
from .xlsform import Form, Question

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


# --- the columns -----------------------------------------------------------------------------


@dataclass
class Columns:
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


def columns_of(header: Sequence[str], form: Form) -> Columns:
    names, in_repeat = _questions(form)
    columns = Columns()
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


class RowReader:
    """Reads the rows of one file against one form version."""

    def __init__(
        self,
        *,
        survey: Survey,
        version: FormVersion,
        form: Form,
        columns: Columns,
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
