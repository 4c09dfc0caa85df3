"""The public check of a certificate of volunteering, and its PDF (staff print it; it shows
only what the check shows).

The check answers three things only: a valid certificate's holder, call, hours and issue date
(200); that it was revoked, and when (410); or that no certificate has the code (404).
Lookups are counted per connection, so codes cannot be tried by the thousand.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from adilkent.core import throttle
from adilkent.core.l10n import name_in_language

from .certificates import certificate_by_code, certificate_pdf, verify_url

LOOKUPS_PER_HOUR = 60
CODE_MAX_LENGTH = 40


def _private(response: HttpResponse) -> HttpResponse:
    # the page names a person: kept out of caches and search engines
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    code = code.strip()[:CODE_MAX_LENGTH]
    context: dict[str, object] = {"code": code}
    status = 200
    if not throttle.allow("calls-certificate-verify", request, LOOKUPS_PER_HOUR):
        context["error"] = _("Too many attempts from this connection. Please wait an hour.")
        status = 429
    else:
        certificate = certificate_by_code(code)
        if certificate is None:
            status = 404
            context["unknown"] = True
        elif certificate.revoked_at is not None:
            status = 410
            context["revoked_on"] = timezone.localtime(certificate.revoked_at).date()
        else:
            call = certificate.application.call
            context["certificate"] = {
                "holder_name": certificate.holder_name,
                "call_title": name_in_language(call.title, get_language()) or call.slug,
                "hours": certificate.hours,
                "issued_on": certificate.issued_on,
            }
    return _private(render(request, "calls/public/verify.html", context, status=status))


@require_GET
def pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The certificate to print; a revoked certificate is not printed (its check page says
    it was revoked)."""
    if not throttle.allow("calls-certificate-verify", request, LOOKUPS_PER_HOUR):
        return _private(
            render(
                request,
                "calls/public/verify.html",
                {"error": _("Too many attempts from this connection. Please wait an hour.")},
                status=429,
            )
        )
    certificate = certificate_by_code(code[:CODE_MAX_LENGTH])
    if certificate is None:
        raise Http404
    if certificate.revoked_at is not None:
        return _private(
            render(
                request,
                "calls/public/verify.html",
                {
                    "code": certificate.code,
                    "revoked_on": timezone.localtime(certificate.revoked_at).date(),
                },
                status=410,
            )
        )
    body = certificate_pdf(certificate=certificate, verify_url=verify_url(certificate, request))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="volunteer-certificate-{certificate.code}.pdf"'
    )
    return _private(response)
