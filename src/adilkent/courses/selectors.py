"""Reads of courses: the course finder, a course's class, completion by its rule, and the
public verification of a certificate."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from adilkent.enrolment.models import Attendance, Group, Placement
from adilkent.places.models import Mahalle

from .models import Certificate, Course, Session


def course_group(course: Course) -> Group | None:
    """The course's class: the one group of its term."""
    return Group.objects.select_related("centre").filter(term_id=course.term_id).first()


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


@dataclass
class Found:
    course: Course
    centre_name: str
    district: str
    mahalle: Mahalle | None
    lat: float | None
    lon: float | None
    first_day: dt.date | None
    sessions: int
    places: int
    km: float | None  # straight line between the mahalle centres, when both are known


@dataclass
class Filters:
    district_id: int | None = None
    field_id: int | None = None
    starts_from: dt.date | None = None
    women_only: bool = False
    language: str = ""
    near_mahalle: Mahalle | None = None


def courses_open(today: dt.date) -> QuerySet[Course]:
    """Courses still taking applications today."""
    return Course.objects.filter(
        term__applications_open_on__lte=today, term__applications_close_on__gte=today
    ).select_related("term", "branch__field")


def find(today: dt.date, filters: Filters) -> list[Found]:
    """The open courses that pass the filters; nearest first when a mahalle is given, else
    by start date."""
    courses = courses_open(today)
    if filters.field_id:
        courses = courses.filter(branch__field_id=filters.field_id)
    if filters.starts_from:
        courses = courses.filter(term__starts_on__gte=filters.starts_from)
    if filters.women_only:
        courses = courses.filter(women_only=True)
    if filters.language:
        courses = courses.filter(language=filters.language)
    groups = {
        g.term_id: g
        for g in Group.objects.filter(term__course__in=courses).select_related(
            "centre__place__mahalle", "centre__place__district"
        )
    }
    sessions: dict[int, list[dt.date]] = defaultdict(list)
    for course_id, day in Session.objects.filter(course__in=courses).values_list("course", "day"):
        sessions[course_id].append(day)
    near = filters.near_mahalle
    found = []
    for course in courses:
        group = groups.get(course.term_id)
        if group is None:
            continue
        place = getattr(group.centre, "place", None)
        if filters.district_id and (place is None or place.district_id != filters.district_id):
            continue
        # the centre's mahalle when the source names it, else its district's centre
        spot: Any = (place.mahalle or place.district) if place is not None else None
        lat = spot.centroid_lat if spot is not None else None
        lon = spot.centroid_lon if spot is not None else None
        km = None
        if near is not None and None not in (near.centroid_lat, near.centroid_lon, lat, lon):
            km = _km(near.centroid_lat, near.centroid_lon, lat, lon)  # type: ignore[arg-type]
        days = sorted(sessions.get(course.pk, []))
        found.append(
            Found(
                course=course,
                centre_name=group.centre.name,
                district=place.district.name if place is not None else "",
                mahalle=place.mahalle if place is not None else None,
                lat=lat,
                lon=lon,
                first_day=days[0] if days else course.term.starts_on,
                sessions=len(days),
                places=group.capacity,
                km=km,
            )
        )
    if near is not None:
        found.sort(key=lambda f: (f.km is None, f.km or 0.0, f.first_day or dt.date.max))
    else:
        found.sort(key=lambda f: (f.first_day or dt.date.max, f.course.term.name))
    return found


@dataclass
class Completion:
    application_id: int
    placement: Placement
    days: int  # session days attended
    of_days: int
    hours: float
    of_hours: float
    mark: int | None
    complete: bool
    missing: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.hours / self.of_hours) if self.of_hours else 0


def completion(course: Course) -> dict[int, Completion]:
    """For each trainee holding a place in the course: what they attended (session days only)
    and whether the course's rule is met; what is missing, in words, when it is not."""
    sessions = {s.day: s.hours for s in course.sessions.all()}
    placements = list(
        Placement.objects.filter(
            group__term_id=course.term_id, state=Placement.State.ACCEPTED
        ).select_related("application__trainee")
    )
    present: dict[int, set[dt.date]] = defaultdict(set)
    for placement_id, day in Attendance.objects.filter(
        placement__in=placements, present=True, day__in=list(sessions)
    ).values_list("placement_id", "day"):
        present[placement_id].add(day)
    total_hours = sum(sessions.values())
    out = {}
    for placement in placements:
        days = present.get(placement.pk, set())
        hours = sum(sessions[d] for d in days)
        trainee: Any = getattr(placement.application, "trainee", None)
        mark = trainee.exam_mark if trainee is not None else None
        missing = []
        if course.min_days is not None and len(days) < course.min_days:
            missing.append(
                _("attended %(n)s of the %(need)s session days needed")
                % {"n": len(days), "need": course.min_days}
            )
        if course.min_hours_percent is not None and (
            not total_hours or 100 * hours / total_hours < course.min_hours_percent
        ):
            missing.append(
                _("attended %(p)s %% of the hours, %(need)s %% needed")
                % {"p": round(100 * hours / total_hours) if total_hours else 0,
                   "need": course.min_hours_percent}
            )  # fmt: skip
        if course.pass_mark is not None and (mark is None or mark < course.pass_mark):
            missing.append(
                _("no exam mark yet") if mark is None else
                _("exam mark %(m)s, %(need)s needed") % {"m": mark, "need": course.pass_mark}
            )  # fmt: skip
        if (
            course.min_days is None
            and course.min_hours_percent is None
            and course.pass_mark is None
        ):
            missing.append(_("the course has no completion rule"))
        out[placement.application_id] = Completion(
            application_id=placement.application_id,
            placement=placement,
            days=len(days),
            of_days=len(sessions),
            hours=hours,
            of_hours=total_hours,
            mark=mark,
            complete=not missing,
            missing=missing,
        )
    return out


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate a code names (letters in any case, with or without the dashes)."""
    raw = "".join(ch for ch in (code or "").upper() if ch.isascii() and ch.isalnum())
    if len(raw) != 16:
        return None
    canonical = "-".join(raw[i : i + 4] for i in range(0, 16, 4))
    return (
        Certificate.objects.select_related("course__term", "course__branch")
        .filter(code=canonical)
        .first()
    )
