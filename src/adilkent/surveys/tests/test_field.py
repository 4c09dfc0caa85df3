"""Field collection: the field page and its endpoint are for the survey's staff only (audited
like every staff page); an answer set sent as JSON is checked with the web form's rules,
refused with its problems as JSON, and kept once by its ``instance_id``; the service worker
is scoped to the field page."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client

from adilkent.cases.models import AuditEvent
from adilkent.surveys import services
from adilkent.surveys.expressions import evaluate, parse, tree_json
from adilkent.surveys.models import Response, Survey

from .conftest import Setting, signed_in

pytestmark = pytest.mark.django_db

FIELD = "/en/surveys/voice-2026/field/"
SUBMIT = FIELD + "submit/"

GOOD = {
    "mahalle": ["alsancak"],
    "age": ["41"],
    "sex": ["male"],
    "languages": ["fa", "tr"],
    "services_needed": ["legal"],
    "reach_legal": ["no"],
    "barriers_legal": ["documents", "other"],
    "barriers_legal_other": ["Randevu alınamıyor"],
    "member-instance": ["0", "3"],
    "member-0-member_age": ["12"],
    "member-3-member_age": ["۹"],
    "mahalle_other": ["not asked: dropped"],
}


@pytest.fixture
def opened(setting: Setting, example_bytes: bytes) -> Setting:
    services.form_version_import(
        survey=setting.survey, xlsx_bytes=example_bytes, filename="f.xlsx", by=setting.runner
    )
    services.survey_status_set(survey=setting.survey, status=Survey.Status.OPEN)
    return setting


def _send(client: Client, fields: dict[str, Any], instance_id: str | None = None) -> Any:
    body = {
        "instance_id": instance_id or str(uuid.uuid4()),
        "version": 1,
        "saved_at": "2026-03-01T09:30:00.000Z",
        "fields": fields,
    }
    return client.post(SUBMIT, json.dumps(body), content_type="application/json")


def test_the_field_page_and_its_endpoint_are_for_the_surveys_staff_only(
    opened: Setting,
) -> None:
    anonymous = Client()
    assert anonymous.get(FIELD).status_code == 302  # to the login
    assert _send(anonymous, GOOD).status_code == 302
    outsider = signed_in(opened.outsider)
    assert outsider.get(FIELD).status_code == 404
    assert _send(outsider, GOOD).status_code == 404
    assert not Response.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DENIED).count() >= 4
    runner = signed_in(opened.runner)
    page = runner.get(FIELD)
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-field-form" in html and 'id="field-tree"' in html
    # every question is on the page; those not asked yet are hidden for the script to show
    assert 'id="q-mahalle_other" hidden' in html
    assert '<template id="template-member">' in html and 'name="member-__i__-member_age"' in html
    # a survey that is not open has no field page
    services.survey_status_set(survey=opened.survey, status=Survey.Status.CLOSED)
    assert runner.get(FIELD).status_code == 404


def test_an_answer_set_is_kept_once_by_its_instance_id(opened: Setting) -> None:
    client = signed_in(opened.runner)
    instance_id = str(uuid.uuid4())
    first = _send(client, GOOD, instance_id)
    assert first.status_code == 201, first.content
    assert first.json() == {"instance_id": instance_id, "status": "received"}
    again = _send(client, GOOD, instance_id)
    assert again.status_code == 200
    assert again.json() == {"instance_id": instance_id, "status": "already received"}
    response = Response.objects.get()
    assert str(response.instance_id) == instance_id
    assert response.source == Response.Source.FIELD
    assert response.submitted_at.isoformat().startswith("2026-03-01T09:30")
    answers = response.answers
    assert answers["barriers_legal"] == ["documents", "other"]
    assert answers["member"] == [{"member_age": 12}, {"member_age": 9}]
    assert answers["household_size"] == "3"
    assert "mahalle_other" not in answers
    assert AuditEvent.objects.filter(object_type="survey response").count() == 2


def test_an_answer_set_is_refused_with_its_problems_as_json(opened: Setting) -> None:
    client = signed_in(opened.runner)
    refused = _send(client, {**GOOD, "age": ["130"], "member-3-member_age": ["many"], "sex": []})
    assert refused.status_code == 400
    errors = refused.json()["errors"]
    assert errors["age"] == ["Age must be between 0 and 120."]
    assert errors["member-1-member_age"] == ["Enter a whole number, for example 42."]
    assert errors["sex"] == ["Please answer this question."]
    assert not Response.objects.exists()
    unreadable = client.post(SUBMIT, "{not json", content_type="application/json")
    assert unreadable.status_code == 400 and "errors" in unreadable.json()
    # without the CSRF token the endpoint refuses
    strict = signed_in(opened.runner)
    strict.handler.enforce_csrf_checks = True
    assert _send(strict, GOOD).status_code == 403


def test_the_page_without_javascript_checks_and_keeps_the_answers(opened: Setting) -> None:
    client = signed_in(opened.runner)
    html = client.get(FIELD).content.decode()
    instance_id = html.split('name="instance_id" value="')[1].split('"')[0]
    shown = ["mahalle", "age", "sex", "languages", "services_needed", "comments"]
    refused = client.post(FIELD, {"instance_id": instance_id, "shown": shown, "age": "200"})
    assert refused.status_code == 400
    assert "Age must be between 0 and 120." in refused.content.decode()
    data = {
        "instance_id": instance_id,
        "shown": shown,
        **{k: v for k, v in GOOD.items() if not k.startswith(("member", "reach", "barriers"))},
        "services_needed": ["none"],
    }
    assert client.post(FIELD, data).status_code == 302
    assert client.post(FIELD, data).status_code == 302  # sent twice: kept once
    assert Response.objects.get().instance_id == uuid.UUID(instance_id)


def test_the_service_worker_is_scoped_to_the_field_page(opened: Setting) -> None:
    worker = Client().get(FIELD + "worker.js")
    assert worker.status_code == 200
    assert worker["Content-Type"].startswith("text/javascript")
    body = worker.content.decode()
    assert "surveys\\u002Ffield.js" in body or "surveys/field.js" in body
    assert 'request.method !== "GET"' in body  # the endpoint's posts are never touched


@pytest.mark.parametrize(
    "expression",
    [". >= 0 and . <= 120", "not(selected(., 'none') and count-selected(.) > 1)",
     "if(${age} >= 65, 'yes', 'no')", "count(${member}) + 1", "-3 mod 2"],
)  # fmt: skip
def test_expression_trees_for_the_script_keep_the_parse(expression: str) -> None:
    tree = tree_json(expression)
    assert json.loads(json.dumps(tree)) == tree
    assert tree[0] in {"op", "call"}
    assert evaluate(parse(expression), values={"age": "70", "member": [{}]}, current="5") in {
        True, False, "yes", 2.0, -1.0,
    }  # fmt: skip
