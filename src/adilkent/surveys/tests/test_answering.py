"""Answering an open survey on the web, without JavaScript: questions appear when their
``relevant`` holds (worked out on the server after each press), ``required`` and
``constraint`` are checked with the form's own messages, pages keep their answers, a draft
resumes from its link on another device, a response keeps no IP address and no link to its
draft, sending twice keeps one response, and old drafts are deleted."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from adilkent.cases import signals
from adilkent.core.tests.factories import make_district, make_mahalle
from adilkent.surveys import answering, responses, services
from adilkent.surveys.models import Draft, Recontact, Response, Survey

from .conftest import Setting

pytestmark = pytest.mark.django_db

PAGE = "/en/surveys/voice-2026/"


@pytest.fixture
def opened(setting: Setting, example_bytes: bytes) -> Setting:
    services.form_version_import(
        survey=setting.survey, xlsx_bytes=example_bytes, filename="f.xlsx", by=setting.runner
    )
    services.survey_status_set(survey=setting.survey, status=Survey.Status.OPEN)
    return setting


def _shown(html: str) -> list[str]:
    return re.findall(r'name="shown" value="([^"]+)"', html)


def _page_index(html: str) -> str:
    found = re.search(r'name="page" value="(\d+)"', html)
    assert found, html
    return found.group(1)


def _post(client: Client, data: dict[str, Any], action: str = "next") -> Any:
    """Post the page the client is on, as the browser would (with the rows it showed)."""
    html = client.get(PAGE).content.decode()
    payload = {"page": _page_index(html), "shown": _shown(html), "action": action, **data}
    return client.post(PAGE, payload)


FIRST_PAGE = {
    "mahalle": "alsancak",
    "age": "34",
    "sex": "female",
    "languages": ["tr", "ar"],
    "services_needed": ["health"],
}


def _to_last_page(client: Client) -> None:
    assert _post(client, FIRST_PAGE).status_code == 302
    assert _post(client, {"reach_health": "yes"}).status_code == 302
    assert _post(client, {}).status_code == 302  # nobody else in the household
    assert "Page 4 of 4" in client.get(PAGE).content.decode()


def test_a_question_appears_only_when_its_condition_holds(opened: Setting) -> None:
    client = Client()
    first = client.get(PAGE)
    assert first.status_code == 200
    html = first.content.decode()
    assert 'name="mahalle_other"' not in html  # asked only for "another mahalle"
    assert "Page 1 of 3" in html  # no service chosen yet: first page, the household, the end
    assert Draft.objects.count() == 0  # nothing is kept for a mere visit

    # "another mahalle": the page comes back with the new question, not an error
    again = _post(client, {**FIRST_PAGE, "mahalle": "other"})
    assert again.status_code == 200
    html = again.content.decode()
    assert 'id="input-mahalle_other"' in html
    assert "Your answer brought up more questions on this page." in html
    assert 'class="notice error-summary"' not in html
    # now shown and still empty: it is required
    refused = _post(client, {**FIRST_PAGE, "mahalle": "other"})
    assert refused.status_code == 400
    assert 'href="#input-mahalle_other"' in refused.content.decode()
    assert (
        _post(client, {**FIRST_PAGE, "mahalle": "other", "mahalle_other": "Yeni"}).status_code
        == 302
    )
    html = client.get(PAGE).content.decode()
    assert "Page 2 of 4" in html  # health care was needed: its page is asked
    assert 'name="reach_health"' in html
    assert 'name="barriers_health"' not in html
    # "no": the barriers are asked on the same page
    shown = _post(client, {"reach_health": "no"})
    assert shown.status_code == 200
    assert 'name="barriers_health"' in shown.content.decode()


def test_required_and_constraint_are_checked_with_the_forms_messages(opened: Setting) -> None:
    client = Client()
    refused = _post(client, {**FIRST_PAGE, "age": "130", "services_needed": ["none", "health"]})
    assert refused.status_code == 400
    html = refused.content.decode()
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert '<a href="#input-age">' in summary and "Age must be between 0 and 120." in summary
    assert "cannot be chosen with another service" in summary
    assert '<a href="#input-services_needed-0">' in summary
    assert re.search(r'<input id="input-age" name="age" value="130"[^>]*aria-invalid="true"', html)
    assert 'aria-describedby="hint-age error-age"' in html
    # in Persian, the form's own Persian message, marked as Persian
    persian = client.post(
        "/fa/surveys/voice-2026/",
        {"page": "0", "shown": _shown(html), "action": "next", **FIRST_PAGE, "age": "-3"},
    ).content.decode()
    assert '<span lang="fa" dir="rtl">سن باید بین 0 تا 120 باشد.</span>' in persian
    # a required question left empty; a word where a number is asked
    empty = _post(client, {**FIRST_PAGE, "sex": "", "age": "old"}).content.decode()
    assert "Please answer this question." in empty
    assert "Enter a whole number, for example 42." in empty
    # Persian digits are numbers
    assert _post(client, {**FIRST_PAGE, "age": "۳۴"}).status_code == 302
    assert Draft.objects.get().answers["age"] == 34


def test_check_shows_the_problems_without_moving_on(opened: Setting) -> None:
    client = Client()
    checked = _post(client, {**FIRST_PAGE, "age": ""}, action="check")
    assert checked.status_code == 200
    assert "Please answer this question." in checked.content.decode()
    assert "Page 1 of" in client.get(PAGE).content.decode()


def test_pages_keep_their_answers_going_back_and_forth(opened: Setting) -> None:
    client = Client()
    assert _post(client, FIRST_PAGE).status_code == 302
    assert _post(client, {"reach_health": "partly"}).status_code == 200  # barriers appear
    assert (
        _post(
            client, {"reach_health": "partly", "barriers_health": ["cost", "language"]}
        ).status_code
        == 302
    )
    assert _post(client, {}, action="previous").status_code == 302
    html = client.get(PAGE).content.decode()
    assert "Page 2 of 4" in html
    assert re.search(r'value="partly" checked', html)
    assert re.search(r'value="language" checked', html)
    assert (
        _post(
            client,
            {"reach_health": "partly", "barriers_health": ["cost", "language"]},
            action="previous",
        ).status_code
        == 302
    )
    html = client.get(PAGE).content.decode()
    assert 'name="age" value="34"' in html
    assert re.search(r'name="sex" value="female" checked', html)
    # an answer whose question is no longer asked is dropped, as in ODK
    assert _post(client, FIRST_PAGE).status_code == 302
    assert _post(client, {"reach_health": "yes"}).status_code == 302
    answers = Draft.objects.get().answers
    assert answers["reach_health"] == "yes" and "barriers_health" not in answers


def test_a_repeat_gets_entries_added_and_removed_without_javascript(opened: Setting) -> None:
    client = Client()
    assert _post(client, {**FIRST_PAGE, "services_needed": ["none"]}).status_code == 302
    html = client.get(PAGE).content.decode()
    assert 'value="add:member"' in html and "None added yet." in html
    html = _post(client, {}, action="add:member").content.decode()
    assert 'name="member-0-member_age"' in html and 'name="member-instance" value="0"' in html
    html = _post(
        client, {"member-instance": ["0"], "member-0-member_age": "7"}, action="add:member"
    ).content.decode()
    assert 'name="member-1-member_age"' in html
    refused = _post(
        client,
        {"member-instance": ["0", "1"], "member-0-member_age": "7", "member-1-member_age": "200"},
    )
    assert refused.status_code == 400
    assert 'href="#input-member-1-member_age"' in refused.content.decode()
    html = _post(
        client,
        {"member-instance": ["0", "1"], "member-0-member_age": "7", "member-1-member_age": "200"},
        action="remove:member:1",
    ).content.decode()
    assert 'name="member-1-member_age"' not in html
    assert (
        _post(
            client,
            {"member-instance": ["0"], "member-0-member_age": "7", "member-0-member_sex": "male"},
        ).status_code
        == 302
    )
    answers = Draft.objects.get().answers
    assert answers["member"] == [{"member_age": 7, "member_sex": "male"}]
    # positions and page numbers are read strictly: "²" passes str.isdigit() but not int()
    for odd in ("²", "٣"):
        answer = client.post(
            PAGE,
            {"page": odd, "action": f"remove:member:{odd}", "member-instance": ["0", odd]},
        )
        assert answer.status_code in (200, 400), odd
    assert answers["household_size"] == "2"


def test_a_draft_resumes_from_its_link_on_another_device(opened: Setting) -> None:
    phone = Client()
    assert _post(phone, FIRST_PAGE).status_code == 302
    html = phone.get(PAGE).content.decode()
    link = re.search(r'href="(http://testserver/en/surveys/voice-2026/resume/[^"]+)"', html)
    assert link, html
    token = link.group(1).rstrip("/").rsplit("/", 1)[1]
    cookie = phone.cookies["survey_draft_voice-2026"]
    assert cookie.value == token and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not Draft.objects.filter(token_hash=token).exists()  # only its hash is kept
    laptop = Client()
    resumed = laptop.get(link.group(1).replace("http://testserver", ""))
    assert resumed.status_code == 302
    html = laptop.get(PAGE).content.decode()
    assert "Page 2 of 4" in html and 'name="reach_health"' in html
    assert Client().get("/en/surveys/voice-2026/resume/not-a-token/").status_code == 404


def test_a_response_keeps_no_ip_no_account_and_no_link_to_its_draft(opened: Setting) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Invented Browser 1.0")
    _to_last_page(client)
    sent = _post(client, {"comments": "Daha çok otobüs."}, action="send")
    assert sent.status_code == 302 and sent["Location"].endswith("/voice-2026/thanks/")
    thanks = client.get(sent["Location"])
    assert "Thank you: your answers have been received" in thanks.content.decode()
    response = Response.objects.get()
    assert response.source == Response.Source.WEB
    assert isinstance(response.instance_id, uuid.UUID)
    assert response.answers["age"] == 34
    assert response.answers["languages"] == ["tr", "ar"]
    assert response.answers["member"] == []
    assert response.answers["comments"] == "Daha çok otobüs."
    assert response.answers["older_person"] == "no"
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {
        "id", "survey", "form_version", "instance_id", "answers", "mahalle",
        "submitted_at", "received_at", "source", "recontact",
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM surveys_response")
        stored = repr(cursor.fetchall())
    assert "203.0.113.9" not in stored and "Invented Browser" not in stored
    draft = Draft.objects.get()
    assert draft.answers == {} and draft.sent_on is not None
    assert draft.touched_at.time() == dt.time(0, 0)  # the hour is not kept
    assert not Recontact.objects.exists()
    # the cookie is gone; a new visit starts afresh
    assert client.cookies["survey_draft_voice-2026"].value == ""
    assert "Page 1 of" in client.get(PAGE).content.decode()


def test_sending_the_same_draft_twice_keeps_one_response(opened: Setting) -> None:
    client = Client()
    _to_last_page(client)
    html = client.get(PAGE).content.decode()
    token = re.search(r'name="draft" value="([^"]+)"', html)
    assert token
    payload = {"page": _page_index(html), "shown": _shown(html), "draft": token.group(1)}
    first = client.post(PAGE, {**payload, "action": "send"})
    second = client.post(PAGE, {**payload, "action": "send"})  # the button pressed again
    assert first.status_code == second.status_code == 302
    assert second["Location"].endswith("/thanks/")
    assert Response.objects.count() == 1


def test_consent_to_be_contacted_is_kept_encrypted_apart_from_the_answers(
    opened: Setting,
) -> None:
    client = Client()
    _to_last_page(client)
    missing = _post(client, {"contact_consent": "yes", "contact": ""}, action="send")
    assert missing.status_code == 400
    assert "Give a phone number or an e-mail address" in missing.content.decode()
    assert (
        _post(
            client, {"contact_consent": "yes", "contact": "0555 123 45 67"}, action="send"
        ).status_code
        == 302
    )
    recontact = Recontact.objects.get()
    assert recontact.contact == "0555 123 45 67"
    assert "contact me again" in recontact.consent_text and recontact.language == "en"
    assert "0555" not in repr(Response.objects.get().answers)
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact FROM surveys_recontact")
        (raw,) = cursor.fetchone()
    assert "0555" not in raw


def test_the_chosen_mahalle_is_kept_on_the_response(opened: Setting) -> None:
    alsancak = make_mahalle(make_district("Konak"), "Alsancak")
    client = Client()
    _to_last_page(client)
    assert _post(client, {}, action="send").status_code == 302
    assert Response.objects.get().mahalle == alsancak


def test_old_drafts_are_forgotten_by_the_retention_run(opened: Setting) -> None:
    version = opened.survey.latest_version()
    assert version is not None
    now = timezone.now()
    old, _token = responses.draft_start(
        survey=opened.survey, version=version, now=now - dt.timedelta(days=15)
    )
    recent, _token = responses.draft_start(
        survey=opened.survey, version=version, now=now - dt.timedelta(days=13)
    )
    assert responses.drafts_forget(now=now) == 1
    assert list(Draft.objects.all()) == [recent]
    later = now + dt.timedelta(days=2)
    done: dict[str, int] = {}
    signals.retention_applied.send(sender=None, now=later, by="test", done=done)
    assert done["survey_drafts"] == 1 and not Draft.objects.exists()
    assert old.pk is not None


def test_examine_drops_answers_of_questions_not_asked(opened: Setting) -> None:
    version = opened.survey.latest_version()
    assert version is not None
    form = version.form()
    examined = answering.answers_examine(
        form=form,
        answers={
            "mahalle": "alsancak",
            "mahalle_other": "left over",
            "services_needed": ["education"],
            "reach_health": "no",
            "reach_education": "no",
            "age": 70,
        },
    )
    assert "mahalle_other" not in examined.answers
    assert "reach_health" not in examined.answers  # health care was not needed
    assert examined.answers["older_person"] == "yes"
    assert examined.relevant["barriers_education"] is True
    assert {p.field for p in examined.problems if p.code == "required"} >= {
        "barriers_education", "sex", "languages",
    }  # fmt: skip
