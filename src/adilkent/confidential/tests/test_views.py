"""The pages: a report sent through the form shows its receipt once; the receipt (in a POST
body only) opens the follow page; a wrong receipt reveals nothing and is rate-limited; a
recipient unlocks their key and reads; an excluded recipient gets the same answer as for a
report that does not exist; every inbox page is behind the second factor and audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from adilkent.cases.models import AuditEvent
from adilkent.confidential.models import Message, Report
from adilkent.confidential.services import report_submit
from adilkent.core.tests.factories import log_in_verified

from .conftest import PASSPHRASES, Channel

pytestmark = pytest.mark.django_db
TEXT = "Invented: my manager keeps touching my shoulder"


@pytest.fixture(autouse=True)
def fresh_limits() -> None:
    cache.clear()


def _as(user: Any) -> Client:
    client = Client()
    log_in_verified(client, user)
    return client


def _unlocked(channel: Channel, name: str) -> Client:
    client = _as(channel.users[name])
    answer = client.post("/en/report/inbox/unlock/", {"passphrase": PASSPHRASES[name]})
    assert answer.status_code == 302
    return client


def test_the_form_sends_a_report_and_shows_the_receipt_once(
    client: Client, channel: Channel
) -> None:
    page = client.get("/en/report/")
    assert page.status_code == 200 and "Ethics board" in page.content.decode()
    answer = client.post(
        "/en/report/",
        {
            "kind": channel.harassment.pk,
            "text": TEXT,
            "excluded": [channel.recipients["ethics_b"].pk],
        },
    )
    assert answer.status_code == 302 and answer["Location"] == "/en/report/received/"
    shown = client.get("/en/report/received/").content.decode()
    receipt = shown.split("data-receipt>")[1].split("<")[0].strip()
    assert len(receipt.replace("-", "")) == 24
    assert client.get("/en/report/received/").status_code == 302  # not shown again
    followed = client.post("/en/report/follow/", {"receipt": receipt}).content.decode()
    assert Report.objects.get().number in followed and TEXT not in followed
    added = client.post(
        "/en/report/follow/", {"receipt": receipt, "action": "add", "text": "More: it was in May."}
    )
    assert added.status_code == 200 and Message.objects.count() == 1
    proof = client.post("/en/report/proof/", {"receipt": receipt})
    assert proof.status_code == 200 and proof.content.startswith(b"%PDF")


def test_a_bad_report_shows_each_problem_and_stores_nothing(
    client: Client, channel: Channel
) -> None:
    answer = client.post("/en/report/", {"kind": "", "text": " ", "unit": "٣"})
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "Choose what the report is about." in text and "Write what happened." in text
    assert not Report.objects.exists()


def test_a_wrong_receipt_reveals_nothing_and_is_rate_limited(
    client: Client, channel: Channel
) -> None:
    submitted = report_submit(kind_id=channel.harassment.pk, unit_id=None, text=TEXT)
    wrong = submitted.receipt[:-1] + ("A" if submitted.receipt[-1] != "A" else "B")
    for attempt in range(20):
        answer = client.post("/en/report/follow/", {"receipt": wrong if attempt else "nonsense"})
        assert answer.status_code == 404
        assert "No report has this receipt" in answer.content.decode()
        assert submitted.report.number not in answer.content.decode()
    # the limit is reached: even the right receipt waits now
    assert client.post("/en/report/follow/", {"receipt": submitted.receipt}).status_code == 429
    assert client.get(f"/en/report/follow/?receipt={submitted.receipt}").status_code == 200
    assert (
        submitted.report.number
        not in client.get(f"/en/report/follow/?receipt={submitted.receipt}").content.decode()
    )


def test_a_recipient_unlocks_reads_and_replies(channel: Channel) -> None:
    submitted = report_submit(kind_id=channel.harassment.pk, unit_id=None, text=TEXT)
    client = _as(channel.users["ethics_a"])
    number = submitted.report.number
    locked = client.get(f"/en/report/inbox/{number}/").content.decode()
    assert TEXT not in locked and "passphrase" in locked
    wrong = client.post(
        "/en/report/inbox/unlock/", {"passphrase": "not the passphrase"}, follow=True
    )
    assert "does not open your key" in wrong.content.decode()
    client = _unlocked(channel, "ethics_a")
    assert number in client.get("/en/report/inbox/").content.decode()
    assert TEXT in client.get(f"/en/report/inbox/{number}/").content.decode()
    client.post(
        f"/en/report/inbox/{number}/reply/", {"text": "Thank you; when?", "to_reporter": "on"}
    )
    followed = Client().post("/en/report/follow/", {"receipt": submitted.receipt}).content.decode()
    assert "Thank you; when?" in followed
    assert AuditEvent.objects.filter(object_type="confidential report", object_id=number).exists()


def test_an_excluded_recipient_gets_the_same_answer_as_for_no_report(channel: Channel) -> None:
    named = channel.recipients["ethics_b"]
    submitted = report_submit(
        kind_id=channel.harassment.pk, unit_id=None, text=TEXT, excluded_ids=[named.pk]
    )
    client = _unlocked(channel, "ethics_b")
    assert submitted.report.number not in client.get("/en/report/inbox/").content.decode()
    excluded = client.get(f"/en/report/inbox/{submitted.report.number}/")
    missing = client.get("/en/report/inbox/R-00000000/")
    assert excluded.status_code == missing.status_code == 404
    assert excluded.content == missing.content


def test_the_inbox_is_only_for_recipients_past_the_second_factor(channel: Channel) -> None:
    submitted = report_submit(kind_id=channel.harassment.pk, unit_id=None, text=TEXT)
    admin = _as(channel.users["admin"])  # staff, but not a recipient
    assert admin.get("/en/report/inbox/").status_code == 404
    assert admin.get(f"/en/report/inbox/{submitted.report.number}/").status_code == 404
    password_only = Client()
    password_only.force_login(channel.users["ethics_a"])
    assert password_only.get("/en/report/inbox/").status_code == 302  # to the second factor


def test_stepping_out_removes_the_report_from_the_inbox(channel: Channel) -> None:
    submitted = report_submit(kind_id=channel.harassment.pk, unit_id=None, text=TEXT)
    client = _unlocked(channel, "ethics_b")
    number = submitted.report.number
    client.post(f"/en/report/inbox/{number}/conflict/")
    assert number not in client.get("/en/report/inbox/").content.decode()
    assert client.get(f"/en/report/inbox/{number}/").status_code == 404


def test_unlocking_never_sends_the_browser_elsewhere(channel: Channel) -> None:
    client = _as(channel.users["ethics_a"])
    for elsewhere in ("//evil.example/", "https://evil.example/", "javascript:alert(1)"):
        answer = client.post(
            "/en/report/inbox/unlock/",
            {"passphrase": PASSPHRASES["ethics_a"], "next": elsewhere},
        )
        assert answer["Location"] == "/en/report/inbox/"
