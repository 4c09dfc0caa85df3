"""What a survey's public results page shows: each question's bars in the reader's language
(small cells withheld), the groups compared, and the barriers people report beside the Measure
pillar's travel times to the same services; and the open data rows. Reads the analysis
:mod:`.results` computes and caches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from adilkent.places.models import Mahalle

from . import analysis
from .analysis import ALL, NOT_ANSWERED, OTHER
from .groups import KINDS, group_label
from .models import FormVersion, Survey
from .results import Computed, computed
from .selectors import Text, _text

#: A service of the form (``barriers_<service>``) → the facility type whose travel times the
#: Measure pillar computes for it. Settable with ``SURVEYS_SERVICE_FACILITY``.
SERVICE_FACILITY = {"health": "hospital"}
#: Where reported distance and modelled travel time disagree: "far, they say" at or above
#: this share of the mahalle's answers while the model gives at most ``NEAR_MINUTES``; "far,
#: the model says" at ``FAR_MINUTES`` or more while at most ``QUIET_SHARE`` report it.
SAY_FAR_SHARE = 0.2
QUIET_SHARE = 0.05
NEAR_MINUTES = 15.0
FAR_MINUTES = 30.0


@dataclass
class Bar:
    """One row of a results table: a label, its count (``None`` withheld) and share."""

    label: Text | str
    count: int | None
    share: float | None  # 0–1 of the row's base, None when not shown

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)


@dataclass
class QuestionResult:
    key: str
    label: Text
    option: Text | None  # the option of a select_multiple question
    base: int  # answers counted
    overall: list[Bar]
    by_group: list[tuple[str, list[Bar]]]  # (group label, bars)
    multiple: bool = False  # several answers could be chosen: the shares add up to more

    @property
    def groups(self) -> list[str]:
        return [name for name, _bars in self.by_group]

    @property
    def rows(self) -> list[tuple[Bar, list[Bar]]]:
        """Each answer's bar overall and its bars by group, for a table row."""
        return [
            (bar, [bars[i] for _name, bars in self.by_group]) for i, bar in enumerate(self.overall)
        ]


@dataclass
class BarrierRow:
    key: str  # mahalle key or ALL
    name: str
    answers: int
    cells: list[Bar]  # one per barrier, in ``barriers`` order


@dataclass
class Comparison:
    mahalle_key: str
    mahalle: str
    service: Text
    share: float | None
    minutes: float | None
    verdict: str  # "say-far", "model-far", "agree", "unknown"


@dataclass
class Page:
    survey: Survey
    computed: Computed
    mahalle_names: dict[str, str]
    questions: list[QuestionResult]
    barriers: list[tuple[str, Text | str]]  # (variable key, label)
    absent_barriers: list[Text | str]  # reasons no answer gave
    barrier_rows: list[BarrierRow]
    weighted: dict[str, float | None]  # variable key → weighted share of "yes"
    comparisons: list[Comparison]
    services: list[tuple[str, Text]]  # service key → label (of its group in the form)
    analysis_dates: dict[str, Any]

    @property
    def results(self) -> analysis.Results:
        return self.computed.results

    @property
    def minimum(self) -> int:
        return self.computed.results.minimum

    @property
    def group_counts(self) -> list[tuple[str, int]]:
        results = self.computed.results
        return [(group_name(c), n) for kind in KINDS for c, n in results.group_rows.get(kind, [])]

    @property
    def weighted_list(self) -> list[float | None]:
        return [self.weighted.get(key) for key, _label in self.barriers]

    @property
    def is_weighted(self) -> bool:
        return bool(self.computed.results.weights) and any(
            v is not None for v in self.weighted.values()
        )


def _share(count: int | None, base: int) -> float | None:
    return None if count is None or base <= 0 else count / base


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def _labels(version: FormVersion) -> tuple[dict[str, Text], dict[tuple[str, str], Text]]:
    form = version.form()
    code = _language()
    questions: dict[str, Text] = {}
    choices: dict[tuple[str, str], Text] = {}
    for q, _depth in form.walk():
        questions[q.name] = _text(q.labels, code, form.default_language)
        for c in q.choices:
            choices[(q.list_name or q.name, c.name)] = _text(c.labels, code, form.default_language)
            choices[(q.name, c.name)] = choices[(q.list_name or q.name, c.name)]
    return questions, choices


