"""The channel's figures: counts of clear facts only, small cells withheld, small units folded
into "Other units", quarters of the local day received, answers by the day due, all as they
stood at the end of the last complete quarter; the public page shows no report's number or
text; the programme pages' measured counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from adilkent.confidential import figures
from adilkent.confidential.models import Report, ReportKind, Unit
from adilkent.confidential.services import report_submit

from .conftest import Channel

pytestmark = pytest.mark.django_db
SECRET = "Invented-secret-words of a report"
UTC = dt.UTC
LATER = dt.date(2100, 1, 1)  # every report of the tests is of a complete quarter by then


def _report(channel: Channel, kind: ReportKind, unit: Unit | None = None, **clear: Any) -> Report:
    submitted = report_submit(
        kind_id=kind.pk, unit_id=unit.pk if unit else None, text=SECRET, where="Invented-place"
    )
    if clear:
        Report.objects.filter(pk=submitted.report.pk).update(**clear)
    return Report.objects.get(pk=submitted.report.pk)


def _violence(channel: Channel) -> ReportKind:
    violence = ReportKind.objects.create(code="violence", names={"en": "Violence"})
    channel.recipients["ethics_a"].kinds.add(violence)
    return violence


def _cells(rows: list[figures.Row]) -> list[tuple[str, int | None]]:
    return [(r.label, r.count) for r in rows]


def _table(key: str) -> list[tuple[str, int | None]]:
    (table,) = [t for t in figures.figures(today=LATER).tables if t.key == key]
    return _cells(table.rows)


def test_small_cells_are_withheld_with_the_next_smallest(channel: Channel, settings: Any) -> None:
    violence = _violence(channel)
    for kind, n in ((channel.harassment, 3), (channel.mobbing, 2), (violence, 1)):
        for _i in range(n):
            _report(channel, kind)
    settings.CASES_MIN_CELL_SIZE = 2
    # violence (1) is withheld, and mobbing with it, so that 6 − 3 does not give it back
    assert _table("kind") == [("Harassment", 3), ("Mobbing", None), ("Violence", None)]
    assert figures.figures(today=LATER).total == 6
    settings.CASES_MIN_CELL_SIZE = 1
    assert _table("kind") == [("Harassment", 3), ("Mobbing", 2), ("Violence", 1)]
    settings.CASES_MIN_CELL_SIZE = 7
    assert figures.figures(today=LATER).total is None
    assert _table("kind") == [("Harassment", None), ("Mobbing", None), ("Violence", None)]


def test_small_units_and_units_without_a_head_count_are_other_units(
    channel: Channel, settings: Any
) -> None:
    settings.CASES_MIN_CELL_SIZE = 1
    large = Unit.objects.create(name="Large Invented Directorate", employees=500)
    uncounted = Unit.objects.create(name="Uncounted Invented Office", employees=None)
    threshold = Unit.objects.create(name="Threshold Invented Office", employees=50)
    for unit in (large, large, channel.unit, uncounted, threshold, None):
        _report(channel, channel.harassment, unit)
    assert _table("unit") == [
        ("Large Invented Directorate", 2),
        ("Threshold Invented Office", 1),  # 50 employees: not fewer than 50
        ("Other units", 2),  # Invented Unit (40) and the office without a head count
        ("No unit given", 1),
    ]
    settings.CONFIDENTIAL_MIN_UNIT_EMPLOYEES = 40
    assert ("Invented Unit", 1) in _table("unit")
    settings.CONFIDENTIAL_MIN_UNIT_EMPLOYEES = 501
    assert _table("unit") == [("Other units", 5), ("No unit given", 1)]


def test_the_other_units_row_is_withheld_when_small(channel: Channel, settings: Any) -> None:
    settings.CASES_MIN_CELL_SIZE = 2
    large = Unit.objects.create(name="Large Invented Directorate", employees=500)
    for unit in (large, large, large, channel.unit):
        _report(channel, channel.harassment, unit)
    # Invented Unit's one report is neither shown alone nor as "Other units"
    assert _table("unit") == [("Large Invented Directorate", None), ("Other units", None)]


def test_reports_are_counted_in_the_quarter_of_the_local_day_received(
    channel: Channel, settings: Any
) -> None:
    settings.CASES_MIN_CELL_SIZE = 1
    for moment in (
        dt.datetime(2025, 12, 31, 12, 0, tzinfo=UTC),
        dt.datetime(2026, 1, 1, 10, 0, tzinfo=UTC),
        dt.datetime(2026, 3, 31, 12, 0, tzinfo=UTC),
        dt.datetime(2026, 3, 31, 22, 30, tzinfo=UTC),  # 1 April, 01:30 in İzmir
    ):
        _report(channel, channel.mobbing, created_at=moment)
    assert _table("quarter") == [("Q4 2025", 1), ("Q1 2026", 2), ("Q2 2026", 1)]


def test_reports_by_outcome(channel: Channel, settings: Any) -> None:
    settings.CASES_MIN_CELL_SIZE = 1
    closed = {"status": Report.Status.CLOSED, "closed_at": timezone.now()}
    _report(channel, channel.harassment, outcome=Report.Outcome.SUBSTANTIATED, **closed)
    _report(channel, channel.harassment, outcome=Report.Outcome.SUBSTANTIATED, **closed)
    _report(channel, channel.mobbing, outcome=Report.Outcome.WITHDRAWN, **closed)
    _report(channel, channel.mobbing, status=Report.Status.IN_REVIEW)
    _report(channel, channel.mobbing)
    assert _table("outcome") == [
        ("Substantiated: measures taken", 2),
        ("Withdrawn by the reporter", 1),
        ("Not closed yet", 2),
    ]


def test_answers_by_the_day_due_are_a_suppressed_pair(channel: Channel, settings: Any) -> None:
    received = dt.datetime(2026, 1, 20, 9, 0, tzinfo=UTC)
    due = dt.date(2026, 2, 10)
    on_the_day = dt.datetime(2026, 2, 10, 18, 0, tzinfo=UTC)  # 21:00 in İzmir
    next_day_local = dt.datetime(2026, 2, 10, 22, 0, tzinfo=UTC)  # 11 February, 01:00
    for answered_at in (on_the_day, on_the_day, on_the_day, next_day_local, None):
        _report(channel, channel.harassment, created_at=received, answer_by=due,
                answered_at=answered_at)  # fmt: skip
    _report(channel, channel.harassment, created_at=received, answer_by=dt.date(2026, 5, 1))
    counts = figures.counts_answered_in_time(figures.moment(dt.date(2026, 2, 20)))
    assert counts == {figures.IN_TIME: 3, figures.NOT_IN_TIME: 2}
    # on 5 February nobody had been answered and nothing was due yet
    assert figures.counts_answered_in_time(figures.moment(dt.date(2026, 2, 5))) == {
        figures.IN_TIME: 0, figures.NOT_IN_TIME: 0
    }  # fmt: skip

    settings.CASES_MIN_CELL_SIZE = 2
    shown = figures.figures(today=dt.date(2026, 4, 15))  # as at 1 April
    assert shown.until == dt.date(2026, 3, 31)
    assert _cells(shown.in_time) == [
        ("Answered by the day due", 3),
        ("Answered after the day due, or not answered by it", 2),
    ]
    assert shown.in_time_share == pytest.approx(0.6)
    settings.CASES_MIN_CELL_SIZE = 3
    withheld = figures.figures(today=dt.date(2026, 4, 15))
    assert [count for _label, count in _cells(withheld.in_time)] == [None, None]
    assert withheld.in_time_share is None


def test_the_figures_stand_at_the_end_of_the_last_complete_quarter(
    channel: Channel, settings: Any
) -> None:
    settings.CASES_MIN_CELL_SIZE = 1
    march = dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    _report(channel, channel.harassment, created_at=march)
    _report(channel, channel.harassment, created_at=march, status=Report.Status.CLOSED,
            outcome=Report.Outcome.SUBSTANTIATED,
            closed_at=dt.datetime(2026, 4, 3, 9, 0, tzinfo=UTC))  # fmt: skip
    _report(channel, channel.mobbing, created_at=dt.datetime(2026, 4, 2, 9, 0, tzinfo=UTC))
    in_may = figures.figures(today=dt.date(2026, 5, 20))
    assert (in_may.until, in_may.total) == (dt.date(2026, 3, 31), 2)
    tables = {t.key: _cells(t.rows) for t in in_may.tables}
    assert tables["kind"] == [("Harassment", 2)]  # the mobbing report came in April
    assert tables["outcome"] == [("Not closed yet", 2)]  # closed in April
    in_july = {t.key: _cells(t.rows) for t in figures.figures(today=dt.date(2026, 7, 1)).tables}
    assert in_july["kind"] == [("Harassment", 2), ("Mobbing", 1)]
    assert in_july["outcome"] == [("Substantiated: measures taken", 1), ("Not closed yet", 2)]
    assert in_july["quarter"] == [("Q1 2026", 2), ("Q2 2026", 1)]


def test_the_public_page_shows_counts_only(channel: Channel, settings: Any) -> None:
    large = Unit.objects.create(name="Large Invented Directorate", employees=500)
    last_year = timezone.now() - dt.timedelta(days=366)
    reports = [_report(channel, channel.harassment, large, created_at=last_year)
               for _i in range(2)]  # fmt: skip
    reports.append(_report(channel, channel.mobbing, channel.unit, created_at=last_year))
    this_quarter = _report(channel, channel.harassment, large)  # not counted until it ends
    settings.CASES_MIN_CELL_SIZE = 1
    url = reverse("confidential:figures")
    assert url == "/en/report/figures/"
    page = Client().get(url)
    assert page.status_code == 200
    body = page.content.decode()
    for shown in ("3 reports received.", "Harassment", "Mobbing", "Large Invented Directorate",
                  "Other units", "Counts below 1 are withheld", "fewer than 50 employees",
                  "Only complete quarters are counted"):  # fmt: skip
        assert shown in body, shown
    numbers = [r.number for r in (*reports, this_quarter)]
    for hidden in (SECRET, "Invented-place", "Invented Unit", *numbers):
        assert hidden not in body, hidden
    settings.CASES_MIN_CELL_SIZE = 5
    body = Client().get(url).content.decode()
    assert "withheld" in body and "Large Invented Directorate" in body
    assert "Counts below 5 are withheld" in body
    assert Client().post(url).status_code == 405


def test_the_public_page_of_an_empty_channel(db: None) -> None:
    page = Client().get(reverse("confidential:figures"))
    assert page.status_code == 200
    assert "No reports yet." in page.content.decode()


def test_measured_counts_of_a_period(channel: Channel) -> None:
    from adilkent.programmes.measured import Window

    violence = _violence(channel)
    march = dt.datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    april = dt.datetime(2026, 4, 2, 9, 0, tzinfo=UTC)
    _report(channel, channel.harassment, created_at=march)
    _report(channel, channel.harassment, created_at=march, status=Report.Status.CLOSED,
            outcome=Report.Outcome.SUBSTANTIATED, closed_at=april)  # fmt: skip
    _report(channel, violence, created_at=march, status=Report.Status.CLOSED,
            outcome=Report.Outcome.REFERRED, closed_at=march)  # fmt: skip
    _report(channel, channel.mobbing, created_at=april)
    zero_tolerance = ("violence", "harassment", "mobbing")
    received = figures.measured_counter("received", zero_tolerance)
    closed = figures.measured_counter("closed", zero_tolerance)
    in_march = Window(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    in_april = Window(dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    assert received(in_march) == {"report-kind:harassment": 2, "report-kind:violence": 1}
    assert received(in_april) == {"report-kind:mobbing": 1}
    assert closed(in_march) == {"report-outcome:referred": 1}
    assert closed(in_april) == {"report-outcome:substantiated": 1}
    assert figures.measured_counter("received", ["discrimination"])(in_march) == {}
    assert figures.cell_label("report-kind", "harassment") == "Harassment"
    assert figures.cell_label("report-outcome", "referred") == "Referred to another authority"
    with pytest.raises(ValueError):
        figures.measured_counter("escalated", zero_tolerance)
