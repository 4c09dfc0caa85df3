"""Open data (CSV, JSON, XLSX) of programmes, indicator values and checklists, and the
staff import of programmes from a spreadsheet in the same columns (a round trip).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from adilkent.places.models import District
from adilkent.text import spreadsheet_safe

from .models import (
    Criterion,
    Kind,
    KpiOrigin,
    KpiValue,
    Partner,
    PartnerRole,
    PeriodKind,
    Programme,
    ProgrammePartner,
    Status,
    TargetGroup,
)
from .parsing import ParseError, parse_partial_date
from .selectors import checklist_fields

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
REPORT_TYPES = {
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "html": ("text/html; charset=utf-8", "html"),
}
PROGRAMME_COLUMNS = [
    "slug",
    "name_tr",
    "name_en",
    "summary_tr",
    "summary_en",
    "kind",
    "status",
    "parent",
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
    "target_groups",
    "districts",
    "partners",
    # Read-only columns (derived; ignored on import):
    "start",
    "end",
    "sources",
]
READ_ONLY = {"start", "end", "sources"}
TEXT_COLUMNS = [
    "name_tr",
    "name_en",
    "summary_tr",
    "summary_en",
    "objective",
    "description",
    "budget_text",
    "duration_text",
    "responsible_unit",
    "source_language",
    "completed",
]


def programme_rows() -> list[dict[str, Any]]:
    rows = []
    qs = Programme.objects.select_related("parent").prefetch_related(
        "target_groups", "districts", "programmepartner_set__partner", "facts"
    )
    for p in qs.order_by("slug"):
        row: dict[str, Any] = {"slug": p.slug}
        for column in TEXT_COLUMNS:
            row[column] = getattr(p, column) or ""
        row.update(
            {
                "kind": p.kind,
                "status": p.status,
                "parent": p.parent.slug if p.parent else "",
                "start_text": p.start_text,
                "end_text": p.end_text,
                "citywide": "yes" if p.citywide else "no",
                "target_groups": ", ".join(sorted(g.key for g in p.target_groups.all())),
                "districts": ", ".join(sorted(d.name for d in p.districts.all())),
                "partners": "; ".join(
                    sorted(f"{pp.partner.key}:{pp.role}" for pp in p.programmepartner_set.all())
                ),
                "start": p.start_iso,
                "end": p.end_iso,
                "sources": len({f.seed for f in p.facts.all()}),
            }
        )
        rows.append({column: row[column] for column in PROGRAMME_COLUMNS})
    return rows


KPI_COLUMNS = [
    "programme",
    "indicator",
    "indicator_name",
    "unit",
    "value",
    "qualifier",
    "target",
    "year",
    "period",
    "as_stated",
    "source",
    # Added with the values measured from the platform's records (empty for seed values):
    "origin",
    "period_kind",
    "period_start",
    "period_end",
    "breakdown",
    "withheld",
    "measured_at",
]


def measured_period(v: KpiValue) -> str:
    """The period of a measured value in ISO 8601: ``2025-03`` for a calendar month,
    ``2025-01-01/2025-03-31`` for the year to a month's end."""
    if v.period_start is None or v.period_end is None:
        return ""
    if v.period_kind == PeriodKind.MONTH:
        return v.period_start.strftime("%Y-%m")
    return f"{v.period_start.isoformat()}/{v.period_end.isoformat()}"


def kpi_row(v: KpiValue) -> dict[str, Any]:
    """One indicator value as open data. A withheld value carries no number."""
    records = v.origin == KpiOrigin.RECORDS
    withheld = records and (v.withheld or v.value is None)
    return {
        "programme": v.programme.slug,
        "indicator": v.kpi.key,
        "indicator_name": v.kpi.name,
        "unit": v.kpi.unit,
        "value": None if withheld else v.value,
        "qualifier": v.qualifier,
        "target": "yes" if v.is_target else "no",
        "year": v.year or (v.period_end.year if records and v.period_end else ""),
        "period": measured_period(v) if records else v.period_text,
        "as_stated": v.original_text,
        "source": v.seed,
        "origin": v.origin,
        "period_kind": v.period_kind if records else "",
        "period_start": v.period_start.isoformat() if records and v.period_start else "",
        "period_end": v.period_end.isoformat() if records and v.period_end else "",
        "breakdown": v.breakdown if records else "",
        "withheld": ("yes" if withheld else "no") if records else "",
        "measured_at": v.measured_at.isoformat() if records and v.measured_at else "",
    }


def kpi_rows() -> list[dict[str, Any]]:
    """Every indicator value: first those quoted from the seed documents (as before), then
    those measured from the platform's records, by programme, indicator, period and cell."""
    seed = (
        KpiValue.objects.filter(origin=KpiOrigin.SEED)
        .select_related("programme", "kpi")
        .order_by("programme__slug", "kpi__key", "pk")
    )
    measured = (
        KpiValue.objects.filter(origin=KpiOrigin.RECORDS)
        .select_related("programme", "kpi")
        .order_by("programme__slug", "kpi__key", "period_end", "period_kind", "breakdown")
    )
    return [kpi_row(v) for v in [*seed, *measured]]


def checklist_rows() -> list[dict[str, Any]]:
    rows = []
    for criterion in Criterion.objects.select_related("principle__framework").order_by(
        "principle__framework__key", "principle__order", "order"
    ):
        for link in criterion.criterionprogramme_set.select_related("programme").order_by("order"):
            p = link.programme
            row: dict[str, Any] = {
                "checklist": criterion.principle.framework.key,
                "principle_code": criterion.principle.code,
                "principle": criterion.principle.title,
                "criterion": criterion.title,
                "project": p.seed_names.get(criterion.principle.framework.seed, p.name),
                "programme": p.slug,
            }
            for label, text in checklist_fields(p):
                row[label] = text
            rows.append(row)
    return rows


