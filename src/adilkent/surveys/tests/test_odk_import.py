"""Importing ODK Central and KoboToolbox CSV exports: a 10,000-row Central export with 50 bad
rows of six kinds imports the other 9,950 and reports each bad row with its row number and
reason; imported again, nothing is imported twice; a Kobo export (``;``, ``group/question``,
``_uuid``) imports; the staff page (staff only, audited) and the command give the same report.

The example form has no date question, so the tests import into the example form with one
date question (``visit_date``) added at the end of its survey sheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from adilkent.cases.models import AuditEvent
from adilkent.core.tests.factories import make_district, make_mahalle
from adilkent.surveys import services
from adilkent.surveys.data.make_example_form import example_workbook
from adilkent.surveys.models import FormVersion, Response
from adilkent.surveys.odk_import import ImportRefused, response_import
from adilkent.surveys.xlsform import Question

from .conftest import Setting, signed_in

pytestmark = pytest.mark.django_db

PAGE = "/en/surveys/staff/voice-2026/import/"
SERVICES = ["health", "education", "social", "legal"]
CENTRAL_META = [
    "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected",
    "Status", "ReviewState", "DeviceID", "Edits", "FormVersion",
]  # fmt: skip


def _form_bytes() -> bytes:
    """The example form with a date question added at the end of the survey sheet."""
    book = example_workbook()
    sheet = book["survey"]
    header = [cell.value for cell in sheet[1]]
    row: list[Any] = [None] * len(header)
    row[header.index("type")] = "date"
    row[header.index("name")] = "visit_date"
    row[header.index("label::English (en)")] = "Date of the visit"
    row[header.index("label::Türkçe (tr)")] = "Ziyaret tarihi"
    sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def version(setting: Setting) -> FormVersion:
    return services.form_version_import(
        survey=setting.survey, xlsx_bytes=_form_bytes(), filename="f.xlsx", by=setting.runner
    )


def _paths(questions: Sequence[Question], path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The path of every question of the main table (as ODK exports it: no notes, no
    repeats, groups only as parts of the path)."""
    for question in questions:
        if question.type == "group":
            yield from _paths(question.children, (*path, question.name))
        elif question.type not in {"repeat", "note"}:
            yield (*path, question.name)


def _answers(rng: random.Random) -> dict[str, str]:
    """One respondent's good answers, as ODK exports them."""
    mahalle = rng.choice(["alsancak", "kadifekale", "tepecik", "other"])
    needed = ["none"] if rng.random() < 0.2 else rng.sample(SERVICES, rng.randint(1, 2))
    row = {
        "mahalle": mahalle,
        "mahalle_other": "Basmane" if mahalle == "other" else "",
        "age": str(rng.randint(18, 90)),
        "sex": rng.choice(["female", "male", "no_answer"]),
        "languages": " ".join(rng.sample(["tr", "ku", "ar", "fa"], rng.randint(1, 2))),
        "services_needed": " ".join(needed),
        "comments": rng.choice(["", 'Otobüs, "çok" pahalı', "Randevu; iki ay sonra"]),
        "visit_date": f"2026-03-{rng.randint(1, 28):02d}",
        "household_size": "1",
        "older_person": "no",
    }
    for key in needed:
        if key == "none":
            continue
        reach = rng.choice(["yes", "partly", "no"])
        row[f"reach_{key}"] = reach
        if reach != "yes":
            barriers = rng.sample(["cost", "distance", "language", "documents", "other"], 2)
            row[f"barriers_{key}"] = " ".join(barriers)
            if "other" in barriers:
                row[f"barriers_{key}_other"] = "Randevu alınamıyor"
    return row


# The six kinds of bad row: what is changed, and what the reason must say.
BAD_KINDS = [
    ({"sex": "unknown"}, "sex: “unknown” is not one of the choices (female, male, no_answer)."),
    ({"age": "150"}, "age: “150” is not accepted: Age must be between 0 and 120."),
    ({"sex": ""}, "sex: an answer is required but the cell is empty."),
    ({"age": "forty"}, "age: “forty” is not a whole number (digits 0–9)."),
    ({"meta-instanceID": "", "KEY": ""}, "The instance id is empty."),
    ({"visit_date": "2026-02-30"}, "visit_date: “2026-02-30” is not a date written YYYY-MM-DD."),
]


