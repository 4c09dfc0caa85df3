"""Tiny factories for page tests: plain functions that create real rows.

The polygons are small real-shaped rings near İzmir's Karşıyaka (lon/lat, WGS84); the
numbers are chosen by the test that uses them, never copied from the code's output.
"""

from __future__ import annotations

from typing import Any

from shapely.geometry import shape

from adilkent.places.models import (
    DataSource,
    District,
    Facility,
    FacilityType,
    Mahalle,
    Population,
    TransitLine,
    TransitStop,
)
from adilkent.text import slugify_tr


def ring(lon: float, lat: float, size: float = 0.01) -> dict[str, Any]:
    """A small irregular pentagon (closed ring) with its south-west corner at lon/lat."""
    s = size
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [lon, lat],
                [lon + s, lat + 0.1 * s],
                [lon + 1.1 * s, lat + 0.8 * s],
                [lon + 0.5 * s, lat + 1.2 * s],
                [lon - 0.1 * s, lat + 0.7 * s],
                [lon, lat],
            ]
        ],
    }


def _geo_columns(geometry: dict[str, Any] | None) -> dict[str, Any]:
    if geometry is None:
        return {}
    geom = shape(geometry)
    minx, miny, maxx, maxy = geom.bounds
    point = geom.representative_point()
    return {
        "geometry": geometry,
        "centroid_lon": point.x,
        "centroid_lat": point.y,
        "min_lon": minx,
        "min_lat": miny,
        "max_lon": maxx,
        "max_lat": maxy,
    }


def make_source(key: str = "test-source", title: str = "Test source") -> DataSource:
    return DataSource.objects.get_or_create(key=key, defaults={"title": title})[0]


def make_district(
    name: str, geometry: dict[str, Any] | None = None, area_km2: float | None = None
) -> District:
    return District.objects.create(
        name=name, slug=slugify_tr(name), area_km2=area_km2, **_geo_columns(geometry)
    )


def make_mahalle(
    district: District,
    name: str,
    *,
    is_village: bool = False,
    geometry: dict[str, Any] | None = None,
    semt: str = "",
    boundary_match: str = "",
    boundary_name: str = "",
) -> Mahalle:
    return Mahalle.objects.create(
        district=district,
        name=name,
        source_name=f"{name} Mah.",
        slug=slugify_tr(name),
        is_village=is_village,
        semt=semt,
        boundary_match=boundary_match,
        boundary_name=boundary_name,
        **_geo_columns(geometry),
    )


def add_population(mahalle: Mahalle, year: int, count: int, group: str = "total") -> Population:
    return Population.objects.create(
        mahalle=mahalle, year=year, group=group, count=count, source=make_source()
    )


def make_facility_type(code: str, name: str, colour: str = "#1f5f8b") -> FacilityType:
    return FacilityType.objects.get_or_create(
        code=code, defaults={"name": name, "map_colour": colour}
    )[0]


def make_facility(
    facility_type: FacilityType,
    name: str,
    lon: float,
    lat: float,
    *,
    district: District | None = None,
    mahalle: Mahalle | None = None,
) -> Facility:
    return Facility.objects.create(
        facility_type=facility_type,
        name=name,
        lon=lon,
        lat=lat,
        district=district,
        mahalle=mahalle,
        source=make_source(),
        source_ref=f"{facility_type.code}-{Facility.objects.count() + 1}",
    )


def make_stop(
    name: str, code: str, lon: float, lat: float, lines: list[str], mahalle: Mahalle
) -> TransitStop:
    return TransitStop.objects.create(
        mode="bus",
        code=code,
        name=name,
        lon=lon,
        lat=lat,
        line_codes=lines,
        district=mahalle.district,
        mahalle=mahalle,
        source=make_source(),
    )


def make_line(code: str, name: str) -> TransitLine:
    return TransitLine.objects.create(mode="bus", code=code, name=name, source=make_source())


def small_city() -> dict[str, Any]:
    """Two districts, three mahalle (one village, one without a polygon), facilities, a stop."""
    karsiyaka = make_district("Karşıyaka", ring(27.08, 38.45, 0.05), area_km2=51)
    konak = make_district("Konak", ring(27.12, 38.40, 0.04), area_km2=24)
    bahariye = make_mahalle(
        karsiyaka,
        "Bahariye",
        geometry=ring(27.09, 38.46, 0.01),
        semt="Alaybey",
        boundary_match="exact",
        boundary_name="Bahariye Mh.",
    )
    yamanlar = make_mahalle(karsiyaka, "Yamanlar", is_village=True, geometry=ring(27.11, 38.47))
    alsancak = make_mahalle(konak, "Alsancak")  # no boundary polygon matched
    add_population(bahariye, 2024, 11000)
    add_population(bahariye, 2025, 11814)
    add_population(bahariye, 2025, 6100, "female")
    add_population(bahariye, 2025, 5714, "male")
    add_population(yamanlar, 2025, 2500)
    add_population(alsancak, 2025, 20000)
    hospital = make_facility_type("hospital", "Hastane", "#b03a2e")
    park = make_facility_type("park", "Park", "#1e6b3a")
    make_facility(
        hospital, "Karşıyaka Devlet Hastanesi", 27.095, 38.465, district=karsiyaka, mahalle=bahariye
    )
    make_facility(park, "Zübeyde Hanım Parkı", 27.096, 38.466, district=karsiyaka, mahalle=bahariye)
    make_facility(park, "Yamanlar Parkı", 27.115, 38.475, district=karsiyaka, mahalle=yamanlar)
    make_line("361", "Bahariye - Konak")
    make_stop("Remzi Bey", "20231", 27.094, 38.464, ["361", "999"], bahariye)
    return {
        "karsiyaka": karsiyaka,
        "konak": konak,
        "bahariye": bahariye,
        "yamanlar": yamanlar,
        "alsancak": alsancak,
    }


def log_in_verified(client, user) -> None:  # type: ignore[no-untyped-def]
    """Log ``user`` in on ``client`` past two-factor verification, as the admin, the requests
    inbox and the cases area require (the session is marked exactly as ``django_otp.login``
    marks it; the code entry itself is tested in cases/tests/test_security.py)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
