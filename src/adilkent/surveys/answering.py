"""Answering a form: the answers as posted, which questions are asked (``relevant``), the
calculations, and the checks (``required``, the answer's type, ``constraint``), with the
evaluator of :mod:`.expressions` (no Django).

Answers are a dictionary by question name, as ODK keeps them flat: a group adds no level, a
repeat's answer is the list of its instances (each a dictionary of the same kind). Values:
text, a date and a ``select_one`` are strings (a date in ISO form), an integer an ``int``, a
decimal a ``float``, a ``select_multiple`` the list of the chosen names, a calculation the
text of its value (as ODK stores it).

A posted field is named after its question (``age``); inside a repeat, after the repeat, the
instance's position and the question (``member-0-member_age``). The positions of a repeat's
instances are posted in ``member-instance`` (one value per instance, in order).

As in ODK, the answers of questions that are not asked are dropped, a constraint applies to
an answered question only, and a calculation is kept only when its row is asked.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import ChainMap
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from adilkent.core.parsing import ParseError, parse_int

from .expressions import evaluate, holds, to_number, to_string
from .xlsform import Form, Question

# The types the web form asks for (others, such as a photo or a location, are answered in
# ODK Collect and never required here).
ANSWERED = {
    "text", "integer", "decimal", "date", "time", "dateTime", "select_one", "select_multiple",
}  # fmt: skip
# The rows a page never shows.
SILENT = {
    "calculate", "hidden", "start", "end", "today", "deviceid", "username", "phonenumber",
    "simserial", "subscriberid", "audit", "start-geopoint",
}  # fmt: skip
MAX_TEXT = 10_000
MAX_INSTANCES = 50

Get = Callable[[str], Sequence[str]]


def field_name(question: Question, prefix: str = "") -> str:
    return f"{prefix}{question.name}"


def instance_prefix(repeat: Question, prefix: str, index: int | str) -> str:
    return f"{prefix}{repeat.name}-{index}-"


def instances_field(repeat: Question, prefix: str = "") -> str:
    return f"{prefix}{repeat.name}-instance"


def position_read(text: str) -> int | None:
    """A repeat instance's position or a page's index as posted: ASCII digits only (``'²'``
    passes ``str.isdigit`` but not ``int``), else ``None``."""
    try:
        return parse_int(text, field="position", minimum=0, maximum=10_000)
    except ParseError:
        return None


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def form_pages(form: Form) -> list[list[Question]]:
    """The form's pages: each top-level group or repeat is a page, and the questions between
    them make a page together; a form without groups is one page."""
    pages: list[list[Question]] = []
    loose: list[Question] = []
    for question in form.children:
        if question.is_group:
            if loose:
                pages.append(loose)
                loose = []
            pages.append([question])
        else:
            loose.append(question)
    if loose:
        pages.append(loose)
    return pages or [[]]


# --- reading what was posted -----------------------------------------------------------------


_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")


def _typed(question: Question, raw: Sequence[str]) -> Any:
    """The posted value in its type; a value that is not of it is kept as typed (the checks
    then say so, and the page shows it again for correcting)."""
    if question.type == "select_multiple":
        return list(dict.fromkeys(v.strip() for v in raw if v.strip()))
    text = (raw[0] if raw else "").strip()[:MAX_TEXT]
    if text == "" or question.type in {"text", "select_one"}:
        return text
    number = text.replace(" ", "").replace("\u066b", ".").replace(",", ".")
    try:
        if question.type == "integer" and "_" not in number:
            return int(number)  # int() reads Persian and Arabic digits too
        if question.type == "decimal" and "_" not in number:
            value = float(number)
            return value if math.isfinite(value) else text
        if question.type == "date":
            return dt.date.fromisoformat(text).isoformat()
        if question.type == "dateTime":
            return dt.datetime.fromisoformat(text).isoformat()
    except ValueError:
        return text
    return text


def answers_read(questions: Sequence[Question], get: Get, prefix: str = "") -> dict[str, Any]:
    """The answers to ``questions`` as posted (``get(name)`` gives a field's values)."""
    found: dict[str, Any] = {}
    for question in questions:
        if question.type == "group":
            found.update(answers_read(question.children, get, prefix))
        elif question.type == "repeat":
            positions = [
                str(n)
                for p in get(instances_field(question, prefix))
                if (n := position_read(p)) is not None
            ]
            found[question.name] = [
                answers_read(question.children, get, instance_prefix(question, prefix, p))
                for p in list(dict.fromkeys(positions))[:MAX_INSTANCES]
            ]
        elif question.type in ANSWERED:
            found[question.name] = _typed(question, get(field_name(question, prefix)))
    return found


def answers_merge(answers: Mapping[str, Any], page: Mapping[str, Any]) -> dict[str, Any]:
    """The draft's answers with a page's posted answers in place of the old ones."""
    return {**answers, **page}


# --- the checks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """What is wrong with one answer: ``code`` is ``required``, ``constraint``, ``integer``,
    ``decimal``, ``date``, ``time`` or ``choice``; ``top`` the top-level question (or group)
    it is under, which tells the page it is on."""

    field: str
    code: str
    question: Question
    top: str


@dataclass
class Examined:
    """The answers with what is not asked dropped and the calculations done; whether each
    row (by field name) is asked; and the problems of the answers that are."""

    answers: dict[str, Any]
    relevant: dict[str, bool] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problems_under(self, tops: set[str]) -> list[Problem]:
        return [p for p in self.problems if p.top in tops]


def _type_problem(question: Question, value: Any) -> str:
    kind = question.type
    names = {c.name for c in question.choices}
    if kind == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        return "integer"
    if kind == "decimal" and (isinstance(value, bool) or not isinstance(value, int | float)):
        return "decimal"
    if kind == "date":
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return "date"
    if kind == "time" and not _TIME.match(str(value)):
        return "time"
    if kind == "select_one" and (not isinstance(value, str) or value not in names):
        return "choice"
    if kind == "select_multiple" and (
        not isinstance(value, list) or any(v not in names for v in value)
    ):
        return "choice"
    return ""


class _Walk:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.relevant: dict[str, bool] = {}
        self.problems: list[Problem] = []

    def holds(self, expression: str, values: Mapping[str, Any], current: Any = "") -> bool:
        return holds(expression, values=values, current=current, today=self.today)

    def scope(
        self,
        questions: Sequence[Question],
        scope: Mapping[str, Any],
        values: MutableMapping[str, Any],
        prefix: str,
        asked: bool,
        top: str,
    ) -> dict[str, Any]:
        kept: dict[str, Any] = {}
        for question in questions:
            name = field_name(question, prefix)
            under = top or question.name
            here = asked and (not question.relevant or self.holds(question.relevant, values))
            self.relevant[name] = here
            if question.type == "group":
                kept.update(self.scope(question.children, scope, values, prefix, here, under))
            elif question.type == "repeat":
                instances = self.instances(question, scope, values) if here else []
                done = [
                    self.scope(
                        question.children,
                        instance,
                        ChainMap(dict(instance), values),
                        instance_prefix(question, prefix, index),
                        here,
                        under,
                    )
                    for index, instance in enumerate(instances)
                ]
                values[question.name] = done
                if here:
                    kept[question.name] = done
            elif question.type == "calculate":
                value = ""
                if here and question.calculation:
                    value = to_string(
                        evaluate(question.calculation, values=values, today=self.today)
                    )
                    kept[question.name] = value
                values[question.name] = value
            elif question.type in ANSWERED:
                value = scope.get(question.name, "") if here else ""
                values[question.name] = value
                if here and not is_empty(value):
                    kept[question.name] = value
                if here:
                    self.check(question, name, value, values, under)
        return kept

    def instances(
        self, repeat: Question, scope: Mapping[str, Any], values: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        found = scope.get(repeat.name)
        instances = (
            [dict(i) for i in found if isinstance(i, Mapping)] if isinstance(found, list) else []
        )
        if repeat.repeat_count:
            count = to_number(evaluate(repeat.repeat_count, values=values, today=self.today))
            wanted = 0 if math.isnan(count) else max(0, min(int(count), MAX_INSTANCES))
            instances = (instances + [{} for _ in range(wanted)])[:wanted]
        return instances

    def check(
        self, question: Question, name: str, value: Any, values: Mapping[str, Any], top: str
    ) -> None:
        def problem(code: str) -> None:
            self.problems.append(Problem(name, code, question, top))

        if is_empty(value):
            if question.required or (
                question.required_if and self.holds(question.required_if, values)
            ):
                problem("required")
            return
        wrong_type = _type_problem(question, value)
        if wrong_type:
            problem(wrong_type)
        elif question.constraint and not self.holds(question.constraint, values, value):
            problem("constraint")


def answers_examine(
    *, form: Form, answers: Mapping[str, Any], today: dt.date | None = None
) -> Examined:
    """Which rows are asked given ``answers``, the answers kept (those of rows not asked
    dropped, calculations done) and the problems of the asked ones. Dropping an answer can
    change what else is asked, so the walk is repeated until nothing changes."""
    current: dict[str, Any] = dict(answers)
    walk = _Walk(today or dt.date.today())
    for _round in range(10):
        walk = _Walk(walk.today)
        kept = walk.scope(form.children, current, dict(current), "", True, "")
        if kept == current:
            break
        current = kept
    return Examined(answers=current, relevant=walk.relevant, problems=walk.problems)


# --- pages and repeats -----------------------------------------------------------------------


def page_is_asked(page: Sequence[Question], relevant: Mapping[str, bool]) -> bool:
    """Whether the page shows anything: one of its rows is asked and is not a silent one."""
    return any(relevant.get(q.name, False) and q.type not in SILENT for q in page)


def page_tops(page: Sequence[Question]) -> set[str]:
    return {q.name for q in page}


def repeat_instances(
    form: Form, answers: dict[str, Any], path: str
) -> tuple[Question, list[dict[str, Any]]] | None:
    """The repeat whose instances are posted as ``path`` (its field name: ``member``, or
    ``household-0-child`` inside another repeat) and its list in ``answers`` (to change)."""

    def walk(
        questions: Sequence[Question], scope: dict[str, Any], prefix: str
    ) -> tuple[Question, list[dict[str, Any]]] | None:
        for question in questions:
            if question.type == "group":
                found = walk(question.children, scope, prefix)
                if found:
                    return found
            elif question.type == "repeat":
                name = field_name(question, prefix)
                items = scope.get(question.name)
                if not isinstance(items, list):
                    items = scope[question.name] = []
                if name == path:
                    return question, items
                if path.startswith(f"{name}-"):
                    for index, instance in enumerate(items):
                        found = walk(
                            question.children, instance, instance_prefix(question, prefix, index)
                        )
                        if found:
                            return found
        return None

    return walk(form.children, answers, "")


def repeat_add(*, form: Form, answers: dict[str, Any], path: str) -> bool:
    found = repeat_instances(form, answers, path)
    if found is None or found[0].repeat_count or len(found[1]) >= MAX_INSTANCES:
        return False
    found[1].append({})
    return True


def repeat_remove(*, form: Form, answers: dict[str, Any], path: str, index: int) -> bool:
    found = repeat_instances(form, answers, path)
    if found is None or found[0].repeat_count or not 0 <= index < len(found[1]):
        return False
    del found[1][index]
    return True