def _group_rows(results: analysis.Results) -> list[tuple[str, str]]:
    return [(kind, code) for kind in KINDS for code, _n in results.group_rows.get(kind, [])]


def group_name(code: str) -> str:
    return _("Other or not stated") if code == OTHER else group_label(code)


def _bar(table: analysis.Table, dimension: str, row: str, value: str, label: Text | str) -> Bar:
    """One answer's count in a row, as a share of those in the row who answered."""
    total = table.get(dimension, row, ALL) or 0
    missing = table.get(dimension, row, NOT_ANSWERED)
    base = total - missing if missing is not None else 0
    count = table.get(dimension, row, value)
    return Bar(label, count, _share(count, base))


def _question_results(
    results: analysis.Results,
    questions: Mapping[str, Text],
    choices: Mapping[tuple[str, str], Text],
) -> list[QuestionResult]:
    """One result per question: a ``select_one``'s choices, or a ``select_multiple``'s options
    (each the share of those who answered the question that chose it)."""
    rows = _group_rows(results)
    by_question: dict[str, list[analysis.Table]] = {}
    for key, table in results.tables.items():
        if not key.startswith(("b:", "d:")):
            by_question.setdefault(table.variable.question, []).append(table)
    found: list[QuestionResult] = []
    for question, tables in by_question.items():
        cells: list[tuple[analysis.Table, str, Text]] = []
        for table in tables:
            variable = table.variable
            if variable.option:
                label = choices.get((question, variable.option), Text(variable.option, "", "ltr"))
                cells.append((table, "yes", label))
            else:
                cells += [
                    (table, v, choices.get((question, v), Text(v, "", "ltr")))
                    for v in variable.values
                    if v != NOT_ANSWERED
                ]
        overall = [_bar(t, "all", ALL, v, label) for t, v, label in cells]
        by_group = [
            (group_name(code), [_bar(t, kind, code, v, label) for t, v, label in cells])
            for kind, code in rows
        ]
        first = tables[0]
        missing = first.get("all", ALL, NOT_ANSWERED)
        base = results.total - missing if missing is not None else 0
        found.append(
            QuestionResult(
                question,
                questions.get(question, Text(question, "", "ltr")),
                None,
                base,
                overall,
                by_group,
                multiple=bool(first.variable.option),
            )
        )
    return found


def _service_labels(version: FormVersion) -> list[tuple[str, Text]]:
    form = version.form()
    code = _language()
    services: list[tuple[str, Text]] = []
    for q, _depth in form.walk():
        if q.name.startswith(analysis.BARRIER_PREFIX) and q.type == "select_multiple":
            service = q.name[len(analysis.BARRIER_PREFIX) :]
            group = next(
                (g for g, _d in form.walk() if any(c.name == q.name for c in g.children)),
                None,
            )
            labels = group.labels if group is not None and group.labels else q.labels
            services.append((service, _text(labels, code, form.default_language)))
    return services


def _travel_minutes() -> tuple[dict[str, dict[str, float]], dict[str, Any]]:
    from adilkent.analytics.models import AccessAnalysis

    mapping = dict(getattr(settings, "SURVEYS_SERVICE_FACILITY", SERVICE_FACILITY))
    minutes: dict[str, dict[str, float]] = {}
    dates: dict[str, Any] = {}
    for service, facility_code in mapping.items():
        found = (
            AccessAnalysis.objects.filter(
                facility_type__code=facility_code, status=AccessAnalysis.Status.DONE
            )
            .order_by("-finished_at", "-pk")
            .first()
        )
        if found is None or not found.results:
            continue
        minutes[service] = {
            str(p["id"]): float(p["minutes"])
            for p in found.results.get("places", [])
            if p.get("minutes") is not None
        }
        dates[service] = found.finished_at
    return minutes, dates


def verdict(share: float | None, minutes: float | None) -> str:
    if share is None or minutes is None:
        return "unknown"
    if share >= SAY_FAR_SHARE and minutes <= NEAR_MINUTES:
        return "say-far"
    if share <= QUIET_SHARE and minutes >= FAR_MINUTES:
        return "model-far"
    return "agree"


