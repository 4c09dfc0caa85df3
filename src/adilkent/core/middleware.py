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
