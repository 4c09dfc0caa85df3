"""Reads of the service guide: listing, Turkish-aware search in any language, one service."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from adilkent.text import fold

from .models import Service


def service_list(*, query: str = "", group: str = "") -> QuerySet[Service]:
    """Services matching every word of ``query`` (folded) in any of their languages."""
    services = Service.objects.all()
    if group:
        services = services.filter(group=group)
    for word in fold(query).split():
        services = services.filter(search_text__contains=word)
    return services.order_by("order", "code")


def service_by_code(code: str) -> Service | None:
    return Service.objects.prefetch_related("attributes", "facilities").filter(code=code).first()


@dataclass(frozen=True)
class ScheduleLink:
    url: str
    label: str


def schedule_links(code: str) -> list[ScheduleLink]:
    """Where a resident sees when and where the service comes, or books it: the Legal Aid
    Vehicle's booking page, the planner's page of each mobile service."""
    from adilkent.planner.answers import GUIDE_CODES

    links = []
    if code == "legal-aid":
        links.append(ScheduleLink(reverse("legalaid:schedule"), _("Book an appointment")))
    for service, guide_code in GUIDE_CODES.items():
        if guide_code == code:
            links.append(
                ScheduleLink(
                    reverse("planner:service", args=[service]),
                    _("When does it come to my neighbourhood?"),
                )
            )
    if code == "mobile-library":
        links.append(
            ScheduleLink(reverse("planner:service", args=["stage"]), _("Mobile stages: the dates"))
        )
    return links


def services_accepting_requests() -> QuerySet[Service]:
    return Service.objects.filter(accepts_requests=True).prefetch_related("attributes")


def service_training_texts() -> list[tuple[str, str]]:
    """(text, service code) pairs from every language of every service, for the classifier."""
    from .models import TRANSLATED_FIELDS

    pairs: list[tuple[str, str]] = []
    for service in Service.objects.all():
        for field in TRANSLATED_FIELDS:
            if field in {"hours", "responsible_unit", "fees"}:
                continue
            for text in service.texts(field).values():
                if field == "keywords":
                    pairs.append((text, service.code))
                    continue
                for sentence in _sentences(text):
                    pairs.append((sentence, service.code))
    return pairs


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    for piece in text.replace("؛", ".").replace(";", ".").split(". "):
        piece = piece.strip()
        if len(piece) > 12:
            out.append(piece)
    return out
