"""Reads of the intake: routing, places, duplicates, the inbox, the status page, demand."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from rapidfuzz import fuzz

from adilkent.guide.models import Service
from adilkent.places.models import District, Mahalle

from .models import OPEN_STATUSES, Event, Request, Unit

if TYPE_CHECKING:
    from adilkent.cases.figures import Cell

OPEN = OPEN_STATUSES
DUPLICATE_RADIUS_M = 300
DUPLICATE_MIN_SIMILARITY = 45


def route_unit_id(
    service: Service | int | None,
    mahalle: Mahalle | int | None,
    district: District | int | None,
) -> int | None:
    """The unit (its id) of the most specific routing rule that matches (see
    :func:`rule_specificity`; the oldest rule on a tie); the service and places may be given
    as objects or by id. The rules are those the process keeps (:mod:`.definitions`)."""
    from .definitions import intake_definitions

    def pk(value: Any) -> int | None:
        return value if value is None or isinstance(value, int) else int(value.pk)

    return intake_definitions().unit_id(
        service_id=pk(service), district_id=pk(district), mahalle_id=pk(mahalle)
    )


def route(
    service: Service | None,
    mahalle: Mahalle | int | None,
    district: District | int | None,
) -> Unit | None:
    """The unit of the most specific routing rule that matches (mahalle > district > city)."""
    unit_id = route_unit_id(service, mahalle, district)
    return Unit.objects.filter(pk=unit_id).first() if unit_id else None


def metres_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6_371_008.8 * 2 * math.asin(math.sqrt(a))


def possible_duplicates(request: Request, limit: int = 5) -> list[tuple[Request, int, float]]:
    """Open requests near this one with similar text: (request, similarity %, metres)."""
    if request.lat is None or request.lon is None:
        return []
    dlat = DUPLICATE_RADIUS_M / 111_000
    dlon = dlat / max(math.cos(math.radians(request.lat)), 0.01)
    nearby = Request.objects.filter(
        status__in=OPEN,
        lat__range=(request.lat - dlat, request.lat + dlat),
        lon__range=(request.lon - dlon, request.lon + dlon),
    ).exclude(pk=request.pk)
    found = []
    for other in nearby:
        metres = metres_between(request.lat, request.lon, other.lat, other.lon)  # type: ignore[arg-type]
        similarity = int(fuzz.token_set_ratio(request.text.lower(), other.text.lower()))
        same_service = request.service_id is not None and request.service_id == other.service_id
        if metres <= DUPLICATE_RADIUS_M and (
            similarity >= DUPLICATE_MIN_SIMILARITY or same_service
        ):
            found.append((other, similarity, metres))
    found.sort(key=lambda t: (-t[1], t[2]))
    return found[:limit]


def request_by_code(code: str) -> Request | None:
    code = code.strip().upper().replace(" ", "")
    if len(code) == 10 and "-" not in code:
        code = f"{code[:5]}-{code[5:]}"
    return Request.objects.select_related("service").filter(tracking_code=code).first()


def public_events(request: Request) -> QuerySet[Event]:
    return request.events.filter(public=True)


def sees_every_request(user: Any) -> bool:
    """The triage desk: active staff with ``intake.view_all_requests`` (or superusers)."""
    if not (getattr(user, "is_active", False) and getattr(user, "is_staff", False)):
        return False
    return bool(user.is_superuser or user.has_perm("intake.view_all_requests"))


def visible_requests(user: Any) -> QuerySet[Request]:
    """The requests this user may see and handle (the rule of :mod:`.permissions`).

    The triage desk sees all; a unit's officer sees the requests routed to one of their
    units; any other account sees none.
    """
    if not (getattr(user, "is_active", False) and getattr(user, "is_staff", False)):
        return Request.objects.none()
    if sees_every_request(user):
        return Request.objects.all()
    return Request.objects.filter(unit__members=user)


def inbox(
    *,
    status: str = "",
    unit: int | None = None,
    service: str = "",
    overdue: bool = False,
    not_sure: bool = False,
    user: Any = None,
) -> QuerySet[Request]:
    """The triage queue: open requests first by due date, filtered; only what ``user`` may
    see when a user is given. ``not_sure``: only those the classifier was not sure about and
    no one has given a service yet."""
    from django.utils import timezone

    requests = visible_requests(user) if user is not None else Request.objects.all()
    requests = requests.select_related("service", "suggested_service", "unit", "mahalle")
    requests = requests.filter(status=status) if status else requests.filter(status__in=OPEN)
    if unit:
        requests = requests.filter(unit_id=unit)
    if service:
        requests = requests.filter(service__code=service)
    if overdue:
        requests = requests.filter(due_at__lt=timezone.now())
    if not_sure:
        requests = requests.filter(category_not_sure=True, service__isnull=True)
    return requests.order_by("due_at", "created_at")


@dataclass
class AcceptanceRow:
    """How often staff kept the classifier's suggestion, for one category or language.

    ``None`` is a withheld small cell (``adilkent.cases.figures.suppress``); the share is
    shown only when both the kept and the corrected counts are shown."""

    key: str
    label: str
    confirmed: int | None  # suggestions that staff then confirmed or corrected
    accepted: int | None  # ... confirmed as suggested
    not_sure: int | None = None  # requests the classifier was not sure about (per language)

    @property
    def share(self) -> float | None:
        if self.confirmed is None or self.accepted is None:
            return None
        return self.accepted / self.confirmed if self.confirmed else None


def _shown(cells: list[Cell]) -> dict[str, int | None]:
    return {c.label: c.count for c in cells}


def suggestion_acceptance(by: str) -> list[AcceptanceRow]:
    """Staff-confirmed requests that had a suggestion, by suggested category (``by="service"``)
    or by the language of the text (``by="language"``), and how many kept the suggestion."""
    from django.conf import settings

    from adilkent.cases.figures import suppress

    if by not in {"service", "language"}:
        raise ValueError(by)
    requests = Request.objects.exclude(status="merged")
    confirmed = requests.filter(category_confirmed=True, suggested_service__isnull=False)
    totals: dict[str, int] = defaultdict(int)
    kept: dict[str, int] = defaultdict(int)
    changed: dict[str, int] = defaultdict(int)
    unsure: dict[str, int] = defaultdict(int)
    labels: dict[str, str] = {}
    for row in confirmed.values(
        "suggested_service__code",
        "suggested_service_id",
        "service_id",
        "text_language",
        "preferred_language",
    ):
        key = (
            row["suggested_service__code"]
            if by == "service"
            else row["text_language"] or row["preferred_language"]
        )
        totals[key] += 1
        if row["service_id"] == row["suggested_service_id"]:
            kept[key] += 1
        else:
            changed[key] += 1
    if by == "service":
        for service in Service.objects.filter(code__in=list(totals)):
            labels[service.code] = str(service.name)
    else:
        labels = {code: str(name) for code, name in settings.LANGUAGES}
        for text_language, preferred in requests.filter(category_not_sure=True).values_list(
            "text_language", "preferred_language"
        ):
            unsure[text_language or preferred] += 1
    shown_totals = _shown(suppress(dict(totals)))
    shown_kept = _shown(suppress(dict(kept)))
    shown_changed = _shown(suppress(dict(changed)))
    shown_unsure = _shown(suppress(dict(unsure)))
    rows = []
    for key in sorted(set(totals) | set(unsure), key=lambda k: labels.get(k, k)):
        total = shown_totals.get(key) if totals.get(key) else 0
        # The kept count is shown only if the corrected one is too (one gives the other).
        accepted: int | None = kept.get(key, 0)
        if (kept.get(key) and shown_kept.get(key) is None) or (
            changed.get(key) and shown_changed.get(key) is None
        ):
            accepted = None
        if total is None:
            accepted = None
        rows.append(
            AcceptanceRow(
                key=key,
                label=labels.get(key, key),
                confirmed=total,
                accepted=accepted,
                not_sure=(shown_unsure.get(key) if unsure.get(key) else 0)
                if by == "language"
                else None,
            )
        )
    return rows


def demand_rows() -> list[dict[str, Any]]:
    """Requests counted per mahalle, service, kind, language and resident group.

    One row per combination (a request naming several groups counts once in each group's
    row; a request naming none counts under group ``""``). Plain dicts, ready for
    ``pandas.DataFrame(rows)`` and the access engine.
    """
    counts: dict[tuple[Any, ...], int] = {}
    places: dict[int, tuple[str, str]] = {}
    queryset = Request.objects.exclude(status="merged").select_related(
        "mahalle__district", "service", "suggested_service"
    )
    for r in queryset:
        service = r.service or r.suggested_service
        if r.mahalle_id:
            places[r.mahalle_id] = (r.mahalle.name, r.mahalle.district.name)  # type: ignore[union-attr]
        for group in r.resident_groups or [""]:
            key = (
                r.mahalle_id,
                service.code if service else "",
                r.kind,
                r.text_language or r.preferred_language,
                group,
            )
            counts[key] = counts.get(key, 0) + 1
    rows = []
    for (mahalle_id, code, kind, language, group), n in sorted(
        counts.items(), key=lambda kv: tuple(str(x) for x in kv[0])
    ):
        name, district = places.get(mahalle_id, ("", "")) if mahalle_id else ("", "")
        rows.append(
            {
                "mahalle_id": mahalle_id,
                "mahalle": name,
                "district": district,
                "service": code,
                "kind": kind,
                "language": language,
                "group": group,
                "requests": n,
            }
        )
    return rows
