"""A request's change history: its first row is written just before its first change
(``core/history.py``), and reads as if it had been written when the request was stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from simple_history.manager import HistoryDescriptor

from adilkent.core.history import _OneClassHistoryDescriptor
from adilkent.intake.models import Request, Status
from adilkent.intake.services import RequestInput, apply_action, submit_request

pytestmark = pytest.mark.django_db


def _new(**kw: object) -> Request:
    return submit_request(RequestInput(**{"text": "Bilgi", "identity_mode": "anonymous", **kw}))  # type: ignore[arg-type]


def _rows(request: Request) -> list[tuple[str, str, dt.datetime, int | None]]:
    history = Request.history.filter(id=request.pk).order_by("history_date", "history_id")
    return [(h.history_type, h.status, h.history_date, h.history_user_id) for h in history]


def test_a_new_request_has_no_history_row_until_it_changes() -> None:
    r = _new()
    assert _rows(r) == []
    stored = Request.objects.get(pk=r.pk)
    apply_action(r, "triage", None)
    rows = _rows(r)
    assert [(t, s) for t, s, _d, _u in rows] == [("+", Status.RECEIVED), ("~", Status.TRIAGED)]
    assert rows[0][2] == stored.created_at  # dated when it was stored, not when it changed
    assert rows[1][2] > stored.created_at
    first = Request.history.filter(id=r.pk, history_type="+").get()
    assert first.tracking_code == r.tracking_code and first.updated_at == stored.updated_at
    r.text = "later"  # later changes add one row each, no second "+"
    r.save()
    assert [t for t, *_ in _rows(r)] == ["+", "~", "~"]


def test_the_first_row_names_who_entered_the_request() -> None:
    operator = User.objects.create_user("operator", password="x", is_staff=True)
    r = submit_request(RequestInput(text="Bilgi", identity_mode="anonymous"), entered_by=operator)
    apply_action(r, "triage", None)
    assert _rows(r)[0][3] == operator.pk


def test_a_request_deleted_unchanged_keeps_its_first_row_before_the_deletion() -> None:
    r = _new()
    pk = r.pk
    r.delete()
    rows = [
        (h.history_type, h.status) for h in Request.history.filter(id=pk).order_by("history_id")
    ]
    assert rows == [("+", Status.RECEIVED), ("-", Status.RECEIVED)]


def test_a_request_stored_with_its_first_row_gets_no_second_one() -> None:
    r = Request.objects.create(tracking_code="AAAAA-BBBBB", text="x", channel="web")
    assert [t for t, *_ in _rows(r)] == ["+"]
    r.text = "y"
    r.save()
    assert [t for t, *_ in _rows(r)] == ["+", "~"]


def test_the_returned_request_records_its_own_later_saves() -> None:
    """The switch that skips the first row is taken off the instance once it is stored."""
    r = _new()
    r.text = "changed"
    r.save()
    assert [(t, s) for t, s, *_ in _rows(r)] == [("+", Status.RECEIVED), ("~", Status.RECEIVED)]
    assert Request.history.filter(id=r.pk, history_type="+").get().text == "Bilgi"


def test_every_history_manager_class_is_made_once() -> None:
    with_history = [
        m
        for m in apps.get_models()
        if getattr(m._meta, "simple_history_manager_attribute", None) in m.__dict__
    ]
    assert Request in with_history and len(with_history) > 5
    for model in with_history:
        descriptor = model.__dict__[model._meta.simple_history_manager_attribute]
        assert type(descriptor) is _OneClassHistoryDescriptor
        assert isinstance(descriptor, HistoryDescriptor)
    r = _new()
    assert type(r.history) is type(Request.history)
    assert r.history.instance == r and Request.history.instance is None


def test_later_changes_neither_read_nor_lock_the_stored_row() -> None:
    """Once the first row exists, a save checks for it and goes on: the stored row is read
    (under ``SELECT … FOR UPDATE``) only while the first row is missing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    table = connection.ops.quote_name(Request._meta.db_table)

    def reads_of_the_row(save: object) -> int:
        with CaptureQueriesContext(connection) as seen:
            save()  # type: ignore[operator]
        return sum(q["sql"].startswith("SELECT") and f"FROM {table}" in q["sql"] for q in seen)

    r = _new()
    assert reads_of_the_row(lambda: apply_action(r, "triage", None)) == 1
    r.text = "later"
    assert reads_of_the_row(r.save) == 0
    assert [t for t, *_ in _rows(r)] == ["+", "~", "~"]
