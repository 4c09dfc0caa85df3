import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from adilkent.places import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"summary": selectors.city_summary()})


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