def _central_export(
    version: FormVersion, rows: int, bad: dict[int, int], seed: int = 16
) -> tuple[str, list[str]]:
    """An ODK Central CSV export of ``rows`` answers; ``bad`` maps a row's index to its
    kind of problem (an index of BAD_KINDS). Returns the text and the instance ids."""
    rng = random.Random(seed)
    paths = list(_paths(version.form().children))
    header = ["SubmissionDate", *["-".join(p) for p in paths], "meta-instanceID", *CENTRAL_META]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    ids = []
    for index in range(rows):
        answers = _answers(rng)
        instance = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        ids.append(instance)
        row = {"-".join(p): answers.get(p[-1], "") for p in paths}
        row |= {
            "SubmissionDate": "2026-03-01T06:30:00.000Z",
            "meta-instanceID": f"uuid:{instance}",
            "KEY": f"uuid:{instance}",
            "SubmitterID": "7",
            "SubmitterName": "tablet-3",
            "ReviewState": "",
            "FormVersion": version.version,
        }
        if index in bad:
            row |= BAD_KINDS[bad[index]][0]
        writer.writerow(row)
    return out.getvalue(), ids


def test_a_10000_row_central_export_imports_all_but_its_50_bad_rows(
    setting: Setting, version: FormVersion
) -> None:
    bad = {7 + 200 * i: i % len(BAD_KINDS) for i in range(50)}
    text, ids = _central_export(version, 10_000, bad)
    assert "svc_health-reach_health" in text.splitlines()[0]
    result = response_import(
        survey=setting.survey, version=version, handle_or_text=text.encode(), by=setting.runner
    )
    print(f"\n10,000 rows imported in {result.seconds:.1f} s")
    assert result.rows == 10_000
    assert (result.imported, result.already, result.bad_count) == (9_950, 0, 50)
    assert result.seconds < 60
    # each bad row with its row number (the header is row 1) and its reason
    reported = {p.row: p.reason for p in result.bad}
    assert reported == {index + 2: BAD_KINDS[kind][1] for index, kind in bad.items()}
    with_id = [p for p in result.bad if p.reason != "The instance id is empty."]
    assert all(p.values["instance_id"] == ids[p.row - 2] for p in with_id)
    assert Response.objects.count() == 9_950
    assert not Response.objects.filter(instance_id__in=[ids[i] for i in bad]).exists()
    # the answers as the form keeps them: typed, dropped when not asked, calculated
    response = Response.objects.get(instance_id=ids[0])
    assert response.source == Response.Source.ODK_IMPORT
    assert response.form_version == version
    assert response.submitted_at == dt.datetime(2026, 3, 1, 6, 30, tzinfo=dt.UTC)
    answers = response.answers
    assert isinstance(answers["age"], int)
    assert isinstance(answers["languages"], list)
    assert answers["member"] == []
    assert answers["household_size"] == "1"
    assert answers["older_person"] == ("yes" if answers["age"] >= 65 else "no")
    assert "mahalle_other" in answers if answers["mahalle"] == "other" else True
    # Central's own columns are known: only the repeat is warned about
    assert result.warnings == [
        "Answers to repeats (member) are exported in separate files and are not imported: "
        "they stay empty."
    ]

    again = response_import(
        survey=setting.survey, version=version, handle_or_text=text, by=setting.runner
    )
    print(f"imported again in {again.seconds:.1f} s")
    assert (again.imported, again.already, again.bad_count) == (0, 9_950, 50)
    assert Response.objects.count() == 9_950


