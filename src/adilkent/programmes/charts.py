"""Small charts drawn on the server as inline SVG (no JavaScript, readable by screen readers)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from adilkent.core.l10n import format_number


def bar_chart(
    title: str, rows: list[tuple[str, Decimal | int | float, bool]], width: int = 560
) -> SafeString:
    """A horizontal bar chart; each row is (label, value, is_target). Targets are hatched.

    The chart carries a title and a description listing every value, so that a screen
    reader gets the same information; pages show the values in a table beside it as well.
    """
    if not rows:
        return mark_safe("")
    bar_h, gap, label_w = 22, 10, 200
    height = len(rows) * (bar_h + gap) + gap
    top = max(float(v) for _l, v, _t in rows) or 1.0
    plot_w = width - label_w - 90
    desc = "; ".join(f"{label}: {format_number(v)}" for label, v, _t in rows)
    parts = [
        format_html(
            '<svg class="kpi-chart" role="img" aria-labelledby="{id}-t {id}-d" '
            'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet">'
            '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>',
            id=f"c{abs(hash(title)) % 10**8}",
            w=width,
            h=height,
            title=title,
            desc=desc,
        )
    ]
    for i, (label, value, is_target) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = max(2.0, float(value) / top * plot_w)
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(
            format_html(
                '<text x="{lx}" y="{ty}" font-size="13" text-anchor="end">{label}</text>'
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" '
                'stroke="#1f5f8b"/>'
                '<text x="{vx}" y="{ty}" font-size="13">{value}</text>',
                lx=label_w - 8,
                ty=y + bar_h - 6,
                label=short,
                x=label_w,
                y=y,
                w=f"{w:.1f}",
                h=bar_h,
                fill="#ffffff" if is_target else "#1f5f8b",
                vx=f"{label_w + w + 6:.1f}",
                value=format_number(value),
            )
        )
    parts.append(mark_safe("</svg>"))
    return format_html("{}" * len(parts), *parts)
