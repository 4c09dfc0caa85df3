"""The registry through the JSON API, mounted at /api/v1/programmes/ (the open data as JSON)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from . import exports, selectors

router = Router(tags=["programmes"])


class ProgrammeFilterSchema(Schema):
    target_group: str = ""
    district: str = ""
    partner: str = ""
    principle: str = ""
    status: str = ""
    year: str = ""
    q: str = ""


class SourceOut(Schema):
    field: str
    seed: str
    quote: str
    note: str


class KpiOut(Schema):
    indicator: str
    name: str
    unit: str
    value: float | None
    qualifier: str
    target: bool
    year: int | None
    period: str
    as_stated: str
    source: str


class ProgrammeSummaryOut(Schema):
    slug: str
    name: str
    summary: str
    kind: str
    status: str
    parent: str | None
    start: str
    end: str
    target_groups: list[str]
    url: str


class BudgetOut(Schema):
    as_stated: str
    amount: float
    currency: str
    qualifier: str
    year_from: int | None
    year_to: int | None
    note: str


class ProgrammeOut(ProgrammeSummaryOut):
    objective: str
    description: str
    budget_text: str
    duration_text: str
    start_text: str
    end_text: str
    completed: str
    responsible_unit: str
    source_language: str
    citywide: bool
    districts: list[str]
    mahalleler: list[str]
    places_note: str
    partners: list[dict[str, str]]
    budgets: list[BudgetOut]
    kpis: list[KpiOut]
    sources: list[SourceOut]


def _summary(p: Any) -> dict[str, Any]:
    return {
        "slug": p.slug,
        "name": p.name,
        "summary": p.summary,
        "kind": p.kind,
        "status": p.status,
        "parent": p.parent.slug if p.parent else None,
        "start": p.start_iso,
        "end": p.end_iso,
        "target_groups": [g.key for g in p.target_groups.all()],
        "url": p.get_absolute_url(),
    }


@router.get("/", response=list[ProgrammeSummaryOut], summary="Programmes, filtered")
def list_programmes(
    request: HttpRequest, filters: Query[ProgrammeFilterSchema]
) -> list[dict[str, Any]]:
    parsed, errors = selectors.ProgrammeFilters.from_params(filters.dict())
    if errors:
        raise HttpError(422, f"invalid filter: {', '.join(sorted(errors))}")
    return [_summary(p) for p in selectors.programmes(parsed)]


@router.get("/kpis", response=list[dict[str, Any]], summary="Every indicator value")
def list_kpis(request: HttpRequest) -> list[dict[str, Any]]:
    return [{k: exports._plain(v) for k, v in row.items()} for row in exports.kpi_rows()]


@router.get("/checklist", response=list[dict[str, Any]], summary="Checklist rows")
def list_checklist(request: HttpRequest) -> list[dict[str, Any]]:
    return exports.checklist_rows()


@router.get("/p/{slug}", response=ProgrammeOut, summary="One programme with its sources")
def get_programme(request: HttpRequest, slug: str) -> dict[str, Any]:
    p = selectors.programme_by_slug(slug)
    if p is None:
        raise HttpError(404, "no such programme")
    out = _summary(p)
    out.update(
        {
            field: getattr(p, field)
            for field in (
                "objective",
                "description",
                "budget_text",
                "duration_text",
                "start_text",
                "end_text",
                "completed",
                "responsible_unit",
                "source_language",
                "citywide",
                "places_note",
            )
        }
    )
    out["districts"] = [d.name for d in p.districts.all()]
    out["mahalleler"] = [f"{m.name} ({m.district.name})" for m in p.mahalleler.all()]
    out["partners"] = [
        {"key": pp.partner.key, "name": pp.partner.name, "kind": pp.partner.kind, "role": pp.role}
        for pp in p.programmepartner_set.all()
    ]
    out["budgets"] = [
        {
            "as_stated": b.original_text,
            "amount": float(b.amount),
            "currency": b.currency,
            "qualifier": b.qualifier,
            "year_from": b.year_from,
            "year_to": b.year_to,
            "note": b.note,
        }
        for b in p.budgets.all()
    ]
    out["kpis"] = [
        {
            "indicator": v.kpi.key,
            "name": v.kpi.name,
            "unit": v.kpi.unit,
            "value": None if v.value is None else float(v.value),
            "qualifier": v.qualifier,
            "target": v.is_target,
            "year": v.year,
            "period": v.period_text,
            "as_stated": v.original_text,
            "source": v.seed,
        }
        for v in p.kpi_values.all()
    ]
    out["sources"] = [
        {"field": f.field, "seed": f.seed, "quote": f.quote, "note": f.note} for f in p.facts.all()
    ]
    return out