def test_bad_rows_say_what_is_wrong_and_unknown_columns_are_listed_once(
    setting: Setting, version: FormVersion
) -> None:
    text, ids = _central_export(version, 4, {})
    lines = text.splitlines()
    header = lines[0].replace("meta-instanceID", "meta-instanceID,tablet_battery")
    body = [
        line.replace(f"uuid:{ids[i]},", f"uuid:{ids[i]},87,", 1) for i, line in enumerate(lines[1:])
    ]
    rows = list(csv.DictReader(io.StringIO("\n".join([header, *body]))))
    rows[0]["languages"] = "tr klingon"
    rows[1]["meta-instanceID"] = rows[1]["KEY"] = "uuid:not-a-uuid"
    rows[2]["services_needed"] = "health none"
    rows[3]["SubmissionDate"] = "yesterday"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    now = dt.datetime(2026, 3, 5, 12, tzinfo=dt.UTC)
    result = response_import(
        survey=setting.survey,
        version=version,
        handle_or_text=out.getvalue(),
        by=setting.runner,
        now=now,
    )
    reasons = {p.row: p.reason for p in result.bad}
    assert (
        reasons[2]
        == "languages: “klingon” is not one of the choices (tr, ku, ar, fa, ru, uk, en, other)."
    )
    assert reasons[3] == "The instance id “uuid:not-a-uuid” is not a UUID."
    assert reasons[4].startswith("services_needed: “health none” is not accepted: ")
    assert result.imported == 1
    assert Response.objects.get().submitted_at == now  # unreadable time: the import's
    assert (
        "These columns are not questions of version 2026.1 and were ignored: tablet_battery."
        in result.warnings
    )
    assert any("could not be read" in w and w.endswith(": 1.") for w in result.warnings)


def test_a_kobo_export_imports(setting: Setting, version: FormVersion) -> None:
    district = make_district("Konak")
    alsancak = make_mahalle(district, "Alsancak")
    header = [
        "mahalle", "mahalle_other", "age", "sex", "languages", "languages/tr",
        "languages/ar", "services_needed", "svc_health/reach_health",
        "svc_health/barriers_health", "svc_health/barriers_health_other", "comments",
        "visit_date", "_id", "_uuid", "_submission_time", "_validation_status", "_tags",
        "__version__", "_index", "meta/instanceID",
    ]  # fmt: skip
    ids = [str(uuid.UUID(int=n, version=4)) for n in range(1, 4)]
    rows = [
        ["alsancak", "", "34", "female", "tr ar", "1", "1",
         "health", "no", "cost other", "Sıra çok uzun", "Teşekkürler; iyi çalışmalar",
         "2026-03-02", "101", ids[0], "2026-03-02T10:00:00", "", "", "vQk3", "1", ""],
        ["other", "Basmane", "70", "male", "ar", "0", "1", "none", "", "", "", "",
         "2026-03-02", "102", ids[1], "2026-03-02T10:05:00", "", "", "vQk3", "2", ""],
        ["tepecik", "", "29", "female", "fa", "0", "0", "health", "perhaps", "", "", "",
         "2026-03-02", "103", ids[2], "2026-03-02T10:10:00", "", "", "vQk3", "3", ""],
    ]  # fmt: skip
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    result = response_import(
        survey=setting.survey, version=version, handle_or_text=out.getvalue(), by=setting.runner
    )
    assert (result.imported, result.already, result.bad_count) == (2, 0, 1)
    assert result.bad[0].row == 4
    assert result.bad[0].reason == (
        "svc_health/reach_health: “perhaps” is not one of the choices (yes, partly, no)."
    )
    first = Response.objects.get(instance_id=ids[0])
    assert first.answers["barriers_health"] == ["cost", "other"]
    assert first.answers["barriers_health_other"] == "Sıra çok uzun"
    assert first.answers["comments"] == "Teşekkürler; iyi çalışmalar"
    assert first.submitted_at == dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)  # Kobo's UTC
    assert first.mahalle == alsancak
    second = Response.objects.get(instance_id=ids[1])
    assert second.answers["older_person"] == "yes"
    assert second.mahalle is None
    # Kobo's own columns and the split choices are known: no warning names them
    assert not any("_uuid" in w or "languages/tr" in w for w in result.warnings)


