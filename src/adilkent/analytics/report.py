"""The "Equal access report" of a finished analysis (HTML page and PDF), and the before/after
table of a siting scenario that the scenario page and the report share."""

from __future__ import annotations

import base64
import logging
import math
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from adilkent.access.analysis import weighted_median
from adilkent.core.l10n import format_number, format_percentage

from . import maps
from .charts import BANDS, lorenz_svg
from .models import AccessAnalysis, SitingScenario
from .services import THRESHOLDS

CACHE_SECONDS = 24 * 3600
COUNT_BINS: tuple[tuple[float, str], ...] = (
    (0.0, "#b2182b"),
    (1.0, "#fc8d59"),
    (4.0, "#fee08b"),
    (9.0, "#91cf60"),
    (math.inf, "#1a9850"),
)
SCALE_COLOURS = ("#b2182b", "#fc8d59", "#fee08b", "#91cf60", "#1a9850")
PER = 100_000  # 2SFCA access is shown as facilities per 100,000 residents


def _pct(value: float | None) -> str:
    return "—" if value is None else format_percentage(value, decimals=1)


def _num(value: float | None, decimals: int = 1) -> str:
    return "—" if value is None else format_number(value, decimals=decimals)


def _change(before: float | None, after: float | None, kind: str) -> str:
    if before is None or after is None:
        return "—"
    delta = after - before
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    if kind == "share":
        return _("%(sign)s%(n)s points") % {
            "sign": sign,
            "n": format_number(abs(delta) * 100, decimals=1),
        }
    return f"{sign}{format_number(abs(delta), decimals=1 if kind == 'minutes' else 3)}"


