"""The public results of a survey: per survey and per mahalle, the open data, and the
comparison of reported distance with the Measure pillar's travel times."""

from __future__ import annotations

import csv
import io
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from adilkent.analytics.models import AccessAnalysis
from adilkent.core.tests.factories import (
    add_population,
    make_district,
    make_facility_type,
    make_mahalle,
)
from adilkent.surveys import services
from adilkent.surveys.models import FormVersion, Response, Survey

from .conftest import Setting, signed_in

pytestmark = pytest.mark.django_db


def _answers(sex: str, age: int, distance: bool, cost: bool = False) -> dict[str, Any]:
    barriers = [b for b, on in (("distance", distance), ("cost", cost)) if on]
    answers: dict[str, Any] = {
        "sex": sex,
        "age": age,
        "languages": ["tr"],
        "services_needed": ["health"],
        "reach_health": "partly" if barriers else "yes",
    }
    if barriers:
        answers["barriers_health"] = barriers
    return answers


def _respond(version: FormVersion, mahalle: Any, answers: dict[str, Any], n: int) -> None:
    Response.objects.bulk_create(
        Response(
            survey=version.survey,
            form_version=version,
            instance_id=uuid.uuid4(),
            answers=answers,
            mahalle=mahalle,
            submitted_at=timezone.now(),
            source=Response.Source.WEB,
        )
        for _ in range(n)
    )


@pytest.fixture
def answered(setting: Setting, example_bytes: bytes) -> dict[str, Any]:
    version = services.form_version_import(
        survey=setting.survey, xlsx_bytes=example_bytes, filename="f.xlsx", by=setting.runner
    )
    services.survey_status_set(survey=setting.survey, status=Survey.Status.OPEN)
    buca = make_district("Buca")
    near = make_mahalle(buca, "Adatepe")
    far = make_mahalle(buca, "Kozağaç")
    small = make_mahalle(buca, "Yıldız")
    for mahalle, people in ((near, 5000), (far, 2000), (small, 800)):
        add_population(mahalle, 2025, people)
    # near: 6 of 12 give distance although the hospital is 10 minutes away
    _respond(version, near, _answers("female", 34, distance=True), 6)
    _respond(version, near, _answers("male", 40, distance=False), 6)
    # far: nobody gives distance although the model says 40 minutes
    _respond(version, far, _answers("female", 70, distance=False, cost=True), 5)
    _respond(version, far, _answers("male", 22, distance=False), 5)
    # two answers from a third mahalle: too few to show it on its own; with three answers
    # that name no mahalle they make a pool large enough to show
    _respond(version, small, _answers("female", 15, distance=False), 2)
    _respond(version, None, _answers("male", 50, distance=False), 3)
    AccessAnalysis.objects.create(
        facility_type=make_facility_type("hospital", "Hospitals"),
        status=AccessAnalysis.Status.DONE,
        finished_at=timezone.now(),
        results={"places": [{"id": near.pk, "minutes": 10.0}, {"id": far.pk, "minutes": 40.0}]},
    )
    return {"version": version, "near": near, "far": far, "small": small}


def _url(setting: Setting, rest: str = "") -> str:
    return f"/en/surveys/{setting.survey.slug}/results/{rest}"


def test_the_results_page_shows_mahalleler_groups_barriers_and_the_comparison(
    setting: Setting, answered: dict[str, Any]
) -> None:
    page = Client().get(_url(setting))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="/en/surveys/{setting.survey.slug}/results/{answered["near"].pk}/"' in html
    assert "Kozağaç" in html
    assert "Yıldız" not in html  # pooled: never named
    assert "Other mahalleler and answers without a mahalle" in html
    assert "1 mahalle with too few answers to be shown on its own" in html
    assert "Residents say it is far; the model says it is near" in html
    assert "The model says it is far; few residents say so" in html
    assert "TÜİK, 2025" in html
    assert "<dt>Answers</dt><dd>27</dd>" in html


