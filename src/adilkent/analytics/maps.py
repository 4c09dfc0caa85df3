"""Static maps for the printable report: mahalle polygons coloured by a measure (matplotlib PNG).

Drawn on the server from the boundaries in the database, with no tiles and no text inside the
image (the legend and captions are HTML, so they are translated and read right to left where
needed). Places without a polygon are drawn as dots at their centre.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Polygon
from PIL import Image

from adilkent.places.models import District, Mahalle

NO_VALUE = "#bbbbbb"


@dataclass(frozen=True)
class Marker:
    lon: float
    lat: float
    kind: str  # "existing" or "proposed"


def _rings(geometry: dict[str, Any] | None) -> list[list[list[float]]]:
    """Exterior rings of a GeoJSON Polygon or MultiPolygon."""
    if not geometry:
        return []
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return [coords[0]] if coords else []
    if kind == "MultiPolygon":
        return [poly[0] for poly in coords if poly]
    return []


def _area(ring: Sequence[Sequence[float]]) -> float:
    return abs(
        sum(ring[i][0] * ring[i - 1][1] - ring[i - 1][0] * ring[i][1] for i in range(len(ring))) / 2
    )


def geometries() -> dict[int, list[list[list[float]]]]:
    """Exterior rings per mahalle id (every mahalle with a boundary)."""
    return {
        pk: _rings(geometry)
        for pk, geometry in Mahalle.objects.filter(geometry__isnull=False).values_list(
            "pk", "geometry"
        )
    }


def district_outlines() -> list[list[list[float]]]:
    rings: list[list[list[float]]] = []
    for geometry in District.objects.values_list("geometry", flat=True):
        rings += _rings(geometry)
    return rings


def choropleth_png(
    places: Sequence[dict[str, Any]],
    colour_of: Any,
    shapes: dict[int, list[list[list[float]]]],
    outlines: Sequence[Sequence[Sequence[float]]] = (),
    markers: Sequence[Marker] = (),
    width_px: int = 1100,
) -> bytes:
    """A PNG of every place's polygon filled with ``colour_of(place)``."""
    lons = [p["lon"] for p in places]
    lats = [p["lat"] for p in places]
    mid = math.radians((min(lats) + max(lats)) / 2)
    aspect = 1 / math.cos(mid)
    span_x = (max(lons) - min(lons)) or 0.01
    span_y = (max(lats) - min(lats)) or 0.01
    ratio = min(1.6, max(0.5, span_y * aspect / span_x))
    fig = Figure(figsize=(7, 7 * ratio), dpi=width_px / 7)
    ax = fig.add_axes((0, 0, 1, 1))
    patches, dots = [], []
    measured = {p["id"] for p in places}
    for pk, rings in shapes.items():
        if pk not in measured:
            patches += [(_area(r), Polygon(r, closed=True), NO_VALUE) for r in rings]
    for place in places:
        rings = shapes.get(place["id"]) or []
        colour = colour_of(place)
        if not rings:
            dots.append((place["lon"], place["lat"], colour))
        for ring in rings:
            patches.append((_area(ring), Polygon(ring, closed=True), colour))
    patches.sort(key=lambda item: -item[0])  # large first: enclosed mahalle stay visible
    ax.add_collection(
        PatchCollection(
            [p for _a, p, _c in patches],
            facecolors=[c for _a, _p, c in patches],
            edgecolors="#ffffff",
            linewidths=0.15,
        )
    )
    if outlines:
        ax.add_collection(
            PatchCollection(
                [Polygon(r, closed=True) for r in outlines],
                facecolors="none",
                edgecolors="#333333",
                linewidths=0.5,
            )
        )
    if dots:
        ax.scatter(
            [d[0] for d in dots],
            [d[1] for d in dots],
            c=[d[2] for d in dots],
            s=6,
            edgecolors="#333333",
            linewidths=0.2,
        )
    existing = [m for m in markers if m.kind == "existing"]
    proposed = [m for m in markers if m.kind == "proposed"]
    if existing:
        ax.scatter(
            [m.lon for m in existing],
            [m.lat for m in existing],
            marker="s",
            s=10,
            c="#111111",
            edgecolors="#ffffff",
            linewidths=0.4,
        )
    if proposed:
        ax.scatter(
            [m.lon for m in proposed],
            [m.lat for m in proposed],
            marker="*",
            s=150,
            c="#ffffff",
            edgecolors="#0b3d91",
            linewidths=1.4,
        )
    pad_x, pad_y = span_x * 0.02, span_y * 0.02
    ax.set_xlim(min(lons) - pad_x, max(lons) + pad_x)
    ax.set_ylim(min(lats) - pad_y, max(lats) + pad_y)
    ax.set_aspect(aspect)
    ax.set_axis_off()
    raw = io.BytesIO()
    fig.savefig(raw, format="png", facecolor="#f4f6f7")
    # A palette of 64 colours keeps the few fills and anti-aliased edges, at a fifth of the size.
    raw.seek(0)
    with Image.open(raw) as image:
        small = image.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
        out = io.BytesIO()
        small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def binned(bins: Sequence[tuple[float, str]], value_key: str) -> Any:
    """A colour function: the first bin whose upper limit is at or above the value."""

    def colour(place: dict[str, Any]) -> str:
        value = place.get(value_key)
        if value is None:
            return NO_VALUE
        for limit, colour_ in bins:
            if value <= limit:
                return colour_
        return bins[-1][1]

    return colour
