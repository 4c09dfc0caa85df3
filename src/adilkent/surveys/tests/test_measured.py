"""The programme indicators a survey gives: answers received in a period, and the answers that
gave each barrier; only the surveys of the programme count."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.utils import timezone

from adilkent.programmes.indicators import Window
from adilkent.programmes.measured import BY_KEY, cell_label
from adilkent.programmes.models import Programme
from adilkent.surveys import services
from adilkent.surveys.measured import survey_indicators
from adilkent.surveys.models import Response

from .conftest import Setting

pytestmark = pytest.mark.django_db


def _answer(version: Any, on: dt.date, answers: dict[str, Any]) -> None:
    Response.objects.create(
        survey=version.survey,
        form_version=version,
        instance_id=uuid.uuid4(),
        answers=answers,
        submitted_at=timezone.make_aware(dt.datetime.combine(on, dt.time(12))),
        source=Response.Source.WEB,
    )


def test_answers_and_barriers_of_the_programme_s_surveys(
    setting: Setting, example_bytes: bytes
) -> None:
    programme = Programme.objects.create(
        slug="voice-in-the-neighbourhood", name="Mahallede Ses Var!", kind="programme"
    )
    linked = services.survey_create(
        slug="voice-linked", title={"tr": "Ses"}, programme=programme, by=setting.coordinator
    )
    version = services.form_version_import(
        survey=linked, xlsx_bytes=example_bytes, filename="f.xlsx", by=setting.coordinator
    )
    other = services.form_version_import(
        survey=setting.survey, xlsx_bytes=example_bytes, filename="f.xlsx", by=setting.runner
    )
    march = dt.date(2026, 3, 10)
    _answer(version, march, {"barriers_health": ["cost", "distance"], "barriers_legal": ["cost"]})
    _answer(version, march, {"barriers_legal": ["language"]})
    _answer(version, march, {"services_needed": ["none"]})
    _answer(version, dt.date(2026, 4, 2), {"barriers_health": ["cost"]})
    _answer(other, march, {"barriers_health": ["cost"]})  # another programme's survey
    received, barriers = survey_indicators(programme=programme.slug)
    window = Window(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert received.count(window) == {"": 3}
    # an answer giving cost for two services counts once
    assert barriers.count(window) == {
        "barrier:cost": 1,
        "barrier:distance": 1,
        "barrier:language": 1,
    }
    assert BY_KEY[received.key].programme == "voice-in-the-neighbourhood"
    assert cell_label("barrier:documents") == "Documents"
