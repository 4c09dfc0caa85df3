"""Siting questions from the directorate's own documents, as starting points for a scenario.

Each preset says where its figures come from. Three of them concern services whose sites are
not in the data this platform holds (no locations of child activity centres, neighbourhood
libraries or Talehouses were published with the sources in ``shared/data``): the page says so
and asks for a file of the existing sites, or for an explicit choice to plan without them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Preset:
    key: str
    title: str | Promise
    question: str | Promise
    source: str | Promise
    method: str
    k: int | None
    max_minutes: float
    facility_type: str = ""  # a facility type in the database, or "" when sites must be uploaded
    existing_count: int | None = None  # the number of existing sites the source gives
    coverage_target: float | None = None
    candidates: str = "underserved"


PRESETS: tuple[Preset, ...] = (
    Preset(
        key="hospital",
        title=_("Hospitals: 8 more"),
        question=_(
            "Where would 8 new hospitals bring the most residents within 30 minutes' walk, "
            "keeping the 84 that exist?"
        ),
        source=_("Hospitals: İzmir Metropolitan Municipality open data (84 hospitals)."),
        method="mclp",
        k=8,
        max_minutes=30,
        facility_type="hospital",
    ),
    Preset(
        key="playground",
        title=_("Playgrounds within 15 minutes"),
        question=_(
            "Where would 20 new playgrounds bring the most residents within 15 minutes' walk?"
        ),
        source=_("Playgrounds: OpenStreetMap contributors."),
        method="mclp",
        k=20,
        max_minutes=15,
        facility_type="playground",
    ),
    Preset(
        key="assembly_area",
        title=_("Disaster assembly areas for 95 %"),
        question=_(
            "How few new assembly areas would put 95 percent of residents within 15 minutes' walk of one?"
        ),
        source=_("Assembly areas: AFAD / İzmir Metropolitan Municipality list."),
        method="set-cover",
        k=None,
        max_minutes=15,
        facility_type="assembly_area",
        coverage_target=0.95,
    ),
    Preset(
        key="yuvamiz",
        title=_("Yuvamız İzmir child centres: 22 → 30"),
        question=_(
            "The number of Yuvamız İzmir child activity centres rose to 22 and is to reach 30 "
            "in 2026: where should the 8 new ones go?"
        ),
        source=_("Seed document: 2025 news item on İzmir's women's and children's programmes."),
        method="mclp",
        k=8,
        max_minutes=30,
        existing_count=22,
    ),
    Preset(
        key="libraries",
        title=_("Neighbourhood libraries in 50 neighbourhoods"),
        question=_(
            "The first phase of 'a library in every neighbourhood' targets 50 neighbourhoods: "
            "which 50 would bring a library within 15 minutes' walk of the most residents?"
        ),
        source=_(
            "Seed document: the directorate's projects (9 libraries opened, target 50 "
            "neighbourhoods)."
        ),
        method="mclp",
        k=50,
        max_minutes=15,
        existing_count=9,
    ),
    Preset(
        key="talehouses",
        title=_("Talehouses: 14 → 20"),
        question=_("14 Talehouses operate and 20 were planned: where should the 6 new ones go?"),
        source=_("Seed document: the directorate's projects (14 Talehouses named, 20 planned)."),
        method="mclp",
        k=6,
        max_minutes=30,
        existing_count=14,
    ),
)

BY_KEY = {p.key: p for p in PRESETS}
