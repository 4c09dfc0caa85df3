"""Mahalle population from TÜİK (tidy CSV or TÜİK's own export)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from adilkent.core.bulk import upsert
from adilkent.importers import population
from adilkent.importers.report import ImportReport, SourceFileError
from adilkent.text import fold, slugify_tr

from .. import sources
from ..models import (
    Mahalle,
    Population,
    PopulationGroup,
)
from ._common import (
    data_path,
    district_by_fold,
    ensure_source,
    get_or_create_district,
    record_run,
)


@transaction.atomic
def import_mahalle_population(path: Path | None = None, fmt: str = "auto") -> ImportReport:
    """TÜİK mahalle population → :class:`Mahalle` (one per TÜİK code) and :class:`Population`.

    ``fmt`` is ``"tidy"`` (the CSV with ``ilce, mahalle, tuik_kod, nufus_<year>``), ``"tuik"``
    (TÜİK's pipe-delimited export) or ``"auto"`` (decided from the first line). Both formats
    carry the same data set, so importing one after the other changes nothing.
    """
    info = sources.POPULATION_2025
    path = path or data_path(info.file_name)
    if fmt == "auto":
        if not path.is_file():
            raise SourceFileError(f"{path}: file not found")
        with path.open(encoding="utf-8-sig") as handle:
            first = handle.readline()
        fmt = "tidy" if first.lower().startswith("ilce") else "tuik"
    read = (
        population.read_tidy_csv(path)
        if fmt == "tidy"
        else population.read_tuik_raw(path)
        if fmt == "tuik"
        else None
    )
    if read is None:
        raise ValueError(f"unknown population format {fmt!r}; use tidy, tuik or auto")
    source = ensure_source(info)
    report = ImportReport(f"Mahalle population ({fmt} format)", info.key)
    report.add_read(read)
    cache = district_by_fold()
    slugs_taken: dict[tuple[int, str], str] = {
        (m.district_id, m.slug): m.tuik_code or "" for m in Mahalle.objects.all()
    }
    mahalle_rows: list[dict[str, Any]] = []
    for record in read.records:
        district = get_or_create_district(record.district, cache)
        slug = slugify_tr(record.display_name)
        owner = slugs_taken.get((district.pk, slug))
        if owner is not None and owner != record.tuik_code:
            slug = f"{slug}-{record.tuik_code}"
        slugs_taken[(district.pk, slug)] = record.tuik_code
        mahalle_rows.append(
            {
                "tuik_code": record.tuik_code,
                "district_id": district.pk,
                "name": record.display_name,
                "source_name": record.name,
                "slug": slug,
            }
        )
    counts, by_code = upsert(Mahalle, "tuik_code", mahalle_rows)
    report.sections["mahalle"] = {
        "created": counts.created,
        "updated": counts.updated,
        "unchanged": counts.unchanged,
    }
    pop_counts, _ = upsert(
        Population,
        ("mahalle_id", "year", "group"),
        (
            {
                "mahalle_id": by_code[r.tuik_code].pk,
                "year": r.year,
                "group": PopulationGroup.TOTAL,
                "count": r.count,
            }
            for r in read.records
        ),
        scope={"source": source, "district__isnull": True},
    )
    report.add_counts(
        pop_counts.created, pop_counts.updated, pop_counts.unchanged, pop_counts.stale
    )
    total = sum(r.count for r in read.records)
    report.sections["totals"] = {
        "mahalle": len(read.records),
        "population": total,
        "districts": len({fold(r.district) for r in read.records}),
    }
    record_run(source, report)
    return report
