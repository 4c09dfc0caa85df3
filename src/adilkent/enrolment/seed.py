"""The centres named in the seed documents (``data/centres.yaml``), loaded idempotently."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from adilkent.programmes.models import Programme

from .models import Centre, FeeBand, FeeTable, Group, PriorityRules, Term

CENTRES = Path(__file__).parent / "data" / "centres.yaml"
FEES = Path(__file__).parent / "data" / "fees.yaml"
REGISTRY = Path(__file__).resolve().parents[1] / "programmes" / "data" / "programmes.yaml"


@dataclass(frozen=True)
class CentreSpec:
    programme: str
    name: str
    min_age_months: int
    max_age_months: int
    source: str


def centre_specs() -> list[CentreSpec]:
    """One spec per centre: a programme's places from the registry, or its one named centre."""
    registry: dict[str, dict[str, Any]] = {
        entry["slug"]: entry for entry in yaml.safe_load(REGISTRY.read_text())["programmes"]
    }
    specs = []
    for item in yaml.safe_load(CENTRES.read_text()):
        entry = registry[item["programme"]]
        seed = "; ".join(
            f"seed {str(file)[:3]}: {name}"
            for file, name in (entry.get("seed_names") or {}).items()
        )
        places = entry.get("places", []) if "{place}" in item["name"] else [""]
        for place in places:
            specs.append(
                CentreSpec(
                    item["programme"],
                    item["name"].format(place=place),
                    int(item["min_age_months"]),
                    int(item["max_age_months"]),
                    f"{seed} — {item['ages']}",
                )
            )
    return specs


def load_centres() -> tuple[int, int]:
    """Create the centres that are missing; (created, already there)."""
    created = existing = 0
    for spec in centre_specs():
        programme = Programme.objects.get(slug=spec.programme)
        _centre, made = Centre.objects.get_or_create(
            programme=programme, name=spec.name, defaults={"source": spec.source[:300]}
        )
        created, existing = created + made, existing + (not made)
    return created, existing


EXAMPLE_RULES = {
    "criteria": {
        "low_income": {"points": 3, "label": "Low household income"},
        "refugee_or_migrant": {"points": 2, "label": "Refugee or migrant family"},
        "disability_in_household": {"points": 2, "label": "Disability in the household"},
        "single_parent": {"points": 1, "label": "Single parent"},
    }
}


def load_example_term(*, today: dt.date) -> Term:
    """An example term of the ÇOGEM centres for the demonstration, open for applications
    today: its dates, groups, places and priority rules are examples (the seeds give none),
    and its name says so."""
    programme = Programme.objects.get(slug="cogem")
    term, _made = Term.objects.get_or_create(
        programme=programme,
        name="Örnek dönem (gösterim)",
        defaults={
            "starts_on": today + dt.timedelta(days=90),
            "ends_on": today + dt.timedelta(days=360),
            "applications_open_on": today - dt.timedelta(days=30),
            "applications_close_on": today + dt.timedelta(days=60),
            "max_choices": 3,
            "offer_days": 7,
        },
    )
    for centre in Centre.objects.filter(programme=programme):
        for label, low, high in (("7–10", 84, 131), ("11–14", 132, 179)):
            Group.objects.get_or_create(
                centre=centre,
                term=term,
                label=label,
                defaults={
                    "min_age_months": low,
                    "max_age_months": high,
                    "days": "Pazartesi–Cuma",
                    "hours": "13:00–17:00",
                    "capacity": 20,
                },
            )
    PriorityRules.objects.get_or_create(
        programme=programme,
        version="example-1",
        defaults={"effective_from": today - dt.timedelta(days=365), "rules": EXAMPLE_RULES},
    )
    return term


def load_fees() -> int:
    """The fee tables of ``data/fees.yaml`` (a table already there is left as it is)."""
    created = 0
    for item in yaml.safe_load(FEES.read_text()):
        programme = Programme.objects.get(slug=item["programme"])
        for spec in item["tables"]:
            table, made = FeeTable.objects.get_or_create(
                programme=programme,
                effective_from=spec["effective_from"],
                defaults={"label": spec["label"], "source": spec["source"][:400]},
            )
            if made:
                created += 1
                for band in spec["bands"]:
                    FeeBand.objects.create(
                        table=table,
                        label=band["label"],
                        income_up_to=band.get("income_up_to"),
                        monthly_fee=band["monthly_fee"],
                    )
    return created
