"""Server-side SVG: the Lorenz curve and a dot map of minutes per mahalle (no JavaScript)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from adilkent.core.l10n import format_number, format_percentage

# Colour bands for minutes to the nearest facility (colour-blind-safe sequential, dark = far).
BANDS: tuple[tuple[float, str], ...] = (
    (15.0, "#1a9850"),
    (30.0, "#91cf60"),
    (45.0, "#fee08b"),
    (60.0, "#fc8d59"),
    (math.inf, "#b2182b"),
)


def band_colour(minutes: float | None) -> str:
    if minutes is None:
        return "#888888"
    for limit, colour in BANDS:
        if minutes <= limit:
            return colour
    return BANDS[-1][1]


def lorenz_svg(
    population: Sequence[float],
    share: Sequence[float],
    title: str,
    description: str,
    labels: dict[str, str],
) -> SafeString:
    """A Lorenz curve with the line of equality, axes in percent, and a text alternative."""
    size, pad = 320, 48
    inner = size - 2 * pad

    def x(v: float) -> float:
        return pad + v * inner

    def y(v: float) -> float:
        return size - pad - v * inner

    points = " ".join(f"{x(p):.1f},{y(s):.1f}" for p, s in zip(population, share, strict=True))
    ticks = []
    for v in (0.0, 0.25, 0.5, 0.75, 1.0):
        label = escape(format_percentage(v))
        ticks.append(
            f'<line x1="{x(v):.1f}" y1="{y(0):.1f}" x2="{x(v):.1f}" y2="{y(0) + 5:.1f}" stroke="#333"/>'
            f'<text x="{x(v):.1f}" y="{y(0) + 18:.1f}" text-anchor="middle" font-size="11">{label}</text>'
            f'<line x1="{x(0) - 5:.1f}" y1="{y(v):.1f}" x2="{x(0):.1f}" y2="{y(v):.1f}" stroke="#333"/>'
            f'<text x="{x(0) - 8:.1f}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11">{label}</text>'
        )
    body = (
        f'<rect x="{pad}" y="{pad}" width="{inner}" height="{inner}" fill="#fff" stroke="#999"/>'
        f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(1)}" y2="{y(1)}" stroke="#777" stroke-dasharray="4 3"/>'
        f'<polyline points="{points}" fill="none" stroke="#1a5276" stroke-width="2.5"/>'
        + "".join(ticks)
        + f'<text x="{size / 2}" y="{size - 8}" text-anchor="middle" font-size="12">'
        f"{escape(labels['x'])}</text>"
        f'<text transform="translate(14 {size / 2}) rotate(-90)" text-anchor="middle" '
        f'font-size="12">{escape(labels["y"])}</text>'
    )
    return format_html(
        '<svg class="lorenz" viewBox="0 0 {size} {size}" width="{size}" height="{size}" role="img" '
        'aria-labelledby="lorenz-title lorenz-desc" direction="ltr" xmlns="http://www.w3.org/2000/svg">'
        '<title id="lorenz-title">{title}</title><desc id="lorenz-desc">{description}</desc>{body}</svg>',
        size=size,
        title=title,
        description=description,
        body=mark_safe(body),  # noqa: S308 - built above from numbers and escaped labels
    )


def dot_map_svg(
    places: Sequence[dict[str, Any]],
    title: str,
    description: str,
    label_format: str,
    markers: Sequence[dict[str, Any]] = (),
) -> SafeString:
    """Each mahalle centroid as a dot coloured by minutes to the nearest facility.

    ``markers`` (``lon``, ``lat``, ``kind`` "existing" or "proposed", ``label``) are drawn on
    top: existing sites as small dark squares, proposed ones as large outlined stars.
    """
    if not places:
        return mark_safe("")
    lons = [p["lon"] for p in places]
    lats = [p["lat"] for p in places]
    mid = math.radians((min(lats) + max(lats)) / 2)
    width_deg = (max(lons) - min(lons)) * math.cos(mid) or 0.01
    height_deg = (max(lats) - min(lats)) or 0.01
    width = 640.0
    pad = 12.0
    height = max(200.0, min(900.0, width * height_deg / width_deg))
    scale = min((width - 2 * pad) / width_deg, (height - 2 * pad) / height_deg)
    dots = []
    for p in sorted(places, key=lambda p: p.get("minutes") or 0):
        cx = pad + (p["lon"] - min(lons)) * math.cos(mid) * scale
        cy = pad + (max(lats) - p["lat"]) * scale
        r = 2.0 + min(4.0, math.sqrt(max(p["population"], 0)) / 60)
        minutes = p.get("minutes")
        label = label_format.format(
            name=p["name"], district=p["district"], minutes=format_number(minutes, decimals=0)
        )
        dots.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{band_colour(minutes)}" '
            f'stroke="#333" stroke-width="0.3"><title>{escape(label)}</title></circle>'
        )
    for m in sorted(markers, key=lambda m: m["kind"] == "proposed"):
        cx = pad + (m["lon"] - min(lons)) * math.cos(mid) * scale
        cy = pad + (max(lats) - m["lat"]) * scale
        title_ = f"<title>{escape(m['label'])}</title>"
        if m["kind"] == "proposed":
            star = " ".join(
                f"{cx + (9 if i % 2 == 0 else 4) * math.sin(i * math.pi / 5):.1f},"
                f"{cy - (9 if i % 2 == 0 else 4) * math.cos(i * math.pi / 5):.1f}"
                for i in range(10)
            )
            dots.append(
                f'<polygon class="site-proposed" points="{star}" fill="#fff" stroke="#0b3d91" '
                f'stroke-width="2">{title_}</polygon>'
            )
        else:
            dots.append(
                f'<rect class="site-existing" x="{cx - 2.5:.1f}" y="{cy - 2.5:.1f}" width="5" '
                f'height="5" fill="#111" stroke="#fff" stroke-width="0.6">{title_}</rect>'
            )
    return format_html(
        '<svg class="access-map" viewBox="0 0 {w} {h}" role="img" direction="ltr" '
        'aria-labelledby="map-svg-title map-svg-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="map-svg-title">{title}</title><desc id="map-svg-desc">{description}</desc>'
        '<rect width="100%" height="100%" fill="#f4f6f7"/>{dots}</svg>',
        w=f"{width:.0f}",
        h=f"{height:.0f}",
        title=title,
        description=description,
        dots=mark_safe("".join(dots)),  # noqa: S308 - numbers and escaped names
    )
