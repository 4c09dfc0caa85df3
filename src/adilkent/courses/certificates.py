"""The printed certificate of completion: one A4 landscape page in the certificate's language
(right to left in Arabic and Persian) with the holder's name, the course, its branch, centre
and dates, the issue date, the verification code and a QR code to the public verification
page. Nothing else about the holder is printed."""

from __future__ import annotations

import segno
from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from adilkent.programmes.reports import html_to_pdf

from . import selectors
from .models import Certificate

# at least level M (15 % of the symbol may be lost; segno raises it when that costs no size):
# a printed page gets folded, stamped and scanned
QR_ERROR_LEVEL = "m"


def certificate_language(certificate: Certificate) -> str:
    """The language the certificate is printed in: the holder's, when the site speaks it."""
    codes = {code for code, _name in settings.LANGUAGES}
    return certificate.language if certificate.language in codes else settings.LANGUAGE_CODE


def verify_url(certificate: Certificate, request: HttpRequest | None = None) -> str:
    """The address of the certificate's public verification page, in its language: the
    public address of the site when it is set, else the address the request came to."""
    with translation.override(certificate_language(certificate)):
        path = reverse("courses:verify-code", args=[certificate.code])
    if settings.PUBLIC_BASE_URL or request is None:
        return f"{settings.PUBLIC_BASE_URL}{path}"
    return request.build_absolute_uri(path)


def qr_svg(url: str, title: str = "") -> SafeString:
    """The QR code of ``url`` as an ``<svg>`` element to put inline in HTML; it scales to the
    size CSS gives it (a view box, no fixed width and height)."""
    code = segno.make(url, error=QR_ERROR_LEVEL, micro=False)
    svg = code.svg_inline(
        border=4, dark="#000", light="#fff", omitsize=True, svgclass="qr", title=title or None
    )
    return mark_safe(svg)  # noqa: S308 -- made by segno from the URL, title escaped by it


def certificate_html(*, certificate: Certificate, verify_url: str) -> str:
    """The certificate as an HTML page for WeasyPrint."""
    course = certificate.course
    group = selectors.course_group(course)
    with translation.override(certificate_language(certificate)):
        return render_to_string(
            "courses/certificate_pdf.html",
            {
                "LANGUAGE_CODE": translation.get_language(),
                "LANGUAGE_BIDI": translation.get_language_bidi(),
                "CITY_NAME": settings.CITY_NAME,
                "holder_name": certificate.holder_name,
                "course_name": course.term.name,
                "programme": course.term.programme.name,
                "training": course.kind == course.Kind.TRAINING,
                "branch": str(course.branch),
                "centre": group.centre.name if group is not None else "",
                "starts_on": course.term.starts_on,
                "ends_on": course.term.ends_on,
                "issued_on": certificate.issued_on,
                "code": certificate.code,
                "verify_link": format_html('<span class="url" dir="ltr">{}</span>', verify_url),
                "qr": qr_svg(verify_url, title=_("QR code of the verification page")),
            },
        )


def certificate_pdf(*, certificate: Certificate, verify_url: str) -> bytes:
    """The certificate as a PDF (WeasyPrint, as the programme reports)."""
    return html_to_pdf(certificate_html(certificate=certificate, verify_url=verify_url))
