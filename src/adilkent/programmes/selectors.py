"""Reads of the programme registry: filtered lists, one programme, checklists, coverage."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from adilkent.core.parsing import ParseError, parse_int
from adilkent.places.models import District, Mahalle

from .models import (
    ActionPlan,
    Criterion,
    Fact,
    Framework,
    KpiOrigin,
    KpiValue,
    Partner,
    PeriodKind,
    Principle,
    Programme,
    Status,
    TargetGroup,
)

CHECKLIST_FIELDS = [
    # (label in the checklist, programme attribute), in the checklist's order.
    ("OBJECTIVE", "objective"),
    ("BRIEF INFORMATION ABOUT THE PROJECT", "description"),
    ("BUDGET (TL)", "budget_text"),
    ("PROJECT DURATION", "duration_text"),
    ("START DATE", "start_text"),
    ("END DATE", "end_text"),
    ("COMPLETED", "completed"),
]


@dataclass
class ProgrammeFilters:
    target_group: str = ""
    district: str = ""
    partner: str = ""
    principle: str = ""  # "<framework key>:<code>" or a code of the default framework
    status: str = ""
    year: int | None = None
    query: str = ""

    @classmethod
    def from_params(cls, params: dict[str, str]) -> tuple[ProgrammeFilters, dict[str, str]]:
        """Filters from request parameters, and a message for each parameter that is wrong."""
        errors: dict[str, str] = {}
        year: int | None = None
        raw_year = (params.get("year") or "").strip()
        if raw_year:
            try:
                year = parse_int(raw_year, field="year", minimum=1900, maximum=2100)
            except ParseError:
                errors["year"] = "year"
        status = (params.get("status") or "").strip()
        if status and status not in Status.values:
            errors["status"] = "status"
            status = ""
        return (
            cls(
                target_group=(params.get("target_group") or "").strip()[:40],
                district=(params.get("district") or "").strip()[:100],
                partner=(params.get("partner") or "").strip()[:80],
                principle=(params.get("principle") or "").strip()[:100],
                status=status,
                year=year,
                query=(params.get("q") or "").strip()[:100],
            ),
            errors,
        )

    def is_empty(self) -> bool:
        return not any(
            [
                self.target_group,
                self.district,
                self.partner,
                self.principle,
                self.status,
                self.year,
                self.query,
            ]
        )


def programmes(filters: ProgrammeFilters | None = None) -> QuerySet[Programme]:
    qs = Programme.objects.select_related("parent").prefetch_related(
        "target_groups", "districts", "partners"
    )
    f = filters or ProgrammeFilters()
    if f.target_group:
        qs = qs.filter(target_groups__key=f.target_group)
    if f.district:
        qs = qs.filter(
            Q(districts__slug=f.district)
            | Q(mahalleler__district__slug=f.district)
            | Q(citywide=True)
        )
    if f.partner:
        qs = qs.filter(partners__key=f.partner)
    if f.principle:
        framework_key, _sep, code = f.principle.rpartition(":")
        crit = Q(criteria__principle__code=code)
        if framework_key:
            crit &= Q(criteria__principle__framework__key=framework_key)
        qs = qs.filter(crit)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.year:
        qs = qs.filter(start_year__lte=f.year).filter(
            Q(end_year__gte=f.year) | Q(end_year__isnull=True)
        )
    if f.query:
        from adilkent.text import fold

        qs = qs.filter(name_folded__contains=fold(f.query))
    return qs.distinct()


def filter_choices() -> dict[str, object]:
    return {
        "target_groups": TargetGroup.objects.all(),
        "districts": District.objects.all().only("name", "slug"),
        "partners": Partner.objects.filter(programmes__isnull=False).distinct(),
        "principles": Principle.objects.select_related("framework"),
        "statuses": Status.choices,
    }


def programme_by_slug(slug: str) -> Programme | None:
    return (
        Programme.objects.filter(slug=slug)
        .select_related("parent")
        .prefetch_related(
            "target_groups",
            "districts",
            "mahalleler__district",
            "children",
            "budgets",
            Prefetch("facts", queryset=Fact.objects.order_by("order", "pk")),
            Prefetch(
                "kpi_values",
                queryset=KpiValue.objects.filter(origin=KpiOrigin.SEED).select_related("kpi"),
            ),
            "programmepartner_set__partner",
            "criteria__principle__framework",
        )
        .first()
    )


@dataclass
class KpiSeries:
    """The values of one indicator of one programme, in order, for a chart or a table."""

    name: str
    unit: str
    values: list[KpiValue]


def kpi_series(programme: Programme) -> list[KpiSeries]:
    series: dict[int, KpiSeries] = {}
    for value in programme.kpi_values.all():
        entry = series.setdefault(value.kpi_id, KpiSeries(value.kpi.name, value.kpi.unit, []))
        entry.values.append(value)
    return list(series.values())


@dataclass
class ChecklistProject:
    programme: Programme
    fields: list[tuple[str, str]]  # (label, text as stated; "" when missing)

    @property
    def missing(self) -> list[str]:
        return [label for label, text in self.fields if not text]


@dataclass
class ChecklistCriterion:
    criterion: Criterion
    projects: list[ChecklistProject] = field(default_factory=list)


@dataclass
class ChecklistPrinciple:
    principle: Principle
    criteria: list[ChecklistCriterion] = field(default_factory=list)


@dataclass
class Checklist:
    framework: Framework
    principles: list[ChecklistPrinciple]

    @property
    def project_count(self) -> int:
        return sum(len(c.projects) for p in self.principles for c in p.criteria)

    @property
    def missing_count(self) -> int:
        return sum(
            len(proj.missing) for p in self.principles for c in p.criteria for proj in c.projects
        )


def checklist_fields(programme: Programme) -> list[tuple[str, str]]:
    """The checklist form's fields of a programme: only text stated as that field.

    A date read out of a sentence (the start of Süt Kuzusu in its description) is known to the
    registry but was not written in the form, so the form shows it as missing.
    """
    stated = {(f.field, f.quote) for f in programme.facts.all()}
    out = []
    for label, attr in CHECKLIST_FIELDS:
        text = getattr(programme, attr)
        if attr in ("start_text", "end_text") and (attr[:-5], text) not in stated:
            text = ""
        out.append((label, text))
    return out


def checklist(framework_key: str) -> Checklist | None:
    framework = Framework.objects.filter(key=framework_key).first()
    if framework is None:
        return None
    principles = []
    for principle in framework.principles.prefetch_related("criteria"):
        entry = ChecklistPrinciple(principle)
        for criterion in principle.criteria.all():
            c = ChecklistCriterion(criterion)
            links = criterion.criterionprogramme_set.select_related("programme").order_by("order")
            for link in links.prefetch_related("programme__facts"):
                c.projects.append(
                    ChecklistProject(link.programme, checklist_fields(link.programme))
                )
            entry.criteria.append(c)
        principles.append(entry)
    return Checklist(framework, principles)


def frameworks() -> QuerySet[Framework]:
    return Framework.objects.all()


def action_plans() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.prefetch_related("actions__updates").select_related("programme")


# --- coverage ---------------------------------------------------------------------------------


@dataclass
class DistrictCoverage:
    district: District
    programmes: int  # programmes tied to this district or one of its mahalleler
    mahalleler: int
    mahalleler_reached: int
    villages_not_reached: int

    @property
    def mahalleler_not_reached(self) -> int:
        return self.mahalleler - self.mahalleler_reached


def coverage_by_target_group() -> list[tuple[TargetGroup, int]]:
    groups = TargetGroup.objects.annotate(n=Count("programmes", distinct=True))
    return [(g, g.n) for g in groups]


def coverage_by_district() -> tuple[list[DistrictCoverage], int]:
    """Per district: programmes tied to a place in it, and mahalleler no such programme reaches.

    A programme reaches a mahalle when it names the mahalle or its whole district. Programmes
    that serve the whole city are counted apart (their second value), since the sources do
    not say where they actually went.
    """
    reached_district_ids = set(
        District.objects.filter(programmes__isnull=False).values_list("id", flat=True)
    )
    reached_mahalle_ids = set(
        Mahalle.objects.filter(programmes__isnull=False).values_list("id", flat=True)
    )
    per_district: dict[int, set[int]] = {}
    for district_id, programme_id in Programme.objects.filter(districts__isnull=False).values_list(
        "districts", "id"
    ):
        per_district.setdefault(district_id, set()).add(programme_id)
    for district_id, programme_id in Programme.objects.filter(mahalleler__isnull=False).values_list(
        "mahalleler__district_id", "id"
    ):
        per_district.setdefault(district_id, set()).add(programme_id)
    rows = []
    mahalleler = Mahalle.objects.values_list("id", "district_id", "is_village")
    counts: dict[int, list[int]] = {}
    for mahalle_id, district_id, is_village in mahalleler:
        c = counts.setdefault(district_id, [0, 0, 0])
        c[0] += 1
        if district_id in reached_district_ids or mahalle_id in reached_mahalle_ids:
            c[1] += 1
        elif is_village:
            c[2] += 1
    for district in District.objects.all():
        total, reached, villages = counts.get(district.id, [0, 0, 0])
        rows.append(
            DistrictCoverage(
                district, len(per_district.get(district.id, set())), total, reached, villages
            )
        )
    citywide = Programme.objects.filter(citywide=True).count()
    return rows, citywide


def unreached_mahalleler(district: District) -> QuerySet[Mahalle]:
    """Mahalleler of ``district`` that no place-specific programme names (nor their district)."""
    if Programme.objects.filter(districts=district).exists():
        return Mahalle.objects.none()
    return district.mahalleler.filter(programmes__isnull=True).order_by("name_folded")


def registry_counts() -> dict[str, int]:
    return {
        "programmes": Programme.objects.count(),
        "facts": Fact.objects.count(),
        "kpi_values": KpiValue.objects.filter(origin=KpiOrigin.SEED).count(),
        "partners": Partner.objects.filter(programmes__isnull=False).distinct().count(),
    }


# --- indicators measured from the platform's records --------------------------------------------


@dataclass
class MeasuredCellRow:
    label: str
    is_total: bool
    month: KpiValue | None  # None: no record in this cell (nothing to count)
    year_to_date: KpiValue | None
    month_share: float | None = None
    year_share: float | None = None


@dataclass
class MeasuredIndicator:
    key: str
    name: str
    unit: str
    method: str
    rows: list[MeasuredCellRow]

    @property
    def is_total(self) -> bool:
        return len(self.rows) == 1 and self.rows[0].is_total


@dataclass
class MeasuredBlock:
    month_first: dt.date
    month_last: dt.date
    measured_at: dt.datetime | None
    indicators: list[MeasuredIndicator]
    periods: list[dt.date]  # last days of every month with measured values, latest first
    minimum: int

    @property
    def totals(self) -> list[MeasuredIndicator]:
        return [i for i in self.indicators if i.is_total]

    @property
    def breakdowns(self) -> list[MeasuredIndicator]:
        return [i for i in self.indicators if not i.is_total]


def measured_periods(programme: Programme) -> list[dt.date]:
    return [
        day
        for day in KpiValue.objects.filter(
            programme=programme, origin=KpiOrigin.RECORDS, period_kind=PeriodKind.MONTH
        )
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .distinct()
        if day is not None
    ]


def _shares(rows: list[MeasuredCellRow], attr: str) -> None:
    """Each cell's share of the whole, when every cell of the breakdown is shown."""
    values = [getattr(r, attr) for r in rows]
    if not values or any(v is None or v.withheld for v in values):
        return
    whole = sum(v.value for v in values)
    if not whole:
        return
    for row, v in zip(rows, values, strict=True):
        setattr(row, f"{'month' if attr == 'month' else 'year'}_share", float(v.value / whole))


