"""Reads of the Red Flag registry: the flagged places for the public map, list and open data,
and a place's public record (what was checked, when, until when — never who assessed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from adilkent.places.models import District

from .checklists import item_names
from .models import Answer, Assessment, Flag, Subject


def flags_in_force(day: dt.date) -> QuerySet[Flag]:
    return Flag.objects.filter(
        withdrawn_on__isnull=True, granted_on__lte=day, expires_on__gte=day
    ).select_related(
        "subject__facility__facility_type",
        "subject__facility__district",
        "subject__facility__mahalle",
        "subject__district",
        "subject__mahalle",
        "subject__transit_line",
        "assessment",
    )


def renewal_notice_days() -> int:
    """How many days before a flag expires it is listed as due for renewal (setting
    ``RED_FLAG_RENEWAL_NOTICE_DAYS``, 90 by default)."""
    from django.conf import settings

    return int(getattr(settings, "RED_FLAG_RENEWAL_NOTICE_DAYS", 90))


def flags_due_for_renewal(day: dt.date) -> list[tuple[Flag, int]]:
    """The flags in force that expire within the notice period, soonest first, each with
    the days left (a renewal needs a new passed assessment before the expiry)."""
    last = day + dt.timedelta(days=renewal_notice_days())
    found = flags_in_force(day).filter(expires_on__lte=last).order_by("expires_on", "pk")
    return [(flag, (flag.expires_on - day).days) for flag in found]


@dataclass
class Flagged:
    """One flagged place as the public pages and open data show it."""

    flag: Flag
    subject: Subject
    district: District | None
    point: tuple[float, float] | None

    @property
    def mahalle_name(self) -> str:
        s = self.subject
        if s.facility is not None and s.facility.mahalle is not None:
            return s.facility.mahalle.name
        return s.mahalle.name if s.mahalle is not None else ""

    @property
    def address(self) -> str:
        s = self.subject
        if s.address:
            return s.address
        return s.facility.address if s.facility is not None else ""

    @property
    def last_assessed(self) -> dt.date:
        renewals = list(self.flag.renewals.all())
        if renewals:
            return max(r.assessment.visited_on for r in renewals)
        return self.flag.assessment.visited_on


def flagged(day: dt.date, *, district: District | None = None, kind: str = "") -> list[Flagged]:
    """The places with a flag in force on ``day``, filtered by district and kind, by name."""
    flags = flags_in_force(day).prefetch_related("renewals__assessment")
    if kind:
        flags = flags.filter(subject__kind=kind)
    if district is not None:
        flags = flags.filter(
            Q(subject__facility__district=district) | Q(subject__district=district)
        )
    found = [
        Flagged(f, f.subject, f.subject.place_district, f.subject.point)  # type: ignore[arg-type]
        for f in flags
    ]
    return sorted(found, key=lambda x: x.subject.display_name.casefold())


def geojson(found: list[Flagged], url_of: Any, kind_names: dict[str, str]) -> dict[str, Any]:
    features = []
    for item in found:
        if item.point is None:
            continue
        address = ", ".join(
            x
            for x in (item.address, item.mahalle_name, item.district.name if item.district else "")
            if x
        )
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": list(item.point)},
                "properties": {
                    "name": item.subject.display_name,
                    "type": item.subject.kind,
                    "type_name": kind_names.get(item.subject.kind, item.subject.kind),
                    "colour": "#b0141c",
                    "address": address,
                    "url": url_of(item.subject),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def open_data_rows(day: dt.date, url_of: Any) -> list[dict[str, Any]]:
    """Every flag in force, one row each (no assessor, no photo)."""
    rows = []
    for item in flagged(day):
        s = item.subject
        rows.append(
            {
                "id": s.public_id,
                "name": s.display_name,
                "kind": s.kind,
                "facility_id": s.facility_id or "",
                "facility_type": s.facility.facility_type.code if s.facility else "",
                "transit_line": s.transit_line.code if s.transit_line else "",
                "fleet_number": s.fleet_number,
                "district": item.district.name if item.district else "",
                "mahalle": item.mahalle_name,
                "address": item.address,
                "lon": item.point[0] if item.point else None,
                "lat": item.point[1] if item.point else None,
                "granted_on": item.flag.granted_on.isoformat(),
                "expires_on": item.flag.expires_on.isoformat(),
                "last_assessed_on": item.last_assessed.isoformat(),
                "example": item.flag.is_example,
                "url": url_of(s),
            }
        )
    return rows


@dataclass
class CheckedItem:
    name: str
    required: bool
    result: str
    result_label: str
    note: str


def checked_items(assessment: Assessment) -> list[CheckedItem]:
    from adilkent.core.l10n import name_in_language

    labels = dict(Answer.Result.choices)
    return [
        CheckedItem(
            name_in_language(item_names(a.item_key)),
            a.required,
            a.result,
            str(labels[a.result]),
            a.note,
        )
        for a in assessment.answers.all()
    ]


def public_subject(public_id: str) -> Subject | None:
    """A place with at least one flag (in force, expired or withdrawn): the public may see
    its record; a place never flagged has no public page."""
    return (
        Subject.objects.select_related(
            "facility__facility_type", "facility__district", "facility__mahalle",
            "district", "mahalle", "transit_line",
        )
        .filter(public_id=public_id, flags__isnull=False)
        .distinct()
        .first()
    )  # fmt: skip
