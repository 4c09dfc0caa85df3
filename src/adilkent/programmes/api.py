"""The registry through the JSON API, mounted at /api/v1/programmes/ (the open data as JSON)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from . import exports, selectors
from .models import KpiOrigin, KpiValue

router = Router(tags=["programmes"])


class ProgrammeFilterSchema(Schema):
    target_group: str = ""
    district: str = ""
    partner: str = ""
    principle: str = ""
    status: str = ""
    year: str = ""
    q: str = ""


class ErrorOut(Schema):
    detail: str


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
    origin: str = Field(
        "seed",
        description="seed: quoted from a source document; records: measured from the "
        "platform's records.",
    )
    period_kind: str = Field("", description="month or ytd (year to date); measured values only.")
    period_start: str = Field("", description="First day (ISO 8601); measured values only.")
    period_end: str = Field("", description="Last day (ISO 8601); measured values only.")
    breakdown: str = Field(
        "", description="Empty for a total, otherwise the cell (e.g. language:ar)."
    )
    withheld: bool = Field(
        False, description="Below the minimum cell size: withheld, value is null."
    )
    measured_at: str = ""


class KpiRowOut(Schema):
    programme: str
    indicator: str
    indicator_name: str
    unit: str
    value: int | float | None
    qualifier: str
    target: str
    year: int | str
    period: str
    as_stated: str
    source: str
    origin: str
    period_kind: str
    period_start: str
    period_end: str
    breakdown: str
    withheld: str
    measured_at: str


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


def _kpi(v: KpiValue) -> dict[str, Any]:
    row = exports.kpi_row(v)
    return {
        "indicator": row["indicator"],
        "name": row["indicator_name"],
        "unit": row["unit"],
        "value": None if row["value"] is None else float(row["value"]),
        "qualifier": row["qualifier"],
        "target": v.is_target,
        "year": v.year or (v.period_end.year if v.period_end else None),
        "period": row["period"],
        "as_stated": row["as_stated"],
        "source": row["source"],
        "origin": row["origin"],
        "period_kind": row["period_kind"],
        "period_start": row["period_start"],
        "period_end": row["period_end"],
        "breakdown": row["breakdown"],
        "withheld": row["withheld"] == "yes",
        "measured_at": row["measured_at"],
    }


@router.get(
    "/",
    response={200: list[ProgrammeSummaryOut], 422: ErrorOut},
    summary="Programmes, filtered",
)
def list_programmes(
    request: HttpRequest, filters: Query[ProgrammeFilterSchema]
) -> list[dict[str, Any]]:
    parsed, errors = selectors.ProgrammeFilters.from_params(filters.dict())
    if errors:
        raise HttpError(422, f"invalid filter: {', '.join(sorted(errors))}")
    return [_summary(p) for p in selectors.programmes(parsed)]


@router.get(
    "/kpis",
    response=list[KpiRowOut],
    summary="Every indicator value",
    description="Values quoted from the seed documents (origin seed) and values measured from "
    "the platform's records (origin records, with their period and breakdown cell). A measured "
    "value below the minimum cell size has withheld yes and value null.",
)
def list_kpis(request: HttpRequest) -> list[dict[str, Any]]:
    return [{k: exports._plain(v) for k, v in row.items()} for row in exports.kpi_rows()]


@router.get("/checklist", response=list[dict[str, Any]], summary="Checklist rows")
def list_checklist(request: HttpRequest) -> list[dict[str, Any]]:
    return exports.checklist_rows()


@router.get(
    "/p/{slug}",
    response={200: ProgrammeOut, 404: ErrorOut},
    summary="One programme with its sources",
)
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
    measured = (
        KpiValue.objects.filter(programme=p, origin=KpiOrigin.RECORDS)
        .select_related("kpi")
        .order_by("kpi__key", "period_end", "period_kind", "breakdown")
    )
    out["kpis"] = [_kpi(v) for v in [*p.kpi_values.all(), *measured]]
    out["sources"] = [
        {"field": f.field, "seed": f.seed, "quote": f.quote, "note": f.note} for f in p.facts.all()
    ]
    return out
