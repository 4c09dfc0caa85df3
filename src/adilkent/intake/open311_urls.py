"""Open311 GeoReport v2 endpoints, mounted at /open311/v2/ (outside the language prefixes)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
