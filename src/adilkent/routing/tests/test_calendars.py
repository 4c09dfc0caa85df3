"""Public holidays close the mobile services: the calendar from the ``holidays`` package, and
the planner leaves closed dates out."""

from __future__ import annotations

import datetime as dt

import pytest

from adilkent.routing.calendars import UnknownCountry, public_holidays
from adilkent.routing.model import Depot, PlanSettings, Site, Vehicle
from adilkent.routing.naive import naive_plan
from adilkent.routing.periodic import plan


def test_turkish_national_holidays_of_a_year() -> None:
    # Law 2429: 1 January, 23 April, 1 May, 19 May, 15 July, 30 August, 29 October
    fixed = {
        dt.date(2026, 1, 1),
        dt.date(2026, 4, 23),
        dt.date(2026, 5, 1),
        dt.date(2026, 5, 19),
        dt.date(2026, 7, 15),
        dt.date(2026, 8, 30),
        dt.date(2026, 10, 29),
    }
    days = public_holidays("TR", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert fixed <= days
    # and the religious holidays, which move: Ramazan and Kurban Bayramı (3 + 4 days)
    assert len(days - fixed) == 7
    assert dt.date(2026, 10, 28) not in days  # the eve is a half day: services work


def test_no_country_no_holidays_and_an_unknown_one_is_an_error() -> None:
    assert public_holidays("", dt.date(2027, 1, 1), dt.date(2027, 1, 1)) == frozenset()
    assert public_holidays("tr", dt.date(2026, 12, 30), dt.date(2027, 1, 2)) == {
        dt.date(2027, 1, 1)
    }
    with pytest.raises(UnknownCountry, match="'XX'"):
        public_holidays("XX", dt.date(2027, 1, 1), dt.date(2027, 1, 2))


def test_the_plan_and_the_naive_rule_skip_closed_dates() -> None:
    friday = dt.date(2027, 1, 1)
    depot = Depot("d", "Konak", 27.13, 38.42)
    sites = [
        Site(f"s{k}", f"Site {k}", 27.13, 38.43 + 0.01 * k, service_minutes=60) for k in range(3)
    ]
    vehicle = Vehicle("v", "Van", depot, max_stops_per_day=1)
    for closed, expected in ((frozenset(), {0, 3}), (frozenset({friday}), {3})):
        settings = PlanSettings(friday, horizon_days=4, seconds_per_window=0.2, closed_dates=closed)
        for result in (plan(sites, [vehicle], settings), naive_plan(sites, [vehicle], settings)):
            assert {route.day for route in result.routes} == expected
