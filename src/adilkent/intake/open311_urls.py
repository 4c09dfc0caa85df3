"""Open311 GeoReport v2 endpoints, mounted at /open311/v2/ (outside the language prefixes)."""

from django.urls import URLPattern, URLResolver, re_path

from . import open311 as v

FMT = r"\.(?P<fmt>json|xml)$"
urlpatterns: list[URLPattern | URLResolver] = [
    re_path(r"^discovery" + FMT, v.discovery, name="open311-discovery"),
    re_path(r"^services" + FMT, v.services, name="open311-services"),
    re_path(r"^services/(?P<code>[-\w]+)" + FMT, v.service_definition, name="open311-service"),
    re_path(r"^requests" + FMT, v.requests_view, name="open311-requests"),
    re_path(r"^requests/(?P<code>[-\w]+)" + FMT, v.request_detail, name="open311-request"),
    re_path(r"^tokens/(?P<code>[-\w]+)" + FMT, v.token, name="open311-token"),
    re_path(r"^servicerequestupdates" + FMT, v.service_request_updates, name="open311-updates"),
]
