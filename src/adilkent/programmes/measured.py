"""Programme indicators measured from adilkent's own records, month by month.

The figures quoted from the seed documents stay as they are (``KpiValue.origin`` seed); these
are counted from the records the platform holds (cases, referrals, requests, legal aid
appointments, mobile-service plans, applications, calls, reports, flags, recommendations) and
stored beside them with ``origin`` records and the source label :data:`RECORDS_SOURCE`. Each
indicator is counted for every calendar month of a year up to the month asked for, and for the
year to each month's end; counts of people and of their records go through :mod:`.disclosure`
(small cells withheld, also against subtraction) before they are stored. Only counts are read
out of the records: never a name, never a person.

What an indicator is lives in :mod:`.indicators`; each app counts its own records in its
``measured.py``. This module is the registry: which programme has which indicators
(:data:`REGISTRY`), and the names of the breakdown cells (:func:`cell_label`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from adilkent.calls.measured import call_indicators
from adilkent.cases import measured as cases_measured
from adilkent.cases.measured import case_disability_indicators, case_indicators
from adilkent.confidential import measured as confidential_measured
from adilkent.confidential.measured import report_indicators
from adilkent.council.measured import council_indicators
from adilkent.courses.measured import course_indicators
from adilkent.enrolment import measured as enrolment_measured
from adilkent.enrolment.measured import enrolment_indicators
from adilkent.intake import measured as intake_measured
from adilkent.intake.measured import request_indicators
from adilkent.legalaid import measured as legalaid_measured
from adilkent.legalaid.measured import appointment_indicators
from adilkent.planner.measured import plan_indicators
from adilkent.redflag.measured import red_flag_indicators
from adilkent.surveys import measured as surveys_measured
from adilkent.surveys.measured import survey_indicators

from .indicators import RECORDS_SOURCE, Counts, Indicator, Period, Window

__all__ = [
    "BY_KEY",
    "INDICATORS",
    "RECORDS_SOURCE",
    "REGISTRY",
    "Counts",
    "Indicator",
    "Period",
    "Window",
    "cell_label",
    "indicators_of",
]

Indicators = Callable[..., list[Indicator]]  # called with ``programme=<slug>``


def _measured(programme: str, *parts: Indicators) -> tuple[str, list[Indicator]]:
    return programme, [i for part in parts for i in part(programme=programme)]


#: Programme slug → its measured indicators, in the order the programme page shows them.
REGISTRY: dict[str, list[Indicator]] = dict(
    [
        _measured("refugee-desk", case_indicators),
        _measured("him-multilingual", request_indicators),
        _measured("disabled-refugees-protection", case_disability_indicators),
        _measured(
            "legal-aid-vehicle",
            appointment_indicators,
            partial(plan_indicators, service="legal-aid"),
        ),
        _measured(
            "mobile-stage-library",
            partial(plan_indicators, service="library"),
            partial(plan_indicators, service="stage"),
        ),
        _measured("guclenme-duraklari", partial(plan_indicators, service="empowerment")),
        _measured("sut-kuzusu", partial(plan_indicators, service="milk")),
        _measured("cogem", enrolment_indicators),
        _measured("talehouses", enrolment_indicators),
        _measured("menemen-child-parent-centre", enrolment_indicators),
        _measured("meslek-fabrikasi", course_indicators),
        _measured(
            "zero-tolerance-document",
            partial(report_indicators, kinds=("violence", "harassment", "mobbing")),
        ),
        _measured(
            "local-equality-action-plan", partial(report_indicators, kinds=("discrimination",))
        ),
        _measured("esit-izmir-volunteers", partial(call_indicators, kind="volunteer")),
        _measured("wri-social-incubation", partial(call_indicators, kind="grant")),
        _measured("red-flag", red_flag_indicators),
        _measured("city-council", council_indicators),
        _measured("childrens-assembly", council_indicators),
        _measured("voice-in-the-neighbourhood", survey_indicators),
        _measured("wri-needs-analysis", survey_indicators),
    ]
)

INDICATORS: list[Indicator] = [i for indicators in REGISTRY.values() for i in indicators]

BY_KEY = {indicator.key: indicator for indicator in INDICATORS}


def indicators_of(programme_slug: str) -> list[Indicator]:
    return [i for i in INDICATORS if i.programme == programme_slug]


# --- labels of the cells (in the active language) ---------------------------------------------


def _as_recorded(family: str, code: str) -> str:
    return code


def _cell_labels() -> dict[str, Callable[[str, str], str]]:
    """Breakdown family → what names its cells: the app that counts it."""
    labels: dict[str, Callable[[str, str], str]] = {
        "partner": _as_recorded,
        "unit": _as_recorded,
    }
    apps = (
        cases_measured,
        intake_measured,
        legalaid_measured,
        enrolment_measured,
        confidential_measured,
        surveys_measured,
    )
    for app in apps:
        for family in app.CELL_FAMILIES:
            if family in labels:
                raise ImproperlyConfigured(f"two apps name the cells {family!r}")
            labels[family] = app.cell_label
    return labels


CELL_LABELS = _cell_labels()


def cell_label(breakdown: str) -> str:
    """The name of a breakdown cell (``language:ar`` → "Arabic" in the active language)."""
    if not breakdown:
        return _("Total")
    family, _sep, code = breakdown.partition(":")
    label = CELL_LABELS.get(family)
    if label is None:
        return breakdown
    return label(family, code)
