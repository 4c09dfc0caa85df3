"""The example XLSForm as pyxform reads it and as the tree of questions shows it: the repeat,
the skip logic and the constraints are there, every text in the six languages, each question
numbered with its row of the spreadsheet; language headers map to the platform's codes."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from adilkent.surveys import xlsform
from adilkent.surveys.data.make_example_form import EXAMPLE, example_form_bytes
from adilkent.surveys.xlsform import UNTAGGED, form_from_pyxform, language_code, text_in

SIX = ["tr", "en", "ar", "fa", "ru", "uk"]


@pytest.fixture(scope="module")
def form() -> xlsform.Form:
    from pyxform.xls2json_backends import get_xlsform

    data = EXAMPLE.read_bytes()
    rows = xlsform.survey_sheet_rows(get_xlsform(xlsform=data, file_type=".xlsx").survey)
    return form_from_pyxform(convert(data)._pyxform, rows=rows)


def _sheet_rows(sheet: str) -> list[dict[str, object]]:
    book = load_workbook(EXAMPLE, read_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]


def test_the_shipped_file_is_what_the_script_writes() -> None:
    def cells(data: bytes) -> list[list[object]]:
        book = load_workbook(io.BytesIO(data), read_only=True)
        return [[list(r) for r in book[s].iter_rows(values_only=True)] for s in book.sheetnames]

    assert cells(EXAMPLE.read_bytes()) == cells(example_form_bytes())


def test_the_form_has_its_settings_and_six_languages(form: xlsform.Form) -> None:
    assert form.form_id == "voice_in_the_neighbourhood"
    assert form.version == "2026.1"
    assert form.default_language == "tr"
    assert form.languages == SIX
    assert form.unknown_languages == []


def test_the_household_is_a_repeat_with_its_questions(form: xlsform.Form) -> None:
    member = form.find("member")
    assert member is not None and member.type == "repeat"
    assert [q.name for q in member.children] == ["member_age", "member_sex", "member_disability"]
    assert [c.name for c in member.children[2].choices] == ["yes", "no"]


def test_skip_logic_and_constraints_are_read(form: xlsform.Form) -> None:
    other = form.find("mahalle_other")
    assert other is not None and other.relevant == "selected(${mahalle}, 'other')"
    barriers = form.find("barriers_health")
    assert barriers is not None and barriers.type == "select_multiple"
    assert barriers.relevant == "${reach_health} = 'no' or ${reach_health} = 'partly'"
    assert [c.name for c in barriers.choices] == [
        "cost", "distance", "language", "documents", "disability", "other",
    ]  # fmt: skip
    group = form.find("svc_health")
    assert group is not None and group.type == "group"
    assert group.relevant == "selected(${services_needed}, 'health')"
    assert group.appearance == "field-list"
    age = form.find("age")
    assert age is not None and age.required and age.type == "integer"
    assert age.constraint == ". >= 0 and . <= 120"
    assert sorted(age.constraint_messages) == sorted(SIX)
    assert age.constraint_messages["en"] == "Age must be between 0 and 120."
    size = form.find("household_size")
    assert size is not None and size.calculation == "count(${member}) + 1"


def test_every_text_is_in_the_six_languages(form: xlsform.Form) -> None:
    labelled = [q for q, _d in form.walk() if q.type != "calculate"]
    assert len(labelled) > 20
    for question in labelled:
        assert sorted(question.labels) == sorted(SIX), question.name
        for choice in question.choices:
            assert sorted(choice.labels) == sorted(SIX), (question.name, choice.name)
    # the texts are the spreadsheet's, column by column
    rows = {r["name"]: r for r in _sheet_rows("survey")}
    age = form.find("age")
    assert age is not None
    assert age.labels["ar"] == rows["age"]["label::العربية (ar)"]
    assert age.hints["uk"] == rows["age"]["hint::Українська (uk)"]


def test_each_question_knows_its_row(form: xlsform.Form) -> None:
    expected = {
        r["name"]: number for number, r in enumerate(_sheet_rows("survey"), start=2) if r["name"]
    }
    for question, _depth in form.walk():
        assert question.row == expected[question.name], question.name


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("Arabic (ar)", "ar"),
        ("Türkçe (tr)", "tr"),
        ("English (en)", "en"),
        ("Persian (fa)", "fa"),
        ("Dari (fa-AF)", "fa"),
        ("Українська (uk)", "uk"),
        ("русский (RU)", "ru"),
        ("Farsi", "fa"),
        ("Turkish", "tr"),
        ("Ukrainian", "uk"),
        ("ar", "ar"),
        ("Kurmanji (kmr)", None),
        ("Français (fr)", None),
        ("Klingon", None),
    ],
)
def test_language_headers_map_to_platform_codes(header: str, code: str | None) -> None:
    assert language_code(header) == code


def test_texts_fall_back_to_the_default_language_then_untagged() -> None:
    texts = {"tr": "Yaşınız", "en": "Your age"}
    assert text_in(texts, "fa", "tr") == ("Yaşınız", "tr")
    assert text_in(texts, "fa", "en") == ("Your age", "en")
    assert text_in(texts, "en", "tr") == ("Your age", "en")
    assert text_in({UNTAGGED: "Age"}, "ar", "") == ("Age", "")
    assert text_in({"ru": "Возраст"}, "fa", "") == ("Возраст", "ru")
    assert text_in({}, "fa", "tr") == ("", "")


def test_a_form_without_languages_keeps_its_texts_untagged() -> None:
    data = convert(
        {"survey": [{"type": "text", "name": "q", "label": "Question", "hint": "Help"}]}
    )._pyxform
    form = form_from_pyxform(data)
    question = form.find("q")
    assert question is not None
    assert question.labels == {UNTAGGED: "Question"}
    assert form.languages == [] and form.default_language == ""


def test_unknown_languages_are_reported_not_guessed() -> None:
    data = convert(
        {
            "survey": [
                {"type": "text", "name": "q", "label::Kurmanji (kmr)": "Pirs", "label::English (en)": "Question"}
            ]
        }
    )._pyxform  # fmt: skip
    form = form_from_pyxform(data)
    assert form.unknown_languages == ["Kurmanji (kmr)"]
    assert form.find("q").labels == {"en": "Question"}  # type: ignore[union-attr]
