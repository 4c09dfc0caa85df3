"""Small builders for intake tests (places here are test fixtures, not real data)."""

from __future__ import annotations

from adilkent.places.models import District, Mahalle

# A square around a point in Konak, İzmir (38.42 N, 27.13 E), only as a test boundary.
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[27.12, 38.41], [27.14, 38.41], [27.14, 38.43], [27.12, 38.43], [27.12, 38.41]]
    ],
}


def make_mahalle(name: str = "Test", district_name: str = "Testilçe") -> Mahalle:
    district, _ = District.objects.get_or_create(name=district_name, defaults={"slug": "testilce"})
    return Mahalle.objects.create(
        district=district,
        name=name,
        source_name=name,
        slug=name.lower(),
        geometry=SQUARE,
        min_lon=27.12,
        max_lon=27.14,
        min_lat=38.41,
        max_lat=38.43,
    )
