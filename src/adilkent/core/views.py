import sys
import uuid

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language, get_language_bidi

from adilkent.places import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"summary": selectors.city_summary()})


def sources(request: HttpRequest) -> HttpResponse:
    """The documents of the directorate's work that the services and programmes are written
    from, by title."""
    from adilkent.core.seed_documents import SEED_DOCUMENTS

    return render(request, "core/sources.html", {"documents": list(SEED_DOCUMENTS.values())})


def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer and the service manager: the database and the shared cache answer
    (200), or which of them does not (503). Says nothing else about the installation."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unavailable"
    probe = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(probe, "1", timeout=10)
        checks["cache"] = "ok" if cache.get(probe) == "1" else "unavailable"
        cache.delete(probe)
    except Exception:  # any cache backend's own connection error
        checks["cache"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    response = JsonResponse(checks, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500. When the database does not answer (a restart, a failover), the
    reader is told the truth: 503, nothing they sent was saved, try again shortly. The page is
    rendered without the request's context (which would need the database)."""
    error = sys.exc_info()[1]
    outage = isinstance(error, (OperationalError, InterfaceError))
    template = loader.get_template("503.html" if outage else "500.html")
    body = template.render(
        {"lang": get_language() or "tr", "dir": "rtl" if get_language_bidi() else "ltr"}
    )
    response = HttpResponse(body, status=503 if outage else 500)
    if outage:
        response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response
