"""Public pages of places (explorer, district, mahalle) and the GeoJSON their maps read.

Views are thin: every query is in :mod:`.selectors`, :mod:`.geojson` and :mod:`.finder`.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import finder, geojson, selectors
from .models import District, Mahalle


def _district_or_404(slug: str) -> District:
    district = selectors.district_by_slug(slug)
    if district is None:
        raise Http404("No such district.")
    return district


def _mahalle_or_404(district_slug: str, mahalle_slug: str) -> Mahalle:
    mahalle = selectors.mahalle_by_slugs(district_slug, mahalle_slug)
    if mahalle is None:
        raise Http404("No such mahalle.")
    return mahalle


@require_safe
def explorer(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    rows = selectors.district_rows()
    return render(
        request,
        "places/explorer.html",
        {
            "query": query,
            "results": selectors.search_places(query) if query else None,
            "rows": rows,
            "summary": selectors.city_summary(),
            "has_map": any(r.district.min_lon is not None for r in rows),
        },
    )


@require_safe
def district_detail(request: HttpRequest, district: str) -> HttpResponse:
    place = _district_or_404(district)
    sort = request.GET.get("sort", "name")
    if sort not in selectors.MAHALLE_SORTS:
        sort = "name"
    mahalleler = list(selectors.district_mahalleler(place, sort=sort))
    return render(
        request,
        "places/district.html",
        {
            "district": place,
            "mahalleler": mahalleler,
            "sort": sort,
            "population": selectors.district_population(place),
            "population_year": selectors.latest_population_year(),
            "facility_types": selectors.facility_type_counts(district=place),
            "villages": sum(1 for m in mahalleler if m.is_village),
            "unmatched": sum(1 for m in mahalleler if m.min_lon is None),
        },
    )


@require_safe
def mahalle_detail(request: HttpRequest, district: str, mahalle: str) -> HttpResponse:
    place = _mahalle_or_404(district, mahalle)
    groups, years = selectors.mahalle_population(place)
    return render(
        request,
        "places/mahalle.html",
        {
            "mahalle": place,
            "district": place.district,
            "population_groups": groups,
            "population_years": years,
            "has_boundary": place.min_lon is not None or selectors.mahalle_has_boundary(place),
            "facility_groups": selectors.mahalle_facilities(place),
            "stops": selectors.mahalle_stops(place),
        },
    )


def _geojson(text: str) -> HttpResponse:
    response = HttpResponse(text, content_type=geojson.GEOJSON_CONTENT_TYPE)
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def geo_districts(request: HttpRequest) -> HttpResponse:
    return _geojson(geojson.districts_collection())


@require_safe
def geo_mahalleler(request: HttpRequest, district: str) -> HttpResponse:
    return _geojson(geojson.mahalleler_collection(_district_or_404(district)))


@require_safe
def geo_district_facilities(request: HttpRequest, district: str) -> HttpResponse:
    place = _district_or_404(district)
    type_code = request.GET.get("type", "")[:60] or None
    return _geojson(geojson.district_facilities_collection(place, type_code))


@require_safe
def geo_mahalle(request: HttpRequest, district: str, mahalle: str) -> HttpResponse:
    return _geojson(geojson.mahalle_collection(_mahalle_or_404(district, mahalle)))


@require_safe
def geo_mahalle_facilities(request: HttpRequest, district: str, mahalle: str) -> HttpResponse:
    place = _mahalle_or_404(district, mahalle)
    type_code = request.GET.get("type", "")[:60] or None
    return _geojson(geojson.mahalle_facilities_collection(place, type_code))


def _bbox_or_400(request: HttpRequest) -> tuple[float, float, float, float] | HttpResponse:
    bbox = geojson.parse_bbox(request.GET.get("bbox", "")[:200])
    if bbox is None:
        return HttpResponseBadRequest("bbox=min_lon,min_lat,max_lon,max_lat")
    return bbox


@require_safe
def geo_transit(request: HttpRequest) -> HttpResponse:
    return _geojson(geojson.transit_landmarks_collection())


@require_safe
def geo_bus_stops(request: HttpRequest) -> HttpResponse:
    bbox = _bbox_or_400(request)
    if isinstance(bbox, HttpResponse):
        return bbox
    return _geojson(_compact(geojson.bus_stops_collection(bbox)))


@require_safe
def geo_mahalle_labels(request: HttpRequest) -> HttpResponse:
    bbox = _bbox_or_400(request)
    if isinstance(bbox, HttpResponse):
        return bbox
    return _geojson(_compact(geojson.mahalle_labels_collection(bbox)))


def _compact(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@require_safe
def find(request: HttpRequest) -> JsonResponse:
    matches = finder.place_find(query=request.GET.get("q", ""))
    response = JsonResponse(
        {"results": [m.as_dict() for m in matches]}, json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
