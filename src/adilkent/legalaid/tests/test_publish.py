"""Publishing the stops of the latest Legal Aid Vehicle plan (service and command)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from adilkent.core.tests.factories import small_city
from adilkent.legalaid.models import Stop
from adilkent.legalaid.services import publish_stops
from adilkent.planner.models import PlanRun
from adilkent.planner.services import execute_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan() -> PlanRun:
    """A real two-week legal-aid plan of the small city, made by the planner."""
    small_city()
    today = timezone.localdate()
    monday = today + dt.timedelta(days=7 - today.weekday())
    run = PlanRun.objects.create(
        service="legal-aid", start_date=monday, horizon_days=14, seconds_per_window=0.05
    )
    return execute_plan(run.pk)


def planned_visits(run: PlanRun) -> list[tuple[int, str, str, str]]:
    return sorted(
        (int(s["site"].split("-")[1]), route["date"], s["start"], s["end"])
        for route in (run.document or {})["routes"]
        for s in route["stops"]
    )


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def test_quarter_hours() -> None:
    from adilkent.legalaid.services import quarter_hour

    assert quarter_hour(dt.time(9, 39), up=True) == dt.time(9, 45)
    assert quarter_hour(dt.time(9, 45), up=True) == dt.time(9, 45)
    assert quarter_hour(dt.time(15, 39), up=False) == dt.time(15, 30)
    assert quarter_hour(dt.time(23, 59), up=True) == dt.time(23, 45)


def test_every_planned_visit_becomes_a_stop_with_the_plans_hours(plan: PlanRun) -> None:
    visits = planned_visits(plan)
    assert visits  # the plan visits the city's mahalleler with residents
    report = publish_stops()
    assert report.run_id == plan.pk
    assert len(report.created) == len(visits) and report.unchanged == []
    stops = sorted((s.mahalle_id, s.date.isoformat(), s) for s in Stop.objects.all())
    assert [(m, d) for m, d, _s in stops] == [(m, d) for m, d, _a, _b in visits]
    for (_m, _d, stop), (_m2, _d2, start, end) in zip(stops, visits, strict=True):
        # within the plan's hours, on quarter hours, less than a quarter hour shorter each side
        planned_start = dt.datetime.strptime(start, "%H:%M").time()
        planned_end = dt.datetime.strptime(end, "%H:%M").time()
        assert planned_start <= stop.start_time and stop.end_time <= planned_end
        assert stop.start_time.minute % 15 == 0 and stop.end_time.minute % 15 == 0
        assert _minutes(stop.start_time) - _minutes(planned_start) < 15
        assert _minutes(planned_end) - _minutes(stop.end_time) < 15
    assert all(s.plan_run_id == plan.pk and s.slot_minutes == 45 for s in Stop.objects.all())


def test_publishing_again_changes_nothing(plan: PlanRun) -> None:
    first = publish_stops()
    stop = first.created[0]
    stop.place = "Invented landmark"
    stop.save()
    second = publish_stops()
    assert second.created == []
    assert len(second.unchanged) == len(first.created)
    assert Stop.objects.count() == len(first.created)
    assert Stop.objects.get(pk=stop.pk).place == "Invented landmark"


@override_settings(LEGAL_AID_SLOT_MINUTES=30, LEGAL_AID_SEATS_PER_SLOT=2)
def test_hours_and_capacity_from_settings_or_arguments(plan: PlanRun) -> None:
    publish_stops(start_time="10:00", end_time="13:00")
    stop = Stop.objects.first()
    assert stop is not None
    assert (stop.start_time, stop.end_time) == (dt.time(10), dt.time(13))
    assert (stop.slot_minutes, stop.seats_per_slot, stop.capacity) == (30, 2, 12)


def test_the_command_reports_created_and_unchanged(plan: PlanRun) -> None:
    out = StringIO()
    call_command("publish_legal_aid_stops", "--slot-minutes", "60", stdout=out)
    created = Stop.objects.count()
    assert f"plan {plan.pk}: {created} stops created, 0 unchanged" in out.getvalue()
    out = StringIO()
    call_command("publish_legal_aid_stops", stdout=out)
    assert f"0 stops created, {created} unchanged" in out.getvalue()
    assert set(Stop.objects.values_list("slot_minutes", flat=True)) == {60}


def test_the_command_explains_bad_input(plan: PlanRun) -> None:
    with pytest.raises(CommandError, match="not a time of day"):
        call_command("publish_legal_aid_stops", "--start-time", "nine")
    with pytest.raises(CommandError, match="no plan run 999999"):
        call_command("publish_legal_aid_stops", "--run", "999999")
    library = PlanRun.objects.create(service="library", start_date=plan.start_date)
    with pytest.raises(CommandError, match="not a finished Legal Aid Vehicle plan"):
        call_command("publish_legal_aid_stops", "--run", str(library.pk))


def test_without_a_plan_nothing_is_published(db: None) -> None:
    out = StringIO()
    call_command("publish_legal_aid_stops", stdout=out)
    assert "no finished Legal Aid Vehicle plan" in out.getvalue()
    assert not Stop.objects.exists()
