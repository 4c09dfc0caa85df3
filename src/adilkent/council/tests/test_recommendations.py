"""Recommendations: adopted by a body to a unit with a deadline (the setting's days by
default), answered on the unit's behalf, overdue ones escalated by the periodic task; the
figures per body and per unit, and the programme pages' counters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from adilkent.council import selectors, services
from adilkent.council.measured import measured_counter
from adilkent.council.models import Recommendation
from adilkent.council.tasks import escalate_overdue_recommendations

from .conftest import TODAY, Council

pytestmark = pytest.mark.django_db


def adopt(council: Council, adopted_on: dt.date = TODAY, **given: Any) -> Recommendation:
    values: dict[str, Any] = {
        "body": council.transport, "title": "Step-free bus stops", "text": "Make every stop "
        "on line 5 step-free.", "language": "en", "adopted_on": adopted_on,
        "unit": council.unit, "by": council.coordinator,
    }  # fmt: skip
    values.update(given)
    return services.recommendation_adopt(**values)


def test_the_answer_is_due_after_the_settings_days(council: Council) -> None:
    assert adopt(council).answer_due == TODAY + dt.timedelta(days=60)
    with override_settings(COUNCIL_ANSWER_DAYS=30):
        assert adopt(council).answer_due == TODAY + dt.timedelta(days=30)
    assert adopt(council, answer_due=TODAY + dt.timedelta(days=10)).answer_due == dt.date(
        2026, 6, 11
    )


def test_a_recommendation_is_addressed_to_a_unit(council: Council) -> None:
    with pytest.raises(services.CouncilInvalid) as refused:
        adopt(council, unit=None, unit_name=" ", title="")
    assert set(refused.value.errors) == {"unit", "title"}
    named = adopt(council, unit=None, unit_name="Parks Department")
    assert named.addressee == "Parks Department"


def test_the_unit_answers_once_and_not_in_the_future(council: Council) -> None:
    recommendation = adopt(council)
    with pytest.raises(services.CouncilInvalid) as refused:
        services.recommendation_answer(
            recommendation=recommendation, answer="maybe", text="", by=council.coordinator,
            answered_on=TODAY + dt.timedelta(days=1), today=TODAY,
        )  # fmt: skip
    assert set(refused.value.errors) == {"answer", "text", "answered_on"}
    services.recommendation_answer(
        recommendation=recommendation, answer="partly", text="Lines 5 and 7 first.",
        answered_on=TODAY, by=council.coordinator, today=TODAY,
    )  # fmt: skip
    assert recommendation.status(TODAY) == "answered" and recommendation.answered_in_time
    with pytest.raises(services.CouncilInvalid):
        services.recommendation_answer(
            recommendation=recommendation, answer="accepted", text="Again.",
            answered_on=TODAY, by=council.coordinator, today=TODAY,
        )  # fmt: skip


def test_the_periodic_task_marks_and_escalates_overdue_recommendations(council: Council) -> None:
    today = timezone.localdate()
    overdue = adopt(council, adopted_on=today - dt.timedelta(days=61))  # due yesterday
    due_today = adopt(council, adopted_on=today - dt.timedelta(days=60))
    answered = adopt(council, adopted_on=today - dt.timedelta(days=90))
    services.recommendation_answer(
        recommendation=answered, answer="accepted", text="Done.", by=council.coordinator,
        answered_on=today - dt.timedelta(days=80),
    )  # fmt: skip
    assert escalate_overdue_recommendations.call() == 1
    for r in (overdue, due_today, answered):
        r.refresh_from_db()
    assert overdue.escalated_at is not None and overdue.status() == "overdue"
    assert due_today.escalated_at is None and due_today.status() == "awaiting"
    assert answered.escalated_at is None
    # run again: nothing new, and the moment of the first escalation is kept
    first = overdue.escalated_at
    assert services.recommendations_escalate() == 0
    overdue.refresh_from_db()
    assert overdue.escalated_at == first
    # the public list filters it as overdue
    assert selectors.recommendations(status="overdue") == [overdue]


@dataclass
class Window:
    first: dt.date
    last: dt.date


def test_figures_per_body_and_unit_and_the_programme_counters(council: Council) -> None:
    """Four recommendations to two units: one answered in time (accepted), one answered late
    (not accepted), one overdue, one awaiting."""
    may = dt.date(2026, 5, 1)
    in_time = adopt(council, adopted_on=may, answer_due=dt.date(2026, 5, 20))
    late = adopt(council, adopted_on=may, answer_due=dt.date(2026, 5, 10), unit=None,
                 unit_name="Parks Department")  # fmt: skip
    adopt(council, adopted_on=may, answer_due=dt.date(2026, 5, 15))  # overdue
    awaiting = adopt(
        council, body=council.assembly, adopted_on=dt.date(2026, 5, 30), unit_name="",
        answer_due=timezone.localdate() + dt.timedelta(days=30),
    )  # fmt: skip
    for r, answer, day in ((in_time, "accepted", dt.date(2026, 5, 19)),
                           (late, "not_accepted", dt.date(2026, 5, 25))):  # fmt: skip
        services.recommendation_answer(
            recommendation=r, answer=answer, text="Answer.", answered_on=day,
            by=council.coordinator, today=TODAY,
        )  # fmt: skip
    rows = selectors.recommendations()
    by_unit = {f.name: f for f in selectors.figures(rows, "unit", "en")}
    transport = by_unit["Transport Department (invented)"]
    assert (transport.recommendations, transport.answered_in_time, transport.overdue,
            transport.accepted, transport.answered_late) == (3, 1, 1, 1, 0)  # fmt: skip
    parks = by_unit["Parks Department"]
    assert (parks.recommendations, parks.answered_late, parks.accepted) == (1, 1, 0)
    by_body = {f.name: f for f in selectors.figures(rows, "body", "en")}
    assert by_body["Transport Working Group"].recommendations == 3
    assert by_body["İzmir Children's Assembly"].recommendations == 1
    assert awaiting.status() == "awaiting"

    may_window = Window(dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    # the Transport group's programme is the City Council; the Children's Assembly's is a part
    # of it, so the council's counts include it
    assert measured_counter("recommendations", "city-council")(may_window) == {"": 4}
    assert measured_counter("recommendations", "childrens-assembly")(may_window) == {"": 1}
    assert measured_counter("answered-in-time", "city-council")(may_window) == {"": 1}
    assert measured_counter("accepted", "city-council")(may_window) == {"": 1}
    assert measured_counter("overdue", "city-council")(may_window) == {"": 2}
    assert measured_counter("overdue", "city-council", by_unit=True)(may_window) == {
        "unit:Transport Department (invented)": 1, "unit:Parks Department": 1,
    }  # fmt: skip
    june = Window(dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    assert measured_counter("recommendations", "city-council")(june) == {"": 0}
