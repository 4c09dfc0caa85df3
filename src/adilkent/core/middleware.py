"""Site-wide request handling."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from adilkent.core.parsing import ParseError


class BadInputMiddleware:
    """A :class:`ParseError` that a view lets through is the sender's mistake, not the server's:
    it is answered 400 with the field and the reason (JSON for the API, a page otherwise)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ParseError):
            return None
        if request.path.startswith(("/api/", "/open311/")) or "json" in request.headers.get(
            "Accept", ""
        ):
            return JsonResponse({"detail": exception.message, "field": exception.field}, status=400)
        return render(
            request,
            "core/bad_input.html",
            {"field": exception.field, "message": exception.message},
            status=400,
        )


class BodySizeLimitMiddleware:
    """Refuse a request whose declared body is larger than ``MAX_REQUEST_BODY_BYTES`` with 413,
    before anything reads (and spools to disk) the body. Django's own limits count only form
    fields, not uploaded files; the proxy in front (deploy/nginx) has the same limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils.translation import gettext as _

        limit = int(getattr(settings, "MAX_REQUEST_BODY_BYTES", 20 * 1024 * 1024))
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(_("The request's length is not a number."), status=400)
        if declared > limit:
            message = _("The request is larger than %(mb)s MB; send smaller files.") % {
                "mb": limit // (1024 * 1024)
            }
            if request.path.startswith(("/api/", "/open311/")):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
