"""Step-free access (Measure pillar): for one facility type, the walk from every mahalle to
the nearest facility of the type, and to the nearest *flagged* one (a Red Flag in force: the
facilities a person who needs step-free access can count on), side by side; where the two
differ most, weighted by the people living there.

The travel cost is the access engine's straight-line model (great-circle distance × 1.3 at
walking speed), as the analytics pages use it on the demo data; places are the mahalle
centroids with the latest population (``adilkent.analytics.services.build_places``).
Measured on the demo database (1,299 mahalle, 1,764 parks): well under a second, so it is
computed on request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from adilkent.access.measures import nearest_minutes
from adilkent.access.model import Points
from adilkent.analytics.services import AnalysisInputError, build_places, default_model
from adilkent.places.models import Facility, FacilityType

from .selectors import flags_in_force

THRESHOLD = 15.0  # minutes: the share of people within this walk is shown for both


@dataclass
class PlaceGap:
    id: int
    name: str
    district: str
    population: int
    minutes_all: float
    nearest_all: int
    minutes_flagged: float | None
    nearest_flagged: int | None

    @property
    def gap(self) -> float | None:
        if self.minutes_flagged is None:
            return None
        return self.minutes_flagged - self.minutes_all

    @property
    def person_minutes(self) -> float | None:
        """The gap weighted by the people living there (minutes × residents)."""
        gap = self.gap
        return None if gap is None else gap * self.population


@dataclass
class StepFree:
    facility_type: FacilityType
    model_label: str
    facilities: int
    flagged: list[FlaggedFacility]
    places: list[PlaceGap] = field(default_factory=list)
    population_year: int = 0
    left_out: int = 0

    @property
    def by_gap(self) -> list[PlaceGap]:
        """Mahalle sorted by the gap weighted by population, largest first."""
        return sorted(
            self.places,
            key=lambda p: (p.person_minutes is None, -(p.person_minutes or 0.0), p.name),
        )

    def _weighted(self, attr: str) -> float | None:
        values = [(getattr(p, attr), p.population) for p in self.places]
        values = [(v, w) for v, w in values if v is not None]
        total = sum(w for _v, w in values)
        return sum(v * w for v, w in values) / total if total else None

    @property
    def mean_all(self) -> float | None:
        return self._weighted("minutes_all")

    @property
    def mean_flagged(self) -> float | None:
        return self._weighted("minutes_flagged") if self.flagged else None

    def _share(self, attr: str) -> float | None:
        total = sum(p.population for p in self.places)
        if not total or (attr == "minutes_flagged" and not self.flagged):
            return None
        near = sum(
            p.population
            for p in self.places
            if getattr(p, attr) is not None and getattr(p, attr) <= THRESHOLD
        )
        return near / total

    @property
    def share_all(self) -> float | None:
        return self._share("minutes_all")

    @property
    def share_flagged(self) -> float | None:
        return self._share("minutes_flagged")


@dataclass
class FlaggedFacility:
    facility: Facility
    public_id: str  # of the Red Flag record (its public page)
    is_example: bool


def flagged_facilities(facility_type: FacilityType, day: dt.date) -> list[FlaggedFacility]:
    """The type's facilities with a Red Flag in force on ``day``, by name."""
    flags = flags_in_force(day).filter(subject__facility__facility_type=facility_type)
    found = [
        FlaggedFacility(f.subject.facility, f.subject.public_id, f.is_example)  # type: ignore[arg-type]
        for f in flags
    ]
    return sorted(found, key=lambda x: (x.facility.name.casefold(), x.facility.pk))


def _points(rows: list[tuple[int, float, float]]) -> Points:
    return Points(
        ids=np.array([r[0] for r in rows], dtype=np.int64),
        lon=np.array([r[1] for r in rows], dtype=np.float64),
        lat=np.array([r[2] for r in rows], dtype=np.float64),
    )


def step_free_access(facility_type: FacilityType, day: dt.date) -> StepFree:
    """Nearest facility of the type and nearest flagged one, for every mahalle measured.

    Raises :class:`AnalysisInputError` when there is no population or no facility of the type.
    """
    model = default_model()
    places, year, left_out = build_places()
    every = list(
        Facility.objects.filter(facility_type=facility_type).values_list("pk", "lon", "lat")
    )
    if not every:
        raise AnalysisInputError(f"there are no facilities of type {facility_type.code!r}")
    flagged = flagged_facilities(facility_type, day)
    origins = Points(
        ids=places["place_id"].astype(int).to_numpy(dtype=np.int64),
        lon=places["lon"].to_numpy(dtype=np.float64),
        lat=places["lat"].to_numpy(dtype=np.float64),
    )
    to_all = nearest_minutes(model, origins, _points(every))
    to_flagged = (
        nearest_minutes(
            model,
            origins,
            _points([(f.facility.pk, f.facility.lon, f.facility.lat) for f in flagged]),
        )
        if flagged
        else None
    )
    result = StepFree(facility_type, model.label, len(every), flagged, [], year, left_out)
    all_minutes = to_all["minutes"].to_numpy(dtype=np.float64)
    all_nearest = to_all["nearest_id"].to_numpy()
    if to_flagged is not None:
        flagged_minutes = to_flagged["minutes"].to_numpy(dtype=np.float64).tolist()
        flagged_nearest = [int(x) for x in to_flagged["nearest_id"].to_numpy()]
    else:
        flagged_minutes = flagged_nearest = [None] * len(places)  # type: ignore[list-item]
    for k, (pk, name, district, people) in enumerate(
        zip(places["place_id"], places["name"], places["district"], places["total"], strict=True)
    ):
        result.places.append(
            PlaceGap(
                id=int(pk),
                name=str(name),
                district=str(district),
                population=int(people),
                minutes_all=float(all_minutes[k]),
                nearest_all=int(all_nearest[k]),
                minutes_flagged=flagged_minutes[k],
                nearest_flagged=flagged_nearest[k],
            )
        )
    return result


def chart_rows(result: StepFree, top: int = 15) -> list[dict[str, Any]]:
    """The largest gaps as bars (percent of the longest walk shown), for a chart drawn on the
    server (no JavaScript needed)."""
    rows = [p for p in result.by_gap if p.gap is not None][:top]
    longest = max((p.minutes_flagged or 0.0 for p in rows), default=0.0) or 1.0
    return [
        {
            "place": p,
            "all_pct": round(100 * p.minutes_all / longest, 1),
            "flagged_pct": round(100 * (p.minutes_flagged or 0.0) / longest, 1),
        }
        for p in rows
    ]
