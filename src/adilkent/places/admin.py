"""Staff screens for places, population, facilities, transit and imports.

Geometry columns hold GeoJSON that can be megabytes long: the admin never renders it in a
form field, only a one-line summary (type, number of points, bounding box).
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from adilkent.text import fold

from .models import (
    Boundary,
    DataSource,
    District,
    Facility,
    FacilityType,
    ImportRun,
    Mahalle,
    Population,
    TransitLine,
    TransitStop,
)

admin.site.site_header = "adilkent"
admin.site.site_title = "adilkent"
admin.site.index_title = _("Administration")

GEO_FIELDS = ("centroid_lon", "centroid_lat", "bbox_summary")


def _count_positions(coordinates: Any) -> int:
    if not isinstance(coordinates, list) or not coordinates:
        return 0
    if isinstance(coordinates[0], int | float):
        return 1
    return sum(_count_positions(c) for c in coordinates)


def geometry_summary(geometry: dict[str, Any] | None) -> str:
    """``"MultiPolygon, 3 part(s), 1204 points"`` — never the coordinates themselves."""
    if not geometry:
        return str(_("none"))
    kind = str(geometry.get("type", "?"))
    if kind == "GeometryCollection":
        members = geometry.get("geometries") or []
        parts = len(members)
        points = sum(_count_positions(g.get("coordinates")) for g in members)
        kind = f"{kind} ({', '.join(str(g.get('type')) for g in members)})"
    else:
        coordinates = geometry.get("coordinates")
        multi = kind.startswith("Multi") and isinstance(coordinates, list)
        parts = len(coordinates) if multi else 1  # type: ignore[arg-type]
        points = _count_positions(coordinates)
    return str(_("%(type)s, %(parts)d part(s), %(points)d points")) % {
        "type": kind,
        "parts": parts,
        "points": points,
    }


# Columns for foreign keys, headed by the translated model names (the model fields have none).
@admin.display(description=_("district"), ordering="district__name_folded")
def district_column(obj: Any) -> str:
    return str(obj.district) if obj.district_id else "—"


@admin.display(description=_("mahalle"), ordering="mahalle__name_folded")
def mahalle_column(obj: Any) -> str:
    return obj.mahalle.name if obj.mahalle_id else "—"


@admin.display(description=_("data source"), ordering="source__key")
def source_column(obj: Any) -> str:
    return str(obj.source)


@admin.display(description=_("facility type"), ordering="facility_type__code")
def facility_type_column(obj: Any) -> str:
    return str(obj.facility_type)


class DistrictFilter(admin.RelatedFieldListFilter):
    """The district filter, titled with the translated model name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = District._meta.verbose_name


class FoldedSearchMixin:
    """Searches the ``*_folded`` columns with the folded term, so "KARŞIYAKA" finds Karşıyaka."""

    folded_search_fields: tuple[str, ...] = ()

    def get_search_results(self, request: Any, queryset: Any, search_term: str) -> Any:
        results, may_have_duplicates = super().get_search_results(  # type: ignore[misc]
            request, queryset, search_term
        )
        key = fold(search_term)
        if key and self.folded_search_fields:
            match = Q()
            for name in self.folded_search_fields:
                match |= Q(**{f"{name}__contains": key})
            results = results | queryset.filter(match)
        return results, may_have_duplicates


class GeometryAdminMixin:
    """Shows a summary of ``geometry`` read-only and keeps the JSON out of forms and lists."""

    geometry_fields = ("geometry_summary", *GEO_FIELDS)

    @admin.display(description=_("geometry (GeoJSON)"))
    def geometry_summary(self, obj: Any) -> str:
        return geometry_summary(obj.geometry) if obj and obj.pk else "—"

    @admin.display(description=_("bounding box"))
    def bbox_summary(self, obj: Any) -> str:
        box = obj.bbox if obj and obj.pk else None
        return "—" if box is None else "{:.5f}, {:.5f} — {:.5f}, {:.5f}".format(*box)

    def get_exclude(self, request: Any, obj: Any = None) -> tuple[str, ...]:
        hidden = ("geometry", "min_lon", "min_lat", "max_lon", "max_lat")
        return (*(super().get_exclude(request, obj) or ()), *hidden)  # type: ignore[misc]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> tuple[str, ...]:
        base = tuple(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        return (*base, *self.geometry_fields)

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).defer("geometry")  # type: ignore[misc]