def comparison_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every measure before and after, formatted, grouped by population group."""
    before, after = results.get("before") or {}, results.get("after") or {}
    group_names = {
        "total": _("All residents"),
        "village": _("Residents of former villages"),
    }
    rows: list[dict[str, Any]] = []
    for group, title in group_names.items():
        b = (before.get("groups") or {}).get(group)
        a = (after.get("groups") or {}).get(group)
        if not b or not a or not b.get("population"):
            continue
        for t in THRESHOLDS:
            key = f"{t:g}"
            rows.append(
                {
                    "group": title,
                    "measure": _("Share within %(n)s min") % {"n": format_number(t)},
                    "before": _pct(b["shares"].get(key)),
                    "after": _pct(a["shares"].get(key)),
                    "change": _change(b["shares"].get(key), a["shares"].get(key), "share"),
                }
            )
        for field, label in (
            ("mean_minutes", _("Average minutes to the nearest site")),
            ("median_minutes", _("Median minutes to the nearest site")),
        ):
            rows.append(
                {
                    "group": title,
                    "measure": label,
                    "before": _num(b.get(field)),
                    "after": _num(a.get(field)),
                    "change": _change(b.get(field), a.get(field), "minutes"),
                }
            )
    for field, label in (
        ("gini_minutes", _("Gini coefficient of minutes to the nearest site")),
        ("gini_2sfca", _("Gini coefficient of access (2SFCA)")),
        ("theil_2sfca", _("Theil index of access (2SFCA)")),
        ("palma_2sfca", _("Palma ratio of access (2SFCA)")),
    ):
        rows.append(
            {
                "group": _("Inequality among all residents"),
                "measure": label,
                "before": _num(before.get(field), 3),
                "after": _num(after.get(field), 3),
                "change": _change(before.get(field), after.get(field), "index"),
            }
        )
    return rows


def latest_scenario(analysis: AccessAnalysis) -> SitingScenario | None:
    return (
        SitingScenario.objects.filter(
            facility_type=analysis.facility_type, status=AccessAnalysis.Status.DONE
        )
        .order_by("-finished_at", "-pk")
        .first()
    )


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _quantile_bins(values: list[float]) -> list[tuple[float, str]]:
    """0 on its own, then the quartiles of the positive values."""
    positive = np.array([v for v in values if v > 0])
    if positive.size == 0:
        return [(0.0, SCALE_COLOURS[0])]
    cuts = np.quantile(positive, [0.25, 0.5, 0.75, 1.0])
    return [(0.0, SCALE_COLOURS[0])] + [
        (float(c), colour) for c, colour in zip(cuts, SCALE_COLOURS[1:], strict=True)
    ]


def _legend(bins: list[tuple[float, str]], kind: str) -> list[dict[str, str]]:
    items = []
    lower: float | None = None
    for limit, colour in bins:
        if kind == "minutes":
            label = (
                _("more than %(n)s min") % {"n": format_number(lower)}
                if math.isinf(limit)
                else _("up to %(n)s min") % {"n": format_number(limit)}
            )
        elif kind == "count":
            if limit == 0:
                label = _("none")
            elif math.isinf(limit):
                label = _("%(n)s or more") % {"n": format_number((lower or 0) + 1)}
            elif lower is not None and limit - lower == 1:
                label = format_number(limit)
            else:
                label = f"{format_number((lower or 0) + 1)}–{format_number(limit)}"
        else:
            label = (
                _("none")
                if limit == 0
                else f"{format_number(lower or 0, decimals=1)}–{format_number(limit, decimals=1)}"
            )
        items.append({"colour": colour, "label": label})
        lower = limit
    return items


def _map(
    key: str,
    places: list[dict[str, Any]],
    colour_of: Any,
    markers: list[maps.Marker] | None = None,
) -> str:
    cached = cache.get(key)
    if cached is None:
        shapes = maps.geometries()
        cached = _data_uri(
            maps.choropleth_png(places, colour_of, shapes, maps.district_outlines(), markers or ())
        )
        cache.set(key, cached, CACHE_SECONDS)
    return str(cached)


def _group_row(title: str, places: list[dict[str, Any]]) -> dict[str, Any]:
    people = np.array([p["population"] for p in places], dtype=float)
    minutes = np.array(
        [p["minutes"] if p["minutes"] is not None else np.inf for p in places], dtype=float
    )
    total = float(people.sum())
    finite = bool(np.all(np.isfinite(minutes)))
    return {
        "group": title,
        "mahalle": len(places),
        "population": int(total),
        "mean": float(np.average(minutes, weights=people)) if total and finite else None,
        "median": weighted_median(minutes, people) if total and finite else None,
        "shares": [
            float(people[minutes <= t].sum() / total) if total else None for t in THRESHOLDS
        ],
    }


def report_context(analysis: AccessAnalysis, svg_text: bool = True) -> dict[str, Any]:
    """Everything the report shows, from the analysis's stored results (and its latest
    finished siting scenario for the same service, if any).

    ``svg_text=False`` leaves the axis titles out of the Lorenz chart (the caption gives
    them): the PDF renderer does not shape right-to-left text inside SVG.
    """
    results = analysis.results or {}
    places = results.get("places") or []
    name = str(analysis.facility_type.name)
    equity = results.get("equity") or {}
    for place in places:
        place["access_per"] = (place.get("access_2sfca") or 0.0) * PER
    access_bins = _quantile_bins([p["access_per"] for p in places])
    maps_ = [
        {
            "id": "minutes",
            "title": _("Minutes to the nearest %(service)s") % {"service": name},
            "src": _map(
                f"access-report-{analysis.pk}-minutes", places, maps.binned(BANDS, "minutes")
            ),
            "legend": _legend(list(BANDS), "minutes"),
        },
        {
            "id": "count",
            "title": _("Facilities within 30 minutes"),
            "src": _map(
                f"access-report-{analysis.pk}-count",
                places,
                maps.binned(COUNT_BINS, "facilities_30"),
            ),
            "legend": _legend(list(COUNT_BINS), "count"),
        },
        {
            "id": "access",
            "title": _("Access (2SFCA): facilities per 100,000 residents within 30 minutes"),
            "src": _map(
                f"access-report-{analysis.pk}-2sfca", places, maps.binned(access_bins, "access_per")
            ),
            "legend": _legend(access_bins, "scale"),
        },
    ]
    lorenz = results.get("lorenz_2sfca") or {"population": [0, 1], "share": [0, 1]}
    share_half = float(np.interp(0.5, lorenz["population"], lorenz["share"]))
    lorenz_text = _(
        "The least served half of residents has %(share)s of the access to %(service)s "
        "(2SFCA); with equal access it would have half."
    ) % {"share": format_percentage(share_half, decimals=1), "service": name}
    shares = {s["threshold"]: s for s in results.get("shares") or []}
    without = [p for p in places if not p.get("facilities_30")]
    context: dict[str, Any] = {
        "analysis": analysis,
        "results": results,
        "equity": equity,
        "service": name,
        "city": settings.CITY_NAME,
        "maps": maps_,
        "lorenz_svg": lorenz_svg(
            lorenz["population"],
            lorenz["share"],
            _("Lorenz curve of access to %(service)s") % {"service": name},
            lorenz_text,
            {"x": _("share of residents"), "y": _("share of access")}
            if svg_text
            else {"x": "", "y": ""},
        ),
        "lorenz_text": lorenz_text,
        "lorenz_axes": _(
            "Horizontal axis: share of residents, least served first; vertical axis: their "
            "share of all access."
        ),
        "share_30": (shares.get(30.0) or {}).get("total"),
        "share_30_village": (shares.get(30.0) or {}).get("village"),
        "without_30_places": len(without),
        "without_30_people": sum(p["population"] for p in without),
        "districts": sorted(results.get("districts") or [], key=lambda d: -d["mean_minutes"]),
        "thresholds": THRESHOLDS,
        "settlements": [
            _group_row(_("Former villages"), [p for p in places if p.get("village")]),
            _group_row(_("Urban neighbourhoods"), [p for p in places if not p.get("village")]),
            _group_row(_("All neighbourhoods"), places),
        ],
    }
    scenario = latest_scenario(analysis)
    if scenario is not None and scenario.results:
        s_results = scenario.results
        markers = [
            maps.Marker(e["lon"], e["lat"], "existing") for e in s_results.get("existing", [])
        ] + [maps.Marker(n["lon"], n["lat"], "proposed") for n in s_results.get("new_sites", [])]
        context["scenario"] = scenario
        context["scenario_rows"] = comparison_rows(s_results)
        context["scenario_map"] = _map(
            f"access-report-scenario-{scenario.pk}",
            s_results.get("places") or [],
            maps.binned(BANDS, "minutes"),
            markers,
        )
    return context


def report_pdf(context: dict[str, Any]) -> bytes:
    """The report as a PDF (WeasyPrint, as the guide and the programme reports are printed)."""
    from weasyprint import HTML  # imported here: it loads Pango, slow to import

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    html = render_to_string("analytics/report_print.html", context)
    pdf: bytes = HTML(string=html, base_url=str(settings.SRC_DIR)).write_pdf()
    return pdf
