"""Fixtures of the planner's tests: a signed-in staff member (the plan details are theirs) and
a "today" on the first day of the test plans (the public pages show the dates from today)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

PLAN_START = dt.date(2026, 1, 5)


@pytest.fixture
def staff_client(db: None) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_user("planner-staff", is_staff=True))
    return client


@pytest.fixture
def on_plan_start(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Today is the first day of the test plans (Monday 5 January 2026)."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: PLAN_START)
    return PLAN_START
