"""The course centres and fields the seed documents name (``data/courses.yaml``), loaded
idempotently; and, for the demonstration, an example course open for applications."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from adilkent.enrolment.models import Centre, Group, Term
from adilkent.places.models import District, Mahalle
from adilkent.programmes.models import Programme

from .models import Branch, CentrePlace, Course, Field, Session

DATA = Path(__file__).parent / "data" / "courses.yaml"
EXAMPLE_NAME = "Örnek kurs: bilgisayarda giysi kalıbı (gösterim)"


def load_courses_seed() -> dict[str, int]:
    """Create the centres (with their place where known), fields and branches that are
    missing; returns how many of each were created."""
    data: dict[str, Any] = yaml.safe_load(DATA.read_text())
    programme = Programme.objects.get(slug=data["programme"])
    made = {"centres": 0, "fields": 0, "branches": 0}
    for item in [*data["centres"], *data.get("unplaced", [])]:
        centre, created = Centre.objects.get_or_create(
            programme=programme, name=item["name"], defaults={"source": item["source"][:300]}
        )
        made["centres"] += created
        if "district" not in item or hasattr(centre, "place"):
            continue
        district = District.objects.get(name=item["district"])
        mahalle = None
        if "mahalle" in item:
            mahalle = Mahalle.objects.get(district=district, name=item["mahalle"])
        CentrePlace.objects.create(
            centre=centre, district=district, mahalle=mahalle, source=item["source"][:300]
        )
    for spec in data["fields"]:
        field, created = Field.objects.get_or_create(
            code=spec["code"], defaults={"names": spec["names"], "source": spec["source"]}
        )
        made["fields"] += created
        for branch in spec.get("branches", []):
            _branch, created = Branch.objects.get_or_create(
                code=branch["code"],
                defaults={"field": field, "names": branch["names"], "source": branch["source"]},
            )
            made["branches"] += created
    return made


def load_example_course(*, today: dt.date) -> Course:
    """An example course for the demonstration, open for applications today: its dates,
    sessions, places and rule are examples (the seeds give none) and its name says so."""
    load_courses_seed()
    programme = Programme.objects.get(slug="meslek-fabrikasi")
    centre = Centre.objects.get(programme=programme, name="Karabağlar Aydın Kurs Merkezi")
    starts = today + dt.timedelta(days=21)
    term, _made = Term.objects.get_or_create(
        programme=programme,
        name=EXAMPLE_NAME,
        defaults={
            "starts_on": starts,
            "ends_on": starts + dt.timedelta(days=4),
            "applications_open_on": today - dt.timedelta(days=7),
            "applications_close_on": today + dt.timedelta(days=14),
            "max_choices": 1,
            "offer_days": 7,
        },
    )
    Group.objects.get_or_create(
        term=term,
        centre=centre,
        defaults={
            "label": "sınıf",
            "min_age_months": 18 * 12,
            "max_age_months": 99 * 12,
            "days": "Pzt–Cum",
            "hours": "09:00–13:00",
            "capacity": 16,
        },
    )
    course, _made = Course.objects.get_or_create(
        term=term,
        defaults={
            "branch": Branch.objects.get(code="garment-pattern-computer"),
            "women_only": True,
            "step_free": False,
            "min_days": 4,
            "trainer": "",
        },
    )
    for offset in range(5):
        Session.objects.get_or_create(
            course=course,
            day=starts + dt.timedelta(days=offset),
            defaults={"starts_at": dt.time(9, 0), "ends_at": dt.time(13, 0)},
        )
    return course