def page(*, survey: Survey, mahalle_key: str | None = None) -> Page | None:
    """What a survey's results page (or one mahalle's) shows; ``None`` without a form."""
    found = computed(survey=survey)
    if found is None:
        return None
    version = survey.versions.get(number=found.version_number)
    results = found.results
    names = {
        str(m.pk): m.name
        for m in Mahalle.objects.filter(
            pk__in=[int(k) for k, _n in results.mahalle_rows if k != OTHER]
            + [int(k) for k in results.pooled_mahalleler]
        )
    }
    names[OTHER] = _("Other mahalleler and answers without a mahalle")
    questions, choices = _labels(version)
    services = _service_labels(version)
    service_names = dict(services)
    barriers: list[tuple[str, Text | str]] = []
    for key, table in results.tables.items():
        variable = table.variable
        if key.startswith("b:"):
            barrier_list = next(
                (
                    choices[(q, variable.option)]
                    for q in questions
                    if q.startswith(analysis.BARRIER_PREFIX) and (q, variable.option) in choices
                ),
                Text(variable.option, "", "ltr"),
            )
            barriers.append((key, barrier_list))
        elif key.startswith("d:"):
            service = key[2:]
            label = service_names.get(service, Text(service, "", "ltr"))
            barriers.append((key, _("Distance: %(service)s") % {"service": label}))
    # a reason no answer gave is named once, not shown as a column of zeros
    absent = [label for key, label in barriers if results.tables[key].get("all", ALL, "yes") == 0]
    barriers = [
        (key, label) for key, label in barriers if results.tables[key].get("all", ALL, "yes") != 0
    ]
    rows: list[tuple[str, int]] = [(ALL, results.total)]
    rows += [(k, n) for k, n in results.mahalle_rows if mahalle_key in (None, k)]
    barrier_rows = []
    for key, n in rows:
        dimension, row = ("all", ALL) if key == ALL else ("mahalle", key)
        cells = []
        for variable_key, barrier in barriers:
            count = results.tables[variable_key].get(dimension, row, "yes")
            cells.append(Bar(barrier, count, _share(count, n)))
        name = _("All answers") if key == ALL else names.get(key, key)
        barrier_rows.append(BarrierRow(key, name, n, cells))
    weighted = {k: results.tables[k].weighted.get("yes") for k, _label in barriers}
    minutes, dates = _travel_minutes()
    comparisons = []
    for service, per_place in minutes.items():
        distance = results.tables.get(f"d:{service}")
        if distance is None:
            continue
        for key, n in results.mahalle_rows:
            if key == OTHER or mahalle_key not in (None, key):
                continue
            share = _share(distance.get("mahalle", key, "yes"), n)
            time = per_place.get(key)
            comparisons.append(
                Comparison(
                    key,
                    names.get(key, key),
                    service_names.get(service, Text(service, "", "ltr")),
                    share,
                    time,
                    verdict(share, time),
                )
            )
    return Page(
        survey=survey,
        computed=found,
        mahalle_names=names,
        questions=_question_results(results, questions, choices) if mahalle_key is None else [],
        barriers=barriers,
        absent_barriers=absent,
        barrier_rows=barrier_rows,
        weighted=weighted,
        comparisons=comparisons,
        services=services,
        analysis_dates=dates,
    )


def open_data_rows(*, survey: Survey) -> list[dict[str, Any]]:
    """Every published figure of the survey as one row: the table (question or barrier), the
    dimension and row it is cut by, the answer, the count (empty when withheld) and, for the
    barriers, the share weighted to the population."""
    found = computed(survey=survey)
    if found is None or not found.results.published:
        return []
    results = found.results
    names = {
        str(m.pk): (m.tuik_code or "", m.name)
        for m in Mahalle.objects.filter(
            pk__in=[int(k) for k, _n in results.mahalle_rows if k != OTHER]
        )
    }
    rows: list[dict[str, Any]] = []
    for key, table in results.tables.items():
        for (dimension, row, value), count in table.cells.items():
            tuik, name = names.get(row, ("", "")) if dimension == "mahalle" else ("", "")
            rows.append(
                {
                    "survey": survey.slug,
                    "table": key,
                    "question": table.variable.question,
                    "option": table.variable.option,
                    "dimension": dimension,
                    "row": "other" if row == OTHER else row,
                    "mahalle_tuik_code": tuik,
                    "mahalle": name,
                    "answer": "not answered" if value == NOT_ANSWERED else value,
                    "count": count,
                    "weighted_share": table.weighted.get(value) if dimension == "all" else None,
                    "minimum_cell": results.minimum,
                }
            )
    return rows
