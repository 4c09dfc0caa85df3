"""Reads of a survey's results for the public pages and the open data: the answers of every
version, the analysis of :mod:`.analysis` (small cells withheld), the labels in the reader's
language, the TÜİK population used for weighting, and the Measure pillar's travel times to the
same services beside the barriers people report.

The analysis is kept in the cache until an answer arrives (the key holds the number of answers
and the last one's arrival) or ``SURVEYS_RESULTS_CACHE_SECONDS`` pass; while answers keep
arriving it is worked out again at most every ``SURVEYS_RESULTS_REFRESH_SECONDS`` (300), and the
pages say when the figures were counted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone

from adilkent.cases import conf as cases_conf
from adilkent.places.models import Mahalle, Population, PopulationGroup

from . import analysis
from .groups import SEX_QUESTION
from .models import FormVersion, Response, Survey
from .responses import MAHALLE_QUESTION


def minimum_cell() -> int:
    return cases_conf.min_cell_size()


def results_items(form: Any) -> list[analysis.Item]:
    """The questions with choices the results count: outside repeats, without the mahalle and
    sex questions (they are the rows of the tables)."""
    found: list[analysis.Item] = []

    def walk(questions: Sequence[Any]) -> None:
        for q in questions:
            if q.type == "repeat":
                continue
            if q.type == "group":
                walk(q.children)
            elif q.type in {"select_one", "select_multiple"} and q.name not in {
                MAHALLE_QUESTION,
                SEX_QUESTION,
            }:
                choices = tuple(c.name for c in q.choices)
                found.append(analysis.Item(q.name, q.type, choices, q.list_name))

    walk(form.children)
    return found


def _population(keys: Sequence[str]) -> tuple[dict[str, int], int | None]:
    rows = Population.objects.filter(
        mahalle_id__in=[int(k) for k in keys], group=PopulationGroup.TOTAL
    )
    latest = rows.aggregate(y=Max("year"))["y"]
    if latest is None:
        return {}, None
    found: dict[str, int] = {}
    for row in rows.filter(year=latest).values("mahalle_id", "count"):
        found[str(row["mahalle_id"])] = found.get(str(row["mahalle_id"]), 0) + row["count"]
    return found, latest


@dataclass
class Computed:
    results: analysis.Results
    population_year: int | None
    version_number: int
    answers_by_source: dict[str, int] = field(default_factory=dict)
    computed_at: dt.datetime | None = None


def _compute(survey: Survey, version: FormVersion) -> Computed:
    rows = Response.objects.filter(survey=survey).values_list("mahalle_id", "answers")
    records = [
        analysis.Record(str(m) if m is not None else None, answers or {}) for m, answers in rows
    ]
    keys = sorted({r.mahalle for r in records if r.mahalle})
    population, year = _population(keys)
    order = [
        str(pk)
        for pk in Mahalle.objects.filter(pk__in=[int(k) for k in keys])
        .order_by("district__name_folded", "name_folded")
        .values_list("pk", flat=True)
    ]
    results = analysis.analyse(
        records,
        results_items(version.form()),
        minimum=minimum_cell(),
        population=population,
        mahalle_order=order,
    )
    by_source = dict(
        Response.objects.filter(survey=survey).values_list("source").annotate(n=Count("pk"))
    )
    return Computed(results, year, version.number, by_source)


def computed(*, survey: Survey) -> Computed | None:
    version = survey.versions.order_by("-number").first()
    if version is None:
        return None
    stamp = Response.objects.filter(survey=survey).aggregate(n=Count("pk"), last=Max("received_at"))
    key = (
        f"surveys:results:{survey.pk}:{version.number}:{stamp['n']}:"
        f"{stamp['last'].isoformat() if stamp['last'] else '-'}:{minimum_cell()}"
    )
    found = cache.get(key)
    if found is not None:
        return found
    latest_key = f"surveys:results:{survey.pk}:latest:{version.pk}:{minimum_cell()}"
    now = timezone.now()
    recent = cache.get(latest_key)
    if (
        isinstance(recent, Computed)
        and recent.computed_at is not None
        and now - recent.computed_at < dt.timedelta(seconds=refresh_seconds())
    ):
        return recent  # answers arrived since: counted at the next refresh
    found = _compute(survey, version)
    found.computed_at = now
    seconds = int(getattr(settings, "SURVEYS_RESULTS_CACHE_SECONDS", 3600))
    cache.set(key, found, seconds)
    cache.set(latest_key, found, seconds)
    return found


def refresh_seconds() -> int:
    """While answers arrive, the results are worked out again at most this often."""
    return int(getattr(settings, "SURVEYS_RESULTS_REFRESH_SECONDS", 300))
