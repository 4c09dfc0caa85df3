"""Uploading an XLSForm: the example form is kept with pyxform's own XForm for it; a form that
pyxform refuses, or whose expressions the web form could not evaluate, is refused with one
message per problem and its row, and nothing is saved."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from adilkent.surveys import services
from adilkent.surveys.data.make_example_form import EXAMPLE, invalid_form_bytes
from adilkent.surveys.models import FormVersion
from adilkent.surveys.services import FormRejected, form_version_import

from .conftest import Setting

pytestmark = pytest.mark.django_db


def _edited(data: bytes, changes: dict[tuple[str, str], str]) -> tuple[bytes, dict[str, int]]:
    """The form with some cells changed ((question name, column) → new text), and the row
    of every question name."""
    book = load_workbook(io.BytesIO(data))
    sheet = book["survey"]
    header = [c.value for c in sheet[1]]
    rows: dict[str, int] = {}
    for row in sheet.iter_rows(min_row=2):
        name = row[header.index("name")].value
        if name:
            rows[str(name)] = row[0].row
    for (name, column), text in changes.items():
        sheet.cell(row=rows[name], column=header.index(column) + 1, value=text)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), rows


def test_the_example_form_is_kept_with_pyxforms_own_xform(
    setting: Setting, example_bytes: bytes
) -> None:
    version = form_version_import(
        survey=setting.survey,
        xlsx_bytes=example_bytes,
        filename="voice-in-the-neighbourhood.xlsx",
        by=setting.runner,
    )
    reference = convert(xlsform=str(EXAMPLE))  # pyxform reading the file itself
    assert version.xform_xml == reference.xform
    assert version.pyxform_json == reference._pyxform
    assert bytes(version.xlsx) == example_bytes
    assert (version.number, version.version) == (1, "2026.1")
    assert version.form_id == "voice_in_the_neighbourhood"
    assert version.default_language == "tr"
    assert version.languages == ["tr", "en", "ar", "fa", "ru", "uk"]
    assert version.warnings == []
    assert version.uploaded_by == setting.runner
    # the tree read back from what was stored
    form = version.form()
    assert form.find("member").type == "repeat"  # type: ignore[union-attr]
    assert form.find("age").row is not None  # type: ignore[union-attr]


def test_the_same_version_twice_is_refused(setting: Setting, example_bytes: bytes) -> None:
    form_version_import(
        survey=setting.survey, xlsx_bytes=example_bytes, filename="a.xlsx", by=setting.runner
    )
    with pytest.raises(FormRejected) as raised:
        form_version_import(
            survey=setting.survey, xlsx_bytes=example_bytes, filename="a.xlsx", by=setting.runner
        )
    assert "2026.1" in raised.value.problems[0].message
    assert FormVersion.objects.count() == 1


def test_a_new_version_is_numbered_after_the_last(setting: Setting, example_bytes: bytes) -> None:
    form_version_import(
        survey=setting.survey, xlsx_bytes=example_bytes, filename="a.xlsx", by=setting.runner
    )
    book = load_workbook(io.BytesIO(example_bytes))
    book["settings"]["C2"] = "2026.2"
    assert book["settings"]["C1"].value == "version"
    out = io.BytesIO()
    book.save(out)
    second = form_version_import(
        survey=setting.survey, xlsx_bytes=out.getvalue(), filename="b.xlsx", by=setting.runner
    )
    assert (second.number, second.version) == (2, "2026.2")
    assert setting.survey.latest_version() == second


def test_a_form_pyxform_refuses_shows_its_messages_with_rows(setting: Setting) -> None:
    data = invalid_form_bytes()
    with pytest.raises(Exception) as pyxform_says:
        convert(data)
    with pytest.raises(FormRejected) as raised:
        form_version_import(
            survey=setting.survey, xlsx_bytes=data, filename="bad.xlsx", by=setting.runner
        )
    problems = raised.value.problems
    assert len(problems) == 1
    assert problems[0].row == 4
    assert "agee" in problems[0].message
    # the message is pyxform's, without the "[row : 4]" it starts with
    assert str(pyxform_says.value) == f"[row : 4] {problems[0].message}"
    assert raised.value.messages == [f"Row 4: {problems[0].message}"]
    assert FormVersion.objects.count() == 0


def test_expressions_outside_the_subset_are_refused_each_with_its_row(
    setting: Setting, example_bytes: bytes
) -> None:
    data, rows = _edited(
        example_bytes,
        {
            ("age", "constraint"): "round(., 0) >= 0",
            ("comments", "constraint"): "string-length(.) <=",
            ("household_size", "calculation"): "count(${member}) + 1",  # still fine
        },
    )
    convert(data)  # pyxform itself accepts the form
    with pytest.raises(FormRejected) as raised:
        form_version_import(
            survey=setting.survey, xlsx_bytes=data, filename="x.xlsx", by=setting.runner
        )
    problems = raised.value.problems
    assert [p.row for p in problems] == [rows["age"], rows["comments"]]
    assert "round()" in problems[0].message and "“constraint”" in problems[0].message
    assert "string-length(.) <=" in problems[1].message
    assert FormVersion.objects.count() == 0


def test_a_choice_filter_is_refused_until_it_is_supported(
    setting: Setting, example_bytes: bytes
) -> None:
    book = load_workbook(io.BytesIO(example_bytes))
    sheet = book["survey"]
    column = sheet.max_column + 1
    sheet.cell(row=1, column=column, value="choice_filter")
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("name")].value == "sex":
            sheet.cell(row=row[0].row, column=column, value="name != 'no_answer'")
            sex_row = row[0].row
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(FormRejected) as raised:
        form_version_import(
            survey=setting.survey, xlsx_bytes=out.getvalue(), filename="x.xlsx", by=setting.runner
        )
    assert [p.row for p in raised.value.problems] == [sex_row]
    assert "choice_filter" in raised.value.problems[0].message


@pytest.mark.parametrize(
    ("data", "filename", "says"),
    [
        (b"type,name,label\ntext,q,Q\n", "form.csv", "Excel .xlsx"),
        (b"not a spreadsheet", "form.xlsx", "Excel .xlsx"),
        (b"PK\x03\x04 damaged", "form.xlsx", ".xlsx"),  # pyxform's own message
    ],
)
def test_a_file_that_is_not_an_xlsform_is_refused(
    setting: Setting, data: bytes, filename: str, says: str
) -> None:
    with pytest.raises(FormRejected) as raised:
        form_version_import(
            survey=setting.survey, xlsx_bytes=data, filename=filename, by=setting.runner
        )
    assert says in raised.value.problems[0].message
    assert FormVersion.objects.count() == 0


def test_warnings_name_missing_languages(setting: Setting) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(
        ["type", "name", "label::Türkçe (tr)", "label::English (en)", "label::Kurmanji (kmr)"]
    )
    sheet.append(["text", "q", "Soru", "Question", "Pirs"])
    out = io.BytesIO()
    book.save(out)
    version = form_version_import(
        survey=setting.survey, xlsx_bytes=out.getvalue(), filename="q.xlsx", by=setting.runner
    )
    assert version.version == "1"  # no version on a settings sheet: the upload's number
    assert version.languages == ["tr", "en"]
    joined = " ".join(version.warnings)
    assert "Kurmanji (kmr)" in joined
    assert "Arabic, Persian, Russian, Ukrainian" in joined


def test_problems_from_pyxform_split_lines_and_rows() -> None:
    found = services.problems_from_pyxform(
        "[row : 3] First problem.\nA problem without a row.\n\n[row : 12] Third."
    )
    assert [(p.row, p.message) for p in found] == [
        (3, "First problem."), (None, "A problem without a row."), (12, "Third."),
    ]  # fmt: skip
