"""Small charts drawn on the server as HTML and CSS (no JavaScript, readable by screen readers).

A horizontal bar chart is a list of rows (label, bar, value) laid out with CSS grid and logical
properties, so that it reads right to left in Arabic and Persian without labels drawn over the
bars, and long labels wrap instead of being clipped; on a phone each label sits above its bar.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from adilkent.core.l10n import format_number


def bar_chart(
    title: str, rows: list[tuple[str, Decimal | int | float, bool]], width: int = 560
) -> SafeString:
    """A horizontal bar chart; each row is (label, value, is_target). Targets are hatched.

    The chart is one image for assistive technology, named by its title and described by every
    value, so that a screen reader gets the same information; pages show the values in a table
    beside it as well. ``width`` is the chart's largest width in CSS pixels.
    """
    if not rows:
        return mark_safe("")
    top = max(float(v) for _l, v, _t in rows) or 1.0
    desc = "; ".join(f"{label}: {format_number(v)}" for label, v, _t in rows)
    identifier = f"c{abs(hash(title)) % 10**8}"
    body = format_html_join(
        "",
        '<div class="hbar-row"><span class="hbar-label"><bdi>{}</bdi></span>'
        '<span class="hbar-track"><span class="hbar-fill{}" style="inline-size: {}%">'
        '</span></span><span class="hbar-value"><bdi>{}</bdi></span></div>',
        (
            (
                label,
                " hbar-target" if is_target else "",
                f"{max(0.5, float(value) / top * 100):.1f}",
                format_number(value),
            )
            for label, value, is_target in rows
        ),
    )
    return format_html(
        '<div class="hbar-chart" role="img" aria-labelledby="{id}-t {id}-d" '
        'style="max-inline-size: {w}px">'
        '<p class="hbar-title" id="{id}-t">{title}</p>'
        '<p class="visually-hidden" id="{id}-d">{desc}</p>'
        '<div aria-hidden="true">{body}</div></div>',
        id=identifier,
        w=width,
        title=title,
        desc=desc,
        body=body,
    )
