"""Shared by the surveys tests: English messages, the example form shipped with the app, a
survey with staff who run it, and a client signed in past the second factor."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from adilkent.core.tests.factories import log_in_verified
from adilkent.surveys import services
from adilkent.surveys.data.make_example_form import EXAMPLE
from adilkent.surveys.models import Survey, SurveyStaff


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def results_counted_at_once(settings: Any) -> None:
    """Each test's answers are counted when its page is read (no refresh interval)."""
    settings.SURVEYS_RESULTS_REFRESH_SECONDS = 0


@pytest.fixture(scope="session")
def example_bytes() -> bytes:
    return EXAMPLE.read_bytes()


def staff(username: str) -> Any:
    return get_user_model().objects.create_user(
        username, is_staff=True, first_name=username.capitalize(), last_name="Invented"
    )


def signed_in(user: Any) -> Client:
    client = Client()
    log_in_verified(client, user)
    return client


@dataclass
class Setting:
    survey: Survey
    coordinator: Any  # runs every survey
    runner: Any  # runs this survey only
    outsider: Any  # staff without a survey role


@pytest.fixture
def setting(db: None) -> Setting:
    coordinator = staff("derya")
    SurveyStaff.objects.create(user=coordinator, survey=None)
    survey = services.survey_create(
        slug="voice-2026",
        title={"tr": "Mahallede Bir Ses Var", "en": "There is a Voice in the Neighbourhood"},
        purpose={"en": "Which services residents need and what keeps them away."},
        target_groups=["refugees", "women"],
        by=coordinator,
    )
    runner = staff("kerem")
    SurveyStaff.objects.create(user=runner, survey=survey)
    return Setting(survey, coordinator, runner, staff("selin"))
