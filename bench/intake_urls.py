"""The benchmark's URLconf: every product URL, plus a bare Django view that writes one row.

The bare view is the baseline the intake is compared with: the same server, settings,
middleware and database, a form-encoded POST, one ``INSERT`` through the ORM and a small JSON
answer, and nothing else (no key check, no validation, no language detection, no category
suggestion, no routing, no event row). Its table is created by ``bench/intake.py prepare``.
"""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path
from django.views.decorators.csrf import csrf_exempt

from adilkent.urls import urlpatterns as product_urlpatterns


class BareRow(models.Model):
    """One posted form, as written by the baseline view."""

    service_code = models.CharField(max_length=50)
    description = models.TextField()
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "intake_bench"
        db_table = "intake_bench_barerow"

    def __str__(self) -> str:
        return f"{self.service_code} #{self.pk}"


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


@csrf_exempt
def bare_row(request: HttpRequest) -> JsonResponse:
    if request.method != "POST":
        return JsonResponse([{"code": 405, "description": "POST only"}], status=405, safe=False)
    row = BareRow.objects.create(
        service_code=request.POST.get("service_code", "")[:50],
        description=request.POST.get("description", ""),
        lat=_float(request.POST.get("lat")),
        lon=_float(request.POST.get("long")),
    )
    return JsonResponse([{"service_request_id": str(row.pk)}], status=201, safe=False)


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/bare-row.json", bare_row, name="bench-bare-row"),
    *product_urlpatterns,
]