def measured_block(programme: Programme, month: str = "") -> MeasuredBlock | None:
    """The measured indicators of a programme for one month (default: the latest measured)
    and the year to that month's end, in the catalogue's order."""
    from adilkent.cases import conf

    from .measured import BY_KEY, Period, cell_label

    periods = measured_periods(programme)
    if not periods:
        return None
    last = periods[0]
    if month:
        with contextlib.suppress(ValueError):
            last = Period.parse(month).last_day
        if last not in periods:
            last = periods[0]
    values = list(
        KpiValue.objects.filter(programme=programme, origin=KpiOrigin.RECORDS, period_end=last)
        .select_related("kpi")
        .order_by("kpi__key", "breakdown")
    )
    by_kpi: dict[str, dict[str, dict[str, KpiValue]]] = {}
    kpis: dict[str, Any] = {}
    for v in values:
        kpis[v.kpi.key] = v.kpi
        by_kpi.setdefault(v.kpi.key, {}).setdefault(v.breakdown, {})[v.period_kind] = v
    order = list(BY_KEY)
    indicators = []
    for key in sorted(by_kpi, key=lambda k: order.index(k) if k in order else len(order)):
        rows = []
        for breakdown, kinds in by_kpi[key].items():
            rows.append(
                MeasuredCellRow(
                    label=cell_label(breakdown),
                    is_total=not breakdown,
                    month=kinds.get(PeriodKind.MONTH),
                    year_to_date=kinds.get(PeriodKind.YEAR_TO_DATE),
                )
            )

        def rank(row: MeasuredCellRow) -> tuple[bool, float, str]:
            ytd = row.year_to_date
            shown = ytd is not None and not ytd.withheld and ytd.value is not None
            return (not shown, -float(ytd.value) if shown else 0.0, row.label)  # type: ignore[union-attr,arg-type]

        rows.sort(key=rank)
        indicator = BY_KEY.get(key)
        if indicator is not None and indicator.partition:
            _shares(rows, "month")
            _shares(rows, "year_to_date")
        kpi = kpis[key]
        indicators.append(MeasuredIndicator(key, kpi.name, kpi.unit, kpi.method, rows))
    measured = [v.measured_at for v in values if v.measured_at]
    return MeasuredBlock(
        month_first=last.replace(day=1),
        month_last=last,
        measured_at=max(measured) if measured else None,
        indicators=indicators,
        periods=periods,
        minimum=conf.min_cell_size(),
    )