@admin.register(DataSource)
class DataSourceAdmin(TranslationAdmin):
    list_display = ("key", "title", "publisher", "licence")
    search_fields = ("key", "title", "publisher", "file_name")


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = (
        source_column,
        "started_at",
        "finished_at",
        "rows_read",
        "created",
        "updated",
        "skipped",
    )
    list_filter = ("source",)
    date_hierarchy = "started_at"
    fields = (
        "source_name",
        "started_at",
        "finished_at",
        "rows_read",
        "created",
        "updated",
        "skipped",
        "report_pretty",
    )
    readonly_fields = fields

    @admin.display(description=_("data source"))
    def source_name(self, obj: ImportRun) -> str:
        return str(obj.source)

    @admin.display(description=_("report"))
    def report_pretty(self, obj: ImportRun) -> str:
        text = json.dumps(obj.report, ensure_ascii=False, indent=2, sort_keys=True)
        return format_html('<pre class="report" dir="ltr">{}</pre>', text)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(District)
class DistrictAdmin(FoldedSearchMixin, GeometryAdminMixin, admin.ModelAdmin):
    folded_search_fields = ("name_folded",)
    list_display = ("name", "slug", "tuik_code", "area_km2", "growth_per_mille")
    search_fields = ("name_folded", "name", "tuik_code")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Mahalle)
class MahalleAdmin(FoldedSearchMixin, GeometryAdminMixin, admin.ModelAdmin):
    folded_search_fields = ("name_folded", "district__name_folded")
    list_display = ("name", district_column, "is_village", "semt", "tuik_code", "boundary_match")
    list_filter = (("district", DistrictFilter), "is_village", "boundary_match")
    search_fields = ("name_folded", "name", "source_name", "boundary_name", "tuik_code")
    list_select_related = ("district",)
    autocomplete_fields = ("district",)

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).defer("district__geometry")


@admin.register(Boundary)
class BoundaryAdmin(GeometryAdminMixin, admin.ModelAdmin):
    list_display = ("name", "level", "source_ref", district_column, mahalle_column, source_column)
    list_filter = ("level", ("district", DistrictFilter), "source")
    search_fields = ("name", "source_ref")
    list_select_related = ("district", "mahalle", "source")
    raw_id_fields = ("mahalle",)
    autocomplete_fields = ("district",)

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).defer("district__geometry", "mahalle__geometry")


@admin.register(Population)
class PopulationAdmin(FoldedSearchMixin, admin.ModelAdmin):
    folded_search_fields = ("mahalle__name_folded", "district__name_folded")
    list_display = ("__str__", "year", "group", "count", source_column)
    list_filter = ("year", "group", ("mahalle__district", DistrictFilter), "source")
    search_fields = ("mahalle__name_folded", "district__name_folded")
    list_select_related = ("mahalle__district", "district", "source")
    raw_id_fields = ("mahalle",)
    autocomplete_fields = ("district",)

    def get_queryset(self, request: Any) -> Any:
        return (
            super()
            .get_queryset(request)
            .defer("mahalle__geometry", "mahalle__district__geometry", "district__geometry")
        )


@admin.register(FacilityType)
class FacilityTypeAdmin(TranslationAdmin):
    list_display = ("code", "name", "colour_swatch")
    search_fields = ("code", "name")

    @admin.display(description=_("map colour"))
    def colour_swatch(self, obj: FacilityType) -> str:
        return format_html(
            '<span style="display:inline-block;inline-size:1em;block-size:1em;'
            'background:{};border:1px solid #333;vertical-align:middle"></span> {}',
            obj.map_colour,
            obj.map_colour,
        )


@admin.register(Facility)
class FacilityAdmin(FoldedSearchMixin, admin.ModelAdmin):
    folded_search_fields = ("name_folded",)
    list_display = (
        "__str__",
        facility_type_column,
        district_column,
        mahalle_column,
        "capacity",
        source_column,
    )
    list_filter = ("facility_type", ("district", DistrictFilter), "source")
    search_fields = ("name_folded", "name", "address", "source_ref")
    list_select_related = ("facility_type", "district", "mahalle", "source")
    raw_id_fields = ("mahalle",)
    autocomplete_fields = ("district",)

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).defer("district__geometry", "mahalle__geometry")


@admin.register(TransitLine)
class TransitLineAdmin(GeometryAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "mode", "origin", "destination")
    list_filter = ("mode", "source")
    search_fields = ("code", "name", "origin", "destination")


@admin.register(TransitStop)
class TransitStopAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "mode", district_column, mahalle_column)
    list_filter = ("mode", ("district", DistrictFilter))
    search_fields = ("name", "code")
    list_select_related = ("district", "mahalle")
    raw_id_fields = ("mahalle",)
    autocomplete_fields = ("district",)

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).defer("district__geometry", "mahalle__geometry")
