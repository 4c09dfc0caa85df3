"""Geometry helpers: repair keeps polygons polygons; the centroid lies inside the place."""

from shapely.geometry import Point, shape

from adilkent.geo import PolygonIndex, summarise

# A bow-tie: invalid (self-intersecting at its centre).
BOW_TIE = {"type": "Polygon", "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}
# A polygon with a spike: make_valid returns polygons plus a stray line.
SPIKE = {
    "type": "Polygon",
    "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 2], [-3, 2], [0, 2], [0, 0]]],
}
# A C shape whose true centroid lies outside it.
C_SHAPE = {
    "type": "Polygon",
    "coordinates": [[[0, 0], [3, 0], [3, 1], [1, 1], [1, 2], [3, 2], [3, 3], [0, 3], [0, 0]]],
}


def test_repaired_polygons_stay_polygonal():
    for geojson in (BOW_TIE, SPIKE):
        summary = summarise(geojson)
        assert summary.repaired
        assert summary.geojson["type"] in {"Polygon", "MultiPolygon"}
        assert shape(summary.geojson).is_valid
    assert abs(shape(summarise(SPIKE).geojson).area - 16) < 1e-9


def test_centroid_is_inside_even_for_a_c_shape():
    summary = summarise(C_SHAPE)
    assert not shape(C_SHAPE).contains(shape(C_SHAPE).centroid)
    assert shape(C_SHAPE).contains(Point(summary.centroid_lon, summary.centroid_lat))
    assert summary.bbox == (0, 0, 3, 3)


def test_polygon_index_picks_the_smallest_containing_polygon():
    big = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}
    small = {"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]]}
    index = PolygonIndex([("big", big), ("small", small)])
    assert index.locate(1.5, 1.5) == "small"
    assert index.locate(5, 5) == "big"
    assert index.locate(11, 5) is None
