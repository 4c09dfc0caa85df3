"""pyxform's reading of an XLSForm as a plain tree of questions (no Django).

pyxform turns the spreadsheet into a JSON-like dictionary (``to_json_dict()``, or the
``_pyxform`` of :func:`pyxform.xls2xform.convert`); :func:`form_from_pyxform` turns that into
:class:`Form` and :class:`Question` objects that pages and the answer checks read.

Texts (labels, hints, constraint messages, choice labels) are kept per language code. An
XLSForm names its languages in column headers such as ``label::Arabic (ar)`` or
``label::Türkçe (tr)``; :func:`language_code` maps such a name to one of the platform's codes
by the code in parentheses, else by the name itself. A text in a column without a language
(plain ``label``) is kept under :data:`UNTAGGED` and shown when nothing better exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

LANGUAGE_CODES = ("tr", "en", "ar", "fa", "ru", "uk")
UNTAGGED = "default"  # pyxform's key for a text in a column without a language

# Language names a form may use without a code (English and own names, folded).
_NAMES = {
    "turkish": "tr",
    "türkçe": "tr",
    "turkce": "tr",
    "english": "en",
    "ingilizce": "en",
    "arabic": "ar",
    "العربية": "ar",
    "عربي": "ar",
    "arapça": "ar",
    "persian": "fa",
    "farsi": "fa",
    "فارسی": "fa",
    "فارسي": "fa",
    "farsça": "fa",
    "russian": "ru",
    "русский": "ru",
    "rusça": "ru",
    "ukrainian": "uk",
    "українська": "uk",
    "ukraynaca": "uk",
}
_CODE_IN_PARENTHESES = re.compile(r"\(([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\)\s*$")

# pyxform's JSON names two types in words; the tree uses XLSForm's spelling.
_TYPES = {"select one": "select_one", "select all that apply": "select_multiple"}
_YES = {"yes", "true", "true()", "1"}
_NO = {"", "no", "false", "false()", "0"}


def language_code(name: str) -> str | None:
    """The platform's code for an XLSForm language name, or ``None``.

    >>> language_code("Arabic (ar)"), language_code("Türkçe (tr)"), language_code("Farsi")
    ('ar', 'tr', 'fa')
    >>> language_code("Kurmanji (kmr)") is None
    True
    """
    text = name.strip()
    found = _CODE_IN_PARENTHESES.search(text)
    if found:
        code = found.group(1).lower()
        if code in LANGUAGE_CODES:
            return code
        text = text[: found.start()].strip()
    if text.lower() in LANGUAGE_CODES:
        return text.lower()
    return _NAMES.get(text.lower())


@dataclass(frozen=True)
class Choice:
    name: str
    labels: dict[str, str]


@dataclass
class Question:
    """One row of the survey sheet as pyxform read it (a group or repeat holds children)."""

    name: str
    type: str  # XLSForm spelling: text, integer, select_one, select_multiple, group, repeat …
    labels: dict[str, str] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)
    required: bool = False
    required_if: str = ""  # a `required` that is an expression
    required_messages: dict[str, str] = field(default_factory=dict)
    relevant: str = ""
    constraint: str = ""
    constraint_messages: dict[str, str] = field(default_factory=dict)
    calculation: str = ""
    readonly: bool = False
    repeat_count: str = ""
    choice_filter: str = ""
    appearance: str = ""
    list_name: str = ""
    choices: list[Choice] = field(default_factory=list)
    children: list[Question] = field(default_factory=list)
    row: int | None = None  # row of the survey sheet, when known

    @property
    def is_group(self) -> bool:
        return self.type in {"group", "repeat"}

    @property
    def is_select(self) -> bool:
        return self.type in {"select_one", "select_multiple"}

    def expressions(self) -> list[tuple[str, str]]:
        """The expressions of this row as (column, expression), columns named as in XLSForm."""
        found = [
            ("relevant", self.relevant),
            ("constraint", self.constraint),
            ("calculation", self.calculation),
            ("required", self.required_if),
            ("repeat_count", self.repeat_count),
        ]
        return [(column, text) for column, text in found if text]


@dataclass
class Form:
    title: str
    form_id: str
    version: str
    default_language: str  # a platform code, or "" when the form names none we know
    languages: list[str]  # platform codes the form has texts in, in the platform's order
    unknown_languages: list[str]  # language names in the form that map to no platform code
    children: list[Question]

    def walk(self) -> Iterator[tuple[Question, int]]:
        """Every question, group and repeat in form order, with its depth (0 at the top)."""
        return _walk(self.children, 0)

    def find(self, name: str) -> Question | None:
        return next((q for q, _depth in self.walk() if q.name == name), None)


def _walk(questions: Sequence[Question], depth: int) -> Iterator[tuple[Question, int]]:
    for question in questions:
        yield question, depth
        yield from _walk(question.children, depth + 1)


class _Texts:
    """Maps pyxform's per-language dictionaries to platform codes, noting unknown names."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.unknown: list[str] = []

    def __call__(self, value: Any) -> dict[str, str]:
        if value is None or value == "":
            return {}
        if not isinstance(value, Mapping):
            self.seen.add(UNTAGGED)
            return {UNTAGGED: str(value)}
        texts: dict[str, str] = {}
        for name, text in value.items():
            if isinstance(text, Mapping):  # media (image, audio) per language: not text
                continue
            code = UNTAGGED if name == UNTAGGED else language_code(str(name))
            if code is None:
                if name not in self.unknown:
                    self.unknown.append(str(name))
                continue
            self.seen.add(code)
            if text not in (None, ""):
                texts[code] = str(text)
        return texts