def test_a_file_without_an_id_column_gets_new_ids_and_says_so(
    setting: Setting, version: FormVersion
) -> None:
    text = "mahalle,age,sex,languages,services_needed\ntepecik,30,male,tr,none\n"
    result = response_import(
        survey=setting.survey, version=version, handle_or_text=text, by=setting.runner
    )
    assert result.imported == 1
    assert "no instance id column" in result.warnings[0]
    # an instance id of another survey's response is a bad row, not "already imported"
    other = services.survey_create(slug="other", title={"tr": "Başka"}, by=setting.coordinator)
    theirs = services.form_version_import(
        survey=other, xlsx_bytes=_form_bytes(), filename="f.xlsx", by=setting.coordinator
    )
    taken = Response.objects.get().instance_id
    clash = f"meta-instanceID,{text.splitlines()[0]}\nuuid:{taken},{text.splitlines()[1]}\n"
    result = response_import(survey=other, version=theirs, handle_or_text=clash, by=None)
    assert result.bad[0].reason == "This instance id belongs to a response of another survey."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        ("mahalle,age\nçarşı,3\n".encode("cp1254"), "The file is not UTF-8 text"),
        (b"colour,size\nred,3\n", "No column of the file is a question of version 2026.1"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_whole(
    setting: Setting, version: FormVersion, content: bytes, message: str
) -> None:
    with pytest.raises(ImportRefused) as refused:
        response_import(
            survey=setting.survey, version=version, handle_or_text=content, by=setting.runner
        )
    assert refused.value.message.startswith(message)
    assert not Response.objects.exists()


def test_the_staff_page_imports_and_shows_the_bad_rows(
    setting: Setting, version: FormVersion
) -> None:
    text, ids = _central_export(version, 5, {2: 1})
    upload = {"version": version.pk, "file": SimpleUploadedFile("export.csv", text.encode())}
    assert Client().get(PAGE).status_code == 302  # to the login
    outsider = signed_in(setting.outsider)
    assert outsider.get(PAGE).status_code == 404
    assert outsider.post(PAGE, upload).status_code == 404
    assert not Response.objects.exists()
    client = signed_in(setting.runner)
    survey_page = client.get("/en/surveys/staff/voice-2026/").content.decode()
    assert f'href="{PAGE}"' in survey_page
    page = client.get(PAGE)
    assert page.status_code == 200
    assert 'type="file"' in page.content.decode()
    upload["file"].seek(0)
    response = client.post(PAGE, upload)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<td id="count-imported">4</td>' in html
    assert '<td id="count-bad">1</td>' in html
    assert '<th scope="row">4</th>' in html  # the bad row's number
    assert ids[2] in html
    assert "age: “150” is not accepted: Age must be between 0 and 120." in html
    assert Response.objects.count() == 4
    again = client.post(
        PAGE, {"version": version.pk, "file": SimpleUploadedFile("export.csv", text.encode())}
    )
    assert '<td id="count-already">4</td>' in again.content.decode()
    refused = client.post(
        PAGE, {"version": version.pk, "file": SimpleUploadedFile("x.csv", "ü".encode("latin-1"))}
    )
    assert refused.status_code == 400
    assert "The file is not UTF-8 text" in refused.content.decode()
    assert AuditEvent.objects.filter(object_type="survey import").count() >= 4
    assert AuditEvent.objects.filter(
        object_type="survey import", action=AuditEvent.Action.DENIED
    ).exists()


def test_the_command_prints_the_report(
    setting: Setting, version: FormVersion, tmp_path: Path
) -> None:
    text, _ids = _central_export(version, 6, {1: 3, 4: 4})
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command(
        "import_survey_responses", "voice-2026", str(path), "--version", "2026.1",
        "--language", "en", stdout=out,
    )  # fmt: skip
    printed = out.getvalue().splitlines()
    assert printed[0] == "voice-2026 2026.1: export.csv"
    assert "Imported: 4" in printed
    assert "Bad rows: 2" in printed
    assert "Row 3: age: “forty” is not a whole number (digits 0–9)." in printed
    assert "Row 6: The instance id is empty." in printed
    out = io.StringIO()
    call_command("import_survey_responses", "voice-2026", str(path), stdout=out)  # Turkish
    assert Response.objects.count() == 4
    with pytest.raises(CommandError, match="no form version '9'"):
        call_command("import_survey_responses", "voice-2026", str(path), "--version", "9")
