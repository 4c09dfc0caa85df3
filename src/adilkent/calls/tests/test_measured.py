"""Calls feed their programme's measured indicators."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from adilkent.programmes.measured import BY_KEY, Window

from .conftest import Calls
from .test_protection import _served, _volunteer


def _today() -> Window:
    today = timezone.localdate()
    return Window(today - dt.timedelta(days=1), today)


def test_volunteer_call_counts_applications_approvals_and_hours(calls: Calls) -> None:
    coordinator = get_user_model().objects.create_user("coordinator")
    _served(_volunteer(calls), coordinator)
    _volunteer(calls, phone="+90 532 000 00 09")  # applied, not yet screened
    key = "records-esit-izmir-volunteers-"
    assert BY_KEY[key + "call-applications"].count(_today()) == {"": 2}
    assert BY_KEY[key + "volunteers-approved"].count(_today()) == {"": 1}
    assert BY_KEY[key + "volunteer-hours"].count(_today()) == {"": 3}
    last_year = Window(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert BY_KEY[key + "call-applications"].count(last_year) == {"": 0}


def test_grant_indicators_are_public_counts(calls: Calls) -> None:
    awarded = BY_KEY["records-wri-social-incubation-grants-awarded"]
    assert awarded.protected is False
    assert awarded.count(_today()) == {"": 0}


def test_programme_page_announces_its_open_call(calls: Calls, client: object) -> None:
    response = client.get("/uk/programmes/p/esit-izmir-volunteers/")  # type: ignore[attr-defined]
    assert response.status_code == 200
    page = response.content.decode()
    assert "/uk/calls/esit-izmir-gonullu/" in page
    assert "Набір волонтерів «Рівний Ізмір»" in page
    calls.volunteer.published = False
    calls.volunteer.save()
    page = client.get("/uk/programmes/p/esit-izmir-volunteers/").content.decode()  # type: ignore[attr-defined]
    assert "/uk/calls/esit-izmir-gonullu/" not in page
