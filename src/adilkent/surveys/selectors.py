"""Reads of the surveys app: which surveys a member of staff runs, the public ones, and a
form's questions ready for a page in the reader's language (each text with its own language
and direction, falling back to the form's default language)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from . import permissions
from .answering import ANSWERED, SILENT, Problem
from .expressions import to_string
from .models import FormVersion, Survey
from .xlsform import Form, Question, text_in


def surveys_for_staff(*, user: Any) -> QuerySet[Survey]:
    found = Survey.objects.order_by("-created_at", "slug")
    if permissions.runs_all(user):
        return found
    return found.filter(staff__user=user).distinct()


def surveys_public() -> QuerySet[Survey]:
    return Survey.objects.filter(status=Survey.Status.OPEN).order_by("-created_at", "slug")


def surveys_closed() -> QuerySet[Survey]:
    """Closed surveys: their results stay public."""
    return Survey.objects.filter(status=Survey.Status.CLOSED).order_by("-created_at", "slug")


def survey_public(*, slug: str) -> Survey | None:
    """An open or closed survey (a draft is not public)."""
    return Survey.objects.exclude(status=Survey.Status.DRAFT).filter(slug=slug).first()


def survey_version(*, survey: Survey, number: int | None = None) -> FormVersion | None:
    versions = survey.versions.order_by("-number")
    return versions.filter(number=number).first() if number else versions.first()


@dataclass(frozen=True)
class Text:
    """A text of the form with the language it is in and that language's direction."""

    text: str
    lang: str
    dir: str

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def _direction(code: str, fallback: str) -> str:
    if not code:
        return fallback
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return fallback


def _text(texts: Mapping[str, str], language: str, default: str) -> Text:
    text, code = text_in(texts, language, default)
    code = code or default
    return Text(text, code, _direction(code, "auto"))


@dataclass(frozen=True)
class ChoiceItem:
    name: str
    label: Text


@dataclass
class Item:
    """A question, group or repeat as a page shows it."""

    question: Question
    depth: int
    key: str  # unique in the form: the names of its groups and its own, joined by "-"
    label: Text
    hint: Text
    constraint_message: Text
    choices: list[ChoiceItem] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.question.name

    @property
    def type(self) -> str:
        return self.question.type

    @property
    def heading_level(self) -> int:
        return min(self.depth + 2, 6)

    @property
    def input_type(self) -> str:
        """The HTML input the web form uses for the question ("" when it has none)."""
        return {
            "text": "text",
            "integer": "number",
            "decimal": "number",
            "date": "date",
            "time": "time",
            "dateTime": "datetime-local",
        }.get(self.question.type, "")

    @property
    def shown(self) -> bool:
        """Whether the web form shows the row (calculations and hidden fields it does not)."""
        return self.question.type not in {
            "calculate", "hidden", "start", "end", "today", "deviceid", "username",
            "phonenumber", "simserial", "subscriberid", "audit", "start-geopoint",
        }  # fmt: skip


def _items(
    questions: Sequence[Question], language: str, default: str, depth: int, prefix: str = ""
) -> list[Item]:
    return [
        Item(
            question=q,
            depth=depth,
            key=f"{prefix}{q.name}",
            label=_text(q.labels, language, default),
            hint=_text(q.hints, language, default),
            constraint_message=_text(q.constraint_messages, language, default),
            choices=[ChoiceItem(c.name, _text(c.labels, language, default)) for c in q.choices],
            children=_items(q.children, language, default, depth + 1, f"{prefix}{q.name}-"),
        )
        for q in questions
    ]


def survey_title(survey: Survey, language: str | None = None) -> Text:
    """The survey's title in the reader's language, else Turkish, else English, else any,
    with the language it is in (so a page can mark a title shown in another language)."""
    code = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    found = _text(survey.title, code, settings.LANGUAGE_CODE)
    return found if found.text else Text(survey.slug, "", "ltr")


def survey_purpose(survey: Survey, language: str | None = None) -> Text:
    code = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    return _text(survey.purpose, code, settings.LANGUAGE_CODE)


def form_items(*, form: Form, language: str | None = None) -> list[Item]:
    """The form's questions for a page in ``language`` (the active one by default)."""
    code = (language or get_language() or "tr")[:2]
    return _items(form.children, code, form.default_language, 0)


# --- the answer form -------------------------------------------------------------------------


def _here(text: str) -> Text:
    """A text of the platform (gettext) in the page's language."""
    code = (get_language() or settings.LANGUAGE_CODE)[:2]
    return Text(text, code, _direction(code, "ltr"))


