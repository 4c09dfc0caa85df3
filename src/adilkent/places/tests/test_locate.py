"""Which mahalle a pin falls in: the boxes and boundaries each process keeps."""

from __future__ import annotations

from typing import Any

import pytest

from adilkent.geo import summarise
from adilkent.places.locate import SHAPES, MahalleShapes, PinPlace, place_at
from adilkent.places.models import District, Mahalle
from adilkent.places.services._common import geo_fields

pytestmark = pytest.mark.django_db


def _square(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def _geo(geometry: dict[str, Any]) -> dict[str, Any]:
    """The geometry columns as the importers fill them."""
    return geo_fields(summarise(geometry))


def _mahalle(name: str, district: District, geometry: dict[str, Any] | None) -> Mahalle:
    columns = _geo(geometry) if geometry else {}
    return Mahalle.objects.create(
        district=district, name=name, source_name=name, slug=name.lower(), **columns
    )


# An L-shaped mahalle whose bounding box covers its square neighbour's: the box alone would
# put every pin of the neighbour in both.
L_SHAPE = {
    "type": "Polygon",
    "coordinates": [
        [
            [27.0, 38.0],
            [27.2, 38.0],
            [27.2, 38.1],
            [27.1, 38.1],
            [27.1, 38.2],
            [27.0, 38.2],
            [27.0, 38.0],
        ]
    ],
}


@pytest.fixture
def places() -> dict[str, Mahalle]:
    konak = District.objects.create(name="Konak", slug="konak")
    buca = District.objects.create(name="Buca", slug="buca")
    return {
        "l": _mahalle("Ell", konak, L_SHAPE),
        "square": _mahalle("Kare", buca, _square(27.1, 38.1, 27.2, 38.2)),
        "east": _mahalle("Doğu", buca, _square(27.2, 38.1, 27.3, 38.2)),
        "none": _mahalle("Sınırsız", buca, None),
    }


def test_a_pin_is_placed_by_the_boundary_not_the_box(places: dict[str, Mahalle]) -> None:
    square, ell, east = places["square"], places["l"], places["east"]
    assert place_at(38.15, 27.15) == PinPlace(square.pk, square.district_id)
    assert place_at(38.05, 27.15) == PinPlace(ell.pk, ell.district_id)
    assert place_at(38.15, 27.05) == PinPlace(ell.pk, ell.district_id)
    assert place_at(38.15, 27.25) == PinPlace(east.pk, east.district_id)
    assert place_at(38.5, 27.15) is None  # in no box
    assert place_at(38.25, 27.05) is None  # north of the L, in no box either


def test_on_a_shared_edge_the_lowest_id_is_chosen(places: dict[str, Mahalle]) -> None:
    square, east = places["square"], places["east"]
    assert square.pk < east.pk
    assert place_at(38.15, 27.2) == PinPlace(square.pk, square.district_id)


def test_boundaries_are_parsed_once_per_process(places: dict[str, Mahalle]) -> None:
    place_at(38.15, 27.15)  # the L (its box) and the square
    parsed = SHAPES.parsed
    for _ in range(5):
        place_at(38.15, 27.15)
        place_at(38.12, 27.18)
    assert SHAPES.parsed == parsed


def test_a_boundary_saved_here_is_used_at_once(places: dict[str, Mahalle]) -> None:
    square = places["square"]
    assert place_at(38.15, 27.15) == PinPlace(square.pk, square.district_id)
    for key, value in _geo(_square(27.1, 38.1, 27.2, 38.12)).items():
        setattr(square, key, value)
    square.save()
    assert place_at(38.15, 27.15) is None
    assert place_at(38.11, 27.15) == PinPlace(square.pk, square.district_id)


def test_a_boundary_changed_by_another_process_is_seen_when_the_boxes_are_read_again(
    places: dict[str, Mahalle],
) -> None:
    """No signal reaches this process (an import in another one, ``update`` here): the boxes
    are read again after ``boxes_seconds``, and the changed signature has the boundary
    parsed again."""
    shapes = MahalleShapes(boxes_seconds=0)
    square = places["square"]
    assert shapes.place_at(38.15, 27.15) == PinPlace(square.pk, square.district_id)
    Mahalle.objects.filter(pk=square.pk).update(**_geo(_square(27.1, 38.1, 27.2, 38.12)))
    assert shapes.place_at(38.15, 27.15) is None
    assert shapes.place_at(38.11, 27.15) == PinPlace(square.pk, square.district_id)
    Mahalle.objects.filter(pk=square.pk).delete()
    assert shapes.place_at(38.11, 27.15) is None