def test_the_open_data_never_holds_a_small_count(
    setting: Setting, answered: dict[str, Any]
) -> None:
    body = (
        Client().get(f"/en/surveys/{setting.survey.slug}/results.csv").content.decode("utf-8-sig")
    )
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows
    counts = [int(r["count"]) for r in rows if r["count"] != ""]
    assert all(c == 0 or c >= 5 for c in counts)
    withheld = [r for r in rows if r["count"] == ""]
    assert withheld  # the two answers of the small mahalle make small cells somewhere
    distance = {
        (r["dimension"], r["mahalle"]): r["count"]
        for r in rows
        if r["table"] == "d:health" and r["answer"] == "yes"
    }
    assert distance[("mahalle", "Adatepe")] == "6"
    assert distance[("mahalle", "Kozağaç")] == "0"
    as_json = json.loads(Client().get(f"/en/surveys/{setting.survey.slug}/results.json").content)
    assert len(as_json) == len(rows)


def test_one_mahalle_has_its_page_and_a_pooled_one_has_none(
    setting: Setting, answered: dict[str, Any]
) -> None:
    page = Client().get(_url(setting, f"{answered['near'].pk}/"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Adatepe</h1>" in html
    assert "12 residents of this mahalle answered the survey." in html
    assert "Residents say it is far; the model says it is near" in html
    assert "Kozağaç" not in html
    assert Client().get(_url(setting, f"{answered['small'].pk}/")).status_code == 404


def test_a_draft_survey_shows_results_to_its_staff_only(
    setting: Setting, answered: dict[str, Any]
) -> None:
    services.survey_status_set(survey=setting.survey, status=Survey.Status.DRAFT)
    assert Client().get(_url(setting)).status_code == 404
    assert signed_in(setting.runner).get(_url(setting)).status_code == 200


def test_too_few_answers_show_nothing_but_when_results_come(
    setting: Setting, example_bytes: bytes
) -> None:
    version = services.form_version_import(
        survey=setting.survey, xlsx_bytes=example_bytes, filename="f.xlsx", by=setting.runner
    )
    services.survey_status_set(survey=setting.survey, status=Survey.Status.OPEN)
    _respond(version, None, _answers("female", 30, distance=True), 3)
    html = Client().get(_url(setting)).content.decode()
    assert "Results are shown once the survey has 5 answers." in html
    assert "Answers per mahalle" not in html
    rows = Client().get(f"/en/surveys/{setting.survey.slug}/results.csv").content
    assert rows.decode("utf-8-sig").strip() == ""


def test_while_answers_arrive_the_results_are_counted_again_at_most_every_interval(
    setting: Setting, answered: dict[str, Any], settings: Any
) -> None:
    settings.SURVEYS_RESULTS_REFRESH_SECONDS = 300
    assert "<dt>Answers</dt><dd>27</dd>" in Client().get(_url(setting)).content.decode()
    _respond(answered["version"], answered["near"], _answers("male", 30, distance=False), 5)
    # within the interval the page keeps the figures it counted, and says when
    html = Client().get(_url(setting)).content.decode()
    assert "<dt>Answers</dt><dd>27</dd>" in html and "<dt>Counted</dt>" in html
    settings.SURVEYS_RESULTS_REFRESH_SECONDS = 0
    assert "<dt>Answers</dt><dd>32</dd>" in Client().get(_url(setting)).content.decode()


def test_the_surveys_page_links_to_results_of_open_and_closed_surveys(
    setting: Setting, answered: dict[str, Any]
) -> None:
    results = f'href="/en/surveys/{setting.survey.slug}/results/"'
    assert results in Client().get("/en/surveys/").content.decode()
    services.survey_status_set(survey=setting.survey, status=Survey.Status.CLOSED)
    html = Client().get("/en/surveys/").content.decode()
    assert "Results of past surveys" in html and results in html