def problem_message(problem: Problem, *, form: Form, language: str | None = None) -> Text:
    """What a page says about a problem: the form's own constraint or required message in
    the reader's language when it has one, else the platform's."""
    code = (language or get_language() or "tr")[:2]
    question = problem.question
    own = {
        "constraint": question.constraint_messages,
        "required": question.required_messages,
    }.get(problem.code)
    if own:
        found = _text(own, code, form.default_language)
        if found.text:
            return found
    return _here(str(PROBLEM_MESSAGES.get(problem.code, PROBLEM_MESSAGES["constraint"])))


PROBLEM_MESSAGES = {
    "required": _("Please answer this question."),
    "constraint": _("This answer is not accepted. Please check it."),
    "integer": _("Enter a whole number, for example 42."),
    "decimal": _("Enter a number, for example 3.5."),
    "date": _("Enter a date."),
    "time": _("Enter a time, for example 14:30."),
    "choice": _("Choose one of the options shown."),
}


@dataclass
class Instance:
    """One instance of a repeat on a page."""

    index: int | str  # "__i__" in the field page's template of a new instance
    prefix: str
    fields: list[Field]

    @property
    def number(self) -> int | str:
        return self.index + 1 if isinstance(self.index, int) else "__n__"


@dataclass
class Field:
    """A row of the answer form: the question's texts (``item``), its posted name, the value
    to show, the problem found with it, whether it is asked now, and its children (a group)
    or instances (a repeat)."""

    item: Item
    name: str
    value: Any = ""
    error: Text | None = None
    asked: bool = True
    children: list[Field] = field(default_factory=list)
    instances: list[Instance] = field(default_factory=list)
    template: Instance | None = None  # the field page's empty instance to copy

    @property
    def text(self) -> str:
        if isinstance(self.value, bool | list) or self.value is None:
            return ""
        if isinstance(self.value, float | int):
            return to_string(self.value)
        return str(self.value)

    @property
    def chosen(self) -> list[str]:
        if isinstance(self.value, list):
            return [str(v) for v in self.value]
        return [self.text] if self.text else []

    @property
    def is_input(self) -> bool:
        return self.item.question.type in ANSWERED

    @property
    def first_id(self) -> str:
        """The element the error summary links to."""
        if self.item.question.is_select:
            return f"input-{self.name}-0"
        return f"input-{self.name}"

    @property
    def described_by(self) -> str:
        ids = [
            f"hint-{self.name}" if self.item.hint else "",
            f"error-{self.name}" if self.error else "",
        ]
        return " ".join(i for i in ids if i)


def answer_fields(
    *,
    items: Sequence[Item],
    answers: Mapping[str, Any],
    relevant: Mapping[str, bool],
    errors: Mapping[str, Text],
    prefix: str = "",
    every_row: bool = False,
) -> list[Field]:
    """The rows of ``items`` as the answer form shows them: only the asked ones, or (for the
    field page, whose script shows and hides them) ``every_row``."""
    found: list[Field] = []
    for item in items:
        question = item.question
        if question.type in SILENT:
            continue
        name = f"{prefix}{question.name}"
        asked = relevant.get(name, every_row)
        if not asked and not every_row:
            continue
        row = Field(item=item, name=name, error=errors.get(name), asked=asked)
        if question.type == "group":
            row.children = answer_fields(
                items=item.children, answers=answers, relevant=relevant, errors=errors,
                prefix=prefix, every_row=every_row,
            )  # fmt: skip
        elif question.type == "repeat":
            given = answers.get(question.name)
            for index, instance in enumerate(given if isinstance(given, list) else []):
                inner = f"{name}-{index}-"
                row.instances.append(
                    Instance(
                        index,
                        inner,
                        answer_fields(
                            items=item.children,
                            answers=instance,
                            relevant=relevant,
                            errors=errors,
                            prefix=inner,
                            every_row=every_row,
                        ),
                    )
                )
            if every_row:
                inner = f"{name}-__i__-"
                row.template = Instance(
                    "__i__",
                    inner,
                    answer_fields(
                        items=item.children,
                        answers={},
                        relevant={},
                        errors={},
                        prefix=inner,
                        every_row=True,
                    ),
                )
        else:
            row.value = answers.get(question.name, "")
        found.append(row)
    return found


def error_summary(rows: Sequence[Field]) -> list[Field]:
    """The rows with a problem, in page order (for the summary at the top of the page)."""
    found: list[Field] = []
    for row in rows:
        if row.error:
            found.append(row)
        found += error_summary(row.children)
        for instance in row.instances:
            found += error_summary(instance.fields)
    return found


def shown_names(rows: Sequence[Field]) -> list[str]:
    """The posted names of the questions a page shows (to notice rows that appear)."""
    found: list[str] = []
    for row in rows:
        if not row.asked:
            continue
        if row.item.question.type in ANSWERED:
            found.append(row.name)
        found += shown_names(row.children)
        for instance in row.instances:
            found += shown_names(instance.fields)
    return found