def _flag(value: Any) -> tuple[bool, str]:
    """(is always true, expression) for a `required` or `readonly` cell."""
    text = str(value or "").strip()
    if text.lower() in _YES:
        return True, ""
    if text.lower() in _NO:
        return False, ""
    return False, text


def _question(node: Mapping[str, Any], texts: _Texts) -> Question:
    bind: Mapping[str, Any] = node.get("bind") or {}
    control: Mapping[str, Any] = node.get("control") or {}
    required, required_if = _flag(bind.get("required"))
    readonly, _readonly_if = _flag(bind.get("readonly"))
    kind = str(node.get("type", ""))
    question = Question(
        name=str(node.get("name", "")),
        type=_TYPES.get(kind, kind),
        labels=texts(node.get("label")),
        hints=texts(node.get("hint")),
        required=required,
        required_if=required_if,
        required_messages=texts(bind.get("jr:requiredMsg")),
        relevant=str(bind.get("relevant") or ""),
        constraint=str(bind.get("constraint") or ""),
        constraint_messages=texts(bind.get("jr:constraintMsg")),
        calculation=str(bind.get("calculate") or ""),
        readonly=readonly,
        repeat_count=str(control.get("jr:count") or ""),
        choice_filter=str(node.get("choice_filter") or ""),
        appearance=str(control.get("appearance") or ""),
        list_name=str(node.get("list_name") or node.get("itemset") or ""),
        choices=[
            Choice(name=str(c.get("name", "")), labels=texts(c.get("label")))
            for c in node.get("choices") or []
        ],
    )
    question.children = [
        _question(child, texts)
        for child in node.get("children") or []
        if not (child.get("control") or {}).get("bodyless")  # the generated `meta` group
    ]
    return question


def _number_rows(questions: Sequence[Question], rows: Sequence[tuple[int, str]]) -> None:
    """Give each question the survey-sheet row it came from: the rows are walked in order
    alongside the tree, so a name used in two groups still gets its own row."""
    position = 0
    for question, _depth in _walk(questions, 0):
        generated = re.fullmatch(r"generated_note_name_(\d+)", question.name)
        if generated:
            question.row = int(generated.group(1))
            continue
        for index in range(position, len(rows)):
            if rows[index][1] == question.name:
                question.row = rows[index][0]
                position = index + 1
                break


def survey_sheet_rows(survey_sheet: Sequence[Mapping[str, Any]]) -> list[tuple[int, str]]:
    """(row number, name) of every named row of the survey sheet as pyxform read it (its
    rows keep the empty ones, so the numbers are the spreadsheet's, the header being row 1)."""
    found = []
    for index, row in enumerate(survey_sheet):
        kind = str(row.get("type", "")).strip().lower()
        name = str(row.get("name", "")).strip()
        if name and not kind.startswith("end"):
            found.append((index + 2, name))
    return found


def form_from_pyxform(data: Mapping[str, Any], *, rows: Sequence[tuple[int, str]] = ()) -> Form:
    """The tree of a form from pyxform's dictionary; ``rows`` (from
    :func:`survey_sheet_rows`) numbers each question with its row of the survey sheet."""
    texts = _Texts()
    children = [
        _question(node, texts)
        for node in data.get("children") or []
        if not (node.get("control") or {}).get("bodyless")
    ]
    if rows:
        _number_rows(children, rows)
    default = str(data.get("default_language") or "")
    default_code = language_code(default) if default and default != UNTAGGED else None
    return Form(
        title=str(data.get("title") or data.get("name") or ""),
        form_id=str(data.get("id_string") or ""),
        version=str(data.get("version") or ""),
        default_language=default_code or "",
        languages=[code for code in LANGUAGE_CODES if code in texts.seen],
        unknown_languages=texts.unknown,
        children=children,
    )


def text_in(texts: Mapping[str, str], language: str, default_language: str = "") -> tuple[str, str]:
    """A text in ``language``, else in the form's default language, else an untagged one,
    else Turkish, English or any: returns (text, its language code; "" when untagged)."""
    for code in (language, default_language, UNTAGGED, "tr", "en"):
        if code and texts.get(code):
            return texts[code], "" if code == UNTAGGED else code
    for code, text in texts.items():
        if text:
            return text, "" if code == UNTAGGED else code
    return "", ""