DATASETS = {"programmes": programme_rows, "kpis": kpi_rows, "checklist": checklist_rows}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def export(dataset: str, fmt: str) -> tuple[bytes, str]:
    return table_bytes(dataset, DATASETS[dataset](), fmt)


def table_bytes(title: str, rows: list[dict[str, Any]], fmt: str) -> tuple[bytes, str]:
    """Rows (dicts with the same keys) as a JSON, CSV or XLSX file and its content type. In CSV
    and XLSX no cell is run as a formula (text starting with = + - @ gets an apostrophe)."""
    columns = list(rows[0]) if rows else []
    if fmt == "json":
        body = json.dumps(
            [{k: _plain(v) for k, v in r.items()} for r in rows], ensure_ascii=False, indent=1
        ).encode("utf-8")
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows({k: spreadsheet_safe(v) for k, v in r.items()} for r in rows)
        body = ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: spreadsheets read UTF-8
    elif fmt == "xlsx":
        body = _xlsx(title, columns, rows)
    else:
        raise LookupError(fmt)
    return body, FORMATS[fmt]


def _xlsx(title: str, columns: list[str], rows: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(columns)
    for row in rows:
        # openpyxl stores a text starting with "=" as a formula: escaped as in the CSV
        sheet.append([spreadsheet_safe(_plain(row[c])) for c in columns])
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- import -----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, why)
    fatal: str = ""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def import_programmes_xlsx(file: IO[bytes]) -> ImportResult:
    """Create or update programmes from an XLSX in the export's columns.

    Each row is checked on its own; a row that cannot be used is reported with its number and
    the reason, and the others are imported. Read-only columns are ignored.
    """
    from openpyxl import load_workbook

    result = ImportResult()
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several types for a file that is not XLSX
        result.fatal = f"The file is not a readable XLSX workbook ({type(error).__name__})."
        return result
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_cell(h) for h in next(rows, ())]
    missing = [c for c in PROGRAMME_COLUMNS if c not in READ_ONLY and c not in header]
    if missing:
        result.fatal = f"Columns missing from the first row: {', '.join(missing)}."
        return result
    for number, values in enumerate(rows, start=2):
        row = {header[i]: _cell(v) for i, v in enumerate(values) if i < len(header)}
        if not any(row.values()):
            continue
        try:
            with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
                created = _import_row(row)
        except (ValidationError, ParseError, ValueError) as error:
            message = (
                "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            )
            result.errors.append((number, message))
            continue
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result


def _keys(text: str, sep: str = ",") -> list[str]:
    return [part.strip() for part in text.split(sep) if part.strip()]


def _import_row(row: dict[str, str]) -> bool:
    slug = row["slug"]
    if not slug or slugify(slug) != slug:
        raise ValueError(f"slug {slug!r} must be lower-case letters, digits and hyphens")
    if not row["name_tr"]:
        raise ValueError("name_tr (the Turkish name) is required")
    if row["kind"] not in Kind.values:
        raise ValueError(f"kind {row['kind']!r} is not one of {', '.join(Kind.values)}")
    if row["status"] not in Status.values:
        raise ValueError(f"status {row['status']!r} is not one of {', '.join(Status.values)}")
    if row["citywide"] not in ("yes", "no", ""):
        raise ValueError("citywide must be yes or no")
    groups = _keys(row["target_groups"])
    known_groups = {g.key: g for g in TargetGroup.objects.filter(key__in=groups)}
    if unknown := [g for g in groups if g not in known_groups]:
        raise ValueError(f"unknown target groups: {', '.join(unknown)}")
    names = _keys(row["districts"])
    districts = {d.name: d for d in District.objects.filter(name__in=names)}
    if unknown := [n for n in names if n not in districts]:
        raise ValueError(f"unknown districts: {', '.join(unknown)}")
    partner_links = []
    for item in _keys(row["partners"], ";"):
        key, _sep, role = item.partition(":")
        partner = Partner.objects.filter(key=key.strip()).first()
        if partner is None:
            raise ValueError(f"unknown partner {key!r}")
        if role.strip() not in PartnerRole.values:
            raise ValueError(f"partner role {role!r} is not one of {', '.join(PartnerRole.values)}")
        partner_links.append((partner, role.strip()))
    parent = None
    if row["parent"]:
        parent = Programme.objects.filter(slug=row["parent"]).first()
        if parent is None:
            raise ValueError(f"unknown parent programme {row['parent']!r}")

    programme = Programme.objects.filter(slug=slug).first()
    created = programme is None
    if programme is None:
        programme = Programme(slug=slug)
    for column in TEXT_COLUMNS:
        setattr(programme, column, row[column])
    programme.kind = row["kind"]
    programme.status = row["status"]
    programme.parent = parent
    programme.citywide = row["citywide"] == "yes"
    for part in ("start", "end"):
        parsed = parse_partial_date(row[f"{part}_text"])
        setattr(programme, f"{part}_text", row[f"{part}_text"])
        setattr(programme, f"{part}_kind", parsed.kind)
        setattr(programme, f"{part}_year", parsed.year)
        setattr(programme, f"{part}_month", parsed.month)
        setattr(programme, f"{part}_day", parsed.day)
    programme.full_clean(exclude=["partners", "target_groups", "districts", "mahalleler"])
    programme.save()
    programme.target_groups.set(known_groups.values())
    programme.districts.set(districts.values())
    ProgrammePartner.objects.filter(programme=programme).delete()
    for partner, role in partner_links:
        ProgrammePartner.objects.create(programme=programme, partner=partner, role=role)
    return created
