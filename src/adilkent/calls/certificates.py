"""The printed certificate of volunteering: one A4 landscape page in the certificate's
language (right to left in Arabic and Persian) with only what the public verification page
shows (the holder's name, the call, the hours served and the issue date), the verification
code and a QR code to that page. The QR code and the PDF are made by the helpers of the course
certificates."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from adilkent.core.l10n import name_in_language
from adilkent.courses.certificates import qr_svg
from adilkent.programmes.reports import html_to_pdf

from .models import VolunteerCertificate


def certificate_language(certificate: VolunteerCertificate) -> str:
    """The holder's language when the site speaks it, else the site's."""
    codes = {code for code, _name in settings.LANGUAGES}
    return certificate.language if certificate.language in codes else settings.LANGUAGE_CODE


def certificate_by_code(code: str) -> VolunteerCertificate | None:
    """The certificate a code names (letters in any case, with or without the dashes)."""
    raw = "".join(ch for ch in (code or "").upper() if ch.isascii() and ch.isalnum())
    if len(raw) != 16:
        return None
    canonical = "-".join(raw[i : i + 4] for i in range(0, 16, 4))
    return (
        VolunteerCertificate.objects.select_related("application__call")
        .filter(code=canonical)
        .first()
    )


def verify_url(certificate: VolunteerCertificate, request: HttpRequest | None = None) -> str:
    """The public verification page, in the certificate's language, at the site's public
    address when it is set."""
    with translation.override(certificate_language(certificate)):
        path = reverse("calls:certificate", args=[certificate.code])
    if settings.PUBLIC_BASE_URL or request is None:
        return f"{settings.PUBLIC_BASE_URL}{path}"
    return request.build_absolute_uri(path)


def certificate_html(*, certificate: VolunteerCertificate, verify_url: str) -> str:
    call = certificate.application.call
    language = certificate_language(certificate)
    with translation.override(language):
        return render_to_string(
            "calls/public/certificate_pdf.html",
            {
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
                "CITY_NAME": settings.CITY_NAME,
                "holder_name": certificate.holder_name,
                "call_title": name_in_language(call.title, language) or call.slug,
                "hours": certificate.hours,
                "issued_on": certificate.issued_on,
                "code": certificate.code,
                "verify_link": format_html('<span class="url" dir="ltr">{}</span>', verify_url),
                "qr": qr_svg(verify_url, title=_("QR code of the verification page")),
            },
        )


def certificate_pdf(*, certificate: VolunteerCertificate, verify_url: str) -> bytes:
    return html_to_pdf(certificate_html(certificate=certificate, verify_url=verify_url))
