"""The certificate pages' routes (issue, PDF, revocation, public verification)."""

from django.urls import URLPattern, path

from . import certificate_views

urlpatterns: list[URLPattern] = [
    path("verify/", certificate_views.verify, name="verify"),
    path("verify/<str:code>/", certificate_views.verify_code, name="verify-code"),
    path(
        "staff/applications/<int:pk>/certificate/",
        certificate_views.issue,
        name="staff-certificate-issue",
    ),
    path(
        "staff/certificates/<int:pk>.pdf",
        certificate_views.pdf,
        name="staff-certificate-pdf",
    ),
    path(
        "staff/certificates/<int:pk>/revoke/",
        certificate_views.revoke,
        name="staff-certificate-revoke",
    ),
]
