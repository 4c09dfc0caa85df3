"""Writing analysis results: CSV, Parquet, GeoJSON, Lorenz-curve and map PNGs, an HTML report.

Every file names the travel-cost model; the HTML report states it at the top.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .analysis import TypeResult
from .equity import lorenz_curve


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return str(value)


def write_geojson(frame: pd.DataFrame, path: Path, properties: dict[str, Any]) -> None:
    features = []
    for record in frame.to_dict("records"):
        lon, lat = record.pop("lon"), record.pop("lat")
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    k: (None if isinstance(v, float) and np.isnan(v) else v)
                    for k, v in record.items()
                },
            }
        )
    data = {"type": "FeatureCollection", "properties": properties, "features": features}
    path.write_text(json.dumps(data, ensure_ascii=False, default=_json_default), encoding="utf-8")


def lorenz_png(result: TypeResult, path: Path) -> None:
    weights = result.places[result.equity["weight"]]
    fig, ax = plt.subplots(figsize=(5, 5), dpi=100)
    p, share = lorenz_curve(result.places["access_2sfca"], weights)
    ax.plot(p, share, label=f"2SFCA (Gini {result.equity['gini_2sfca']:.3f})")
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", label="equal access")
    ax.set_xlabel("share of population (least access first)")
    ax.set_ylabel("share of access")
    ax.set_title(f"{result.facility_type}: Lorenz curve", fontsize=10)
    ax.legend(loc="upper left", fontsize=8)
    fig.text(0.01, 0.01, result.parameters["model"], fontsize=6)
    fig.savefig(path)
    plt.close(fig)


def map_png(result: TypeResult, facilities: pd.DataFrame, path: Path) -> None:
    frame = result.places
    fig, ax = plt.subplots(figsize=(7, 8), dpi=100)
    sizes = 4 + 40 * np.sqrt(
        frame[result.equity["weight"]] / max(frame[result.equity["weight"]].max(), 1)
    )
    points = ax.scatter(
        frame["lon"],
        frame["lat"],
        c=frame["nearest_minutes"].clip(upper=120),
        s=sizes,
        cmap="viridis_r",
    )
    chosen = facilities[facilities["type"] == result.facility_type]
    ax.scatter(
        chosen["lon"], chosen["lat"], marker="+", color="crimson", s=20, label=result.facility_type
    )
    fig.colorbar(points, ax=ax, shrink=0.6, label="minutes to the nearest (capped at 120)")
    ax.set_aspect(1 / np.cos(np.radians(frame["lat"].mean())))
    ax.set_title(f"{result.facility_type}: minutes to the nearest, per place", fontsize=10)
    ax.legend(loc="lower left", fontsize=8)
    fig.text(0.01, 0.01, result.parameters["model"], fontsize=6)
    fig.savefig(path)
    plt.close(fig)


def write_type(result: TypeResult, facilities: pd.DataFrame, out: Path) -> None:
    folder = out / result.facility_type
    folder.mkdir(parents=True, exist_ok=True)
    result.places.to_csv(folder / "places.csv", index=False)
    result.places.to_parquet(folder / "places.parquet", index=False)
    write_geojson(result.places, folder / "places.geojson", result.parameters)
    result.shares.to_csv(folder / "shares.csv", index=False)
    result.districts.to_csv(folder / "districts.csv", index=False)
    result.need.to_csv(folder / "need.csv", index=False)
    lorenz_png(result, folder / "lorenz.png")
    map_png(result, facilities, folder / "map.png")


def _table(frame: pd.DataFrame, digits: int = 3) -> str:
    return frame.to_html(index=False, float_format=lambda v: f"{v:.{digits}f}", border=0)


def html_report(
    results: dict[str, TypeResult],
    out: Path,
    title: str,
    extra: dict[str, pd.DataFrame] | None = None,
) -> Path:
    model = next(iter(results.values())).parameters["model"] if results else ""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;max-inline-size:60rem;margin-inline:auto;padding:1rem}"
        "table{border-collapse:collapse}td,th{padding:.2rem .5rem;border-block-end:1px solid #ccc}"
        ".model{background:#fff3cd;padding:.5rem}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p class='model'><strong>Travel-cost model:</strong> {html.escape(model)}. "
        "Times are estimates from this model, not measured journeys.</p>",
    ]
    for name, result in results.items():
        shares = result.shares[result.shares["area"] == "all"].drop(columns="area")
        worst = result.need.head(15)[
            [
                c
                for c in (
                    "rank",
                    "place_id",
                    "name",
                    "district",
                    "people",
                    "minutes",
                    "gap",
                    "need",
                )
                if c in result.need
            ]
        ]
        equity = pd.DataFrame([dict(result.equity)])
        parts += [
            f"<h2>{html.escape(name)} ({result.parameters['facilities']} facilities)</h2>",
            "<h3>Share of people within each threshold of the nearest</h3>",
            _table(shares),
            "<h3>Inequality</h3>",
            _table(equity),
            f"<img src='{html.escape(name)}/lorenz.png' alt='Lorenz curve of {html.escape(name)} access'>",
            f"<img src='{html.escape(name)}/map.png' alt='Map of minutes to the nearest {html.escape(name)}'>",
            "<h3>Most underserved places</h3>",
            _table(worst, 2),
            "<h3>Parameters</h3>",
            f"<pre>{html.escape(json.dumps(result.parameters, ensure_ascii=False, indent=2, default=_json_default))}</pre>",
        ]
    for heading, frame in (extra or {}).items():
        parts += [f"<h2>{html.escape(heading)}</h2>", _table(frame)]
    parts.append("</body></html>")
    path = out / "report.html"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def summary(results: dict[str, TypeResult]) -> dict[str, Any]:
    """A JSON-ready summary: shares within thresholds (all places) and the indices, per type."""
    data: dict[str, Any] = {}
    for name, result in results.items():
        overall = result.shares[result.shares["area"] == "all"].drop(columns="area")
        data[name] = {
            "parameters": result.parameters,
            "share_within": overall.to_dict("records"),
            "equity": {
                k: (None if isinstance(v, float) and not np.isfinite(v) else v)
                for k, v in result.equity.items()
            },
        }
    return data
