"""Pages of the service guide: the list with search, one service, the printable guide."""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from . import selectors
from .models import ServiceGroup


def service_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    group = request.GET.get("group", "")
    if group not in ServiceGroup.values:
        group = ""
    services = list(selectors.service_list(query=query, group=group))
    return render(
        request,
        "guide/service_list.html",
        {"services": services, "query": query, "group": group, "groups": ServiceGroup.choices},
    )


def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    service = selectors.service_by_code(code)
    if service is None:
        raise Http404
    return render(
        request,
        "guide/service_detail.html",
        {"service": service, "schedule_links": selectors.schedule_links(service.code)},
    )


def guide_pdf(request: HttpRequest) -> HttpResponse:
    """The whole guide as a printable PDF in the page's language (WeasyPrint)."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)

    services = list(selectors.service_list())
    html = render_to_string("guide/guide_print.html", {"services": services}, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="services-{get_language()}.pdf"'
    return response
