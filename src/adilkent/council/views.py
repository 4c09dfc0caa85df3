"""Public pages of the council, in every language of the site: the tree of bodies, a body's
page (purpose, members as the rule for children allows, meetings with agenda and minutes,
recommendations with the unit's answer and what was done), and the recommendations,
filterable by body, unit and status, with open data (CSV, JSON, XLSX)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from adilkent.core.l10n import name_in_language
from adilkent.programmes.exports import table_bytes

from . import selectors, services
from .models import Body, Recommendation

FORMATS = ("csv", "json", "xlsx")


def _language() -> str:
    return (translation.get_language() or "tr")[:2]


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "council/public/index.html", {"tree": selectors.body_tree(_language())})


def _rows(rows: list[Recommendation], language: str) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        {
            "r": r,
            "status": r.status(today),
            "status_label": selectors.status_label(r.status(today)),
            "body_name": selectors.body_name(r.body, language),
            "written_in": selectors.language_of(r.language, language),
        }
        for r in rows
    ]


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_object_or_404(Body.objects.select_related("parent", "programme"), slug=slug)
    language = _language()
    recs = selectors.recommendations(body=body)
    context = {
        "body": body,
        "name": selectors.body_name(body, language),
        "purpose": name_in_language(body.purpose, language) if body.purpose else "",
        "parent_name": selectors.body_name(body.parent, language) if body.parent else "",
        "parts": [
            (b, selectors.body_name(b, language)) for b in body.children.order_by("order", "slug")
        ],
        "programme": body.programme,
        "members": selectors.public_members(body, language),
        "meetings": selectors.meetings(body, language),
        "recommendations": _rows(recs, language),
        "answer_days": services.answer_days(),
        "draws": body.draws.filter(status="drawn").order_by("-drawn_at"),
    }
    return render(request, "council/public/body.html", context)


def recommendations(request: HttpRequest) -> HttpResponse:
    language = _language()
    body_slug = request.GET.get("body", "")
    body = Body.objects.filter(slug=body_slug).first() if body_slug else None
    unit = request.GET.get("unit", "")
    status = request.GET.get("status", "")
    if status not in selectors.STATUSES:
        status = ""
    rows = selectors.recommendations(body=body, unit=unit, status=status, with_parts=True)
    fmt = request.GET.get("format", "")
    if fmt:
        if fmt not in FORMATS:
            raise Http404
        content, content_type = table_bytes(
            _("Recommendations of the City Council's bodies"),
            selectors.export_rows(rows, language),
            fmt,
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="council-recommendations.{fmt}"'
        return response
    every = selectors.recommendations()
    query = request.GET.copy()
    query.pop("format", None)
    context = {
        "rows": _rows(rows, language),
        "bodies": [
            (b.slug, selectors.body_name(b, language))
            for b in Body.objects.filter(recommendations__isnull=False).distinct()
        ],
        "units": selectors.unit_choices(),
        "statuses": [(s, selectors.status_label(s)) for s in selectors.STATUSES],
        "chosen": {"body": body_slug, "unit": unit, "status": status},
        "query": query.urlencode(),
        "by_body": selectors.figures(every, "body", language),
        "by_unit": selectors.figures(every, "unit", language),
        "formats": FORMATS,
    }
    return render(request, "council/public/recommendations.html", context)
