"""The programme indicators: flags granted and assessments made in a period, flags in force on
its last day; example flags and assessments are not counted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from adilkent.redflag import services
from adilkent.redflag.measured import measured_counter
from adilkent.redflag.models import Assessment

from .conftest import Setting, assess

pytestmark = pytest.mark.django_db


@dataclass
class Window:
    first: dt.date
    last: dt.date


def test_granted_in_force_and_assessments(setting: Setting) -> None:
    c = setting.coordinator
    flag = services.flag_grant(
        assessment=assess(setting, dt.date(2026, 1, 10)), coordinator=c, today=dt.date(2026, 1, 20)
    )
    assess(setting, dt.date(2026, 2, 5), fail="lift")
    example = assess(setting, dt.date(2026, 2, 6))
    Assessment.objects.filter(pk=example.pk).update(is_example=True)
    services.flag_withdraw(flag=flag, coordinator=c, reason="closed", today=dt.date(2026, 3, 1))
    january, february, march = (
        Window(dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
        Window(dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        Window(dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
    )
    granted, in_force = measured_counter("granted"), measured_counter("in-force")
    assessments = measured_counter("assessments")
    assert [granted(w) for w in (january, february)] == [{"": 1}, {"": 0}]
    assert [in_force(w) for w in (january, february, march)] == [{"": 1}, {"": 1}, {"": 0}]
    assert [assessments(w) for w in (january, february)] == [{"": 1}, {"": 1}]
