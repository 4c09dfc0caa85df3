"""Mahalle polygons, kept whole and matched to the TÜİK mahalle list."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from adilkent.core.bulk import upsert
from adilkent.importers import boundaries
from adilkent.importers.csvfiles import read_rows
from adilkent.importers.matching import match_names
from adilkent.importers.report import ImportReport, SourceFileError
from adilkent.text import fold, mahalle_key

from .. import sources
from ..models import (
    Boundary,
    District,
    Mahalle,
)
from ._common import (
    data_path,
    ensure_source,
    geo_field_names,
    geo_fields,
    record_run,
    unknown_place,
)


def read_aliases(path: Path) -> dict[tuple[str, str], str]:
    """Confirmed name pairs: a CSV with ``district, population_name, boundary_name``."""

    return {
        (fold(row["district"]), mahalle_key(row["population_name"])): mahalle_key(
            row["boundary_name"]
        )
        for _line, row in read_rows(path, ["district", "population_name", "boundary_name"])
    }


@transaction.atomic
def import_mahalle_boundaries(
    path: Path | None = None, aliases_path: Path | None = None
) -> ImportReport:
    """Mahalle polygons: every polygon kept as a :class:`Boundary`, matched to a :class:`Mahalle`.

    The match (Turkish-aware, within the district, one-to-one) copies the polygon, centroid and
    village flag onto the mahalle. The report lists each mahalle left without a polygon and
    each polygon left without a mahalle, with the closest candidates.
    """
    info = sources.MAHALLE_BOUNDARIES
    path = path or data_path(info.file_name)
    source = ensure_source(info)
    report = ImportReport("Mahalle boundaries", info.key)
    read = boundaries.read_boundaries(path)
    report.add_read(read)
    districts = {d.boundary_source_id: d for d in District.objects.exclude(boundary_source_id=None)}
    if not districts:
        raise SourceFileError("import the district boundaries first (no district has a townId)")
    features = []
    for f in read.records:
        if f.town_id not in districts:
            report.skipped.append(unknown_place(read.file, f.row, f"townId {f.town_id}"))
        else:
            features.append(f)
    counts, boundary_by_id = upsert(
        Boundary,
        "source_ref",
        (
            {
                "source_ref": f.source_id,
                "name": f.name,
                "district_id": districts[f.town_id].pk,
                "properties": f.properties,
                **geo_fields(f.summary),
            }
            for f in features
        ),
        scope={"source": source, "level": Boundary.Level.MAHALLE},
    )
    report.add_counts(counts.created, counts.updated, counts.unchanged, counts.stale)

    mahalleler = list(Mahalle.objects.select_related("district"))
    if not mahalleler:
        report.notes.append("No mahalle in the database yet: import the population first.")
    aliases = read_aliases(aliases_path) if aliases_path else None
    result = match_names(
        ((m.pk, m.source_name, m.district.name_folded) for m in mahalleler),
        ((f.source_id, f.name, districts[f.town_id].name_folded) for f in features),
        aliases=aliases,
    )
    feature_by_id = {f.source_id: f for f in features}
    mahalle_by_pk = {m.pk: m for m in mahalleler}
    matched_boundary_ids: set[int] = set()
    changed: list[Mahalle] = []
    for mahalle_pk, source_id, method in result.matched:
        m, f = mahalle_by_pk[mahalle_pk], feature_by_id[source_id]
        matched_boundary_ids.add(source_id)
        values = {
            **geo_fields(f.summary),
            "is_village": f.is_village,
            "semt": "" if f.is_village else f.sub_district,
            "boundary_name": f.name,
            "boundary_source_id": f.source_id,
            "boundary_match": method,
        }
        if any(getattr(m, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(m, k, v)
            changed.append(m)
    unmatched_pks = {u.item for u in result.unmatched_left}
    for m in mahalleler:  # a mahalle that lost its match on re-import loses the polygon
        if m.pk in unmatched_pks and m.boundary_source_id is not None:
            m.boundary_source_id, m.boundary_match, m.boundary_name, m.geometry = None, "", "", None
            changed.append(m)
    fields = [
        *geo_field_names(),
        "is_village",
        "semt",
        "boundary_name",
        "boundary_source_id",
        "boundary_match",
    ]
    Mahalle.objects.bulk_update(changed, fields, batch_size=500)
    links = []
    pk_by_source_id = {sid: mpk for mpk, sid, _ in result.matched}
    for source_id, boundary in boundary_by_id.items():
        target = pk_by_source_id.get(source_id)
        if boundary.mahalle_id != target:
            boundary.mahalle_id = target
            links.append(boundary)
    Boundary.objects.bulk_update(links, ["mahalle"], batch_size=500)

    report.sections["matching"] = {
        "population_mahalle": len(mahalleler),
        "polygons": len(features),
        "matched": len(result.matched),
        "matched_by_method": result.counts_by_method(),
        "unmatched_mahalle": [
            {
                "district": mahalle_by_pk[u.item].district.name,
                "name": mahalle_by_pk[u.item].source_name,
                "tuik_code": mahalle_by_pk[u.item].tuik_code,
                "candidates": [{"name": c.name, "score": c.score} for c in u.candidates],
            }
            for u in result.unmatched_left
        ],
        "unmatched_polygons": [
            {
                "district": districts[feature_by_id[u.item].town_id].name,
                "name": u.name,
                "source_id": u.item,
                "sub_district": feature_by_id[u.item].sub_district,
                "candidates": [{"name": c.name, "score": c.score} for c in u.candidates],
            }
            for u in result.unmatched_right
        ],
        "non_exact_matches": [
            {
                "district": mahalle_by_pk[mpk].district.name,
                "population_name": mahalle_by_pk[mpk].source_name,
                "boundary_name": feature_by_id[sid].name,
                "method": method,
            }
            for mpk, sid, method in result.matched
            if method != "exact"
        ],
    }
    record_run(source, report)
    return report
