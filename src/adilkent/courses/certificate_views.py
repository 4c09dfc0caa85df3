"""Certificates: the public verification page, and for staff, issuing a certificate, its PDF
and its revocation.

The verification page answers three things only: a valid certificate's holder, course and
issue date; that a certificate was revoked, and when (not whose, not why); or that no
certificate has the code. Lookups are counted per connection, so codes cannot be tried by the
thousand.

Staff pages follow enrolment's: second factor, one audit row per request (refusals too), and
need to know by ``StaffAccess``: the coordinator of the course's programme, or staff of its
centre, may issue and print; only the coordinator may revoke. A record out of scope is a 404.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from adilkent.cases.audit import View, cases_view
from adilkent.core import throttle
from adilkent.enrolment import permissions
from adilkent.enrolment.models import Application, Group

from . import selectors, services
from .certificates import certificate_pdf, verify_url
from .models import Certificate, Course

LOOKUPS_PER_HOUR = 60
CODE_MAX_LENGTH = 40  # a code with dashes and spaces typed in; anything longer is not a code


def _staff_view(object_type: str, id_kwarg: str = "") -> Callable[[View], View]:
    return cases_view(object_type, id_kwarg=id_kwarg, require_role=False, back_after_verify=True)


def _lookup(request: HttpRequest, code: str) -> HttpResponse:
    """The answer for a code: 200 valid, 410 revoked, 404 unknown, 429 too many lookups."""
    context: dict[str, object] = {"code": code}
    status = 200
    if code:
        if not throttle.allow("course-certificate-verify", request, LOOKUPS_PER_HOUR):
            context["error"] = _("Too many attempts from this connection. Please wait an hour.")
            status = 429
        else:
            certificate = selectors.certificate_by_code(code)
            if certificate is None:
                status = 404
                context["unknown"] = True
            elif certificate.revoked_at is not None:
                status = 410
                context["revoked_on"] = timezone.localtime(certificate.revoked_at).date()
            else:
                context["certificate"] = {
                    "holder_name": certificate.holder_name,
                    "course_name": certificate.course.term.name,
                    "issued_on": certificate.issued_on,
                }
    response = render(request, "courses/verify.html", context, status=status)
    # the page names a person: kept out of caches and search engines
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    """The form: a code typed in (``?code=``)."""
    return _lookup(request, request.GET.get("code", "").strip()[:CODE_MAX_LENGTH])


@require_GET
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    """The address a certificate's QR code holds."""
    return _lookup(request, code.strip()[:CODE_MAX_LENGTH])


def _may_see(request: HttpRequest, course: Course) -> bool:
    if permissions.coordinates(request.user, course.term):
        return True
    return Group.objects.filter(
        term_id=course.term_id, centre__in=permissions.centres_for(request.user)
    ).exists()


def _certificate(request: HttpRequest, pk: int) -> Certificate:
    certificate = (
        Certificate.objects.select_related("course__term__programme", "course__branch")
        .filter(pk=pk)
        .first()
    )
    if certificate is None or not _may_see(request, certificate.course):
        raise Http404
    return certificate


def _back(course: Course) -> HttpResponseRedirect:
    return redirect(reverse("courses:staff-course", args=[course.pk]))


def _errors(error: services.CourseInvalid) -> str:
    return " ".join(message for found in error.errors.values() for message in found)


@require_POST
@_staff_view("course application", "pk")
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    application = Application.objects.select_related("term").filter(pk=pk).first()
    course = (
        Course.objects.select_related("term").filter(term_id=application.term_id).first()
        if application is not None
        else None
    )
    if application is None or course is None or not _may_see(request, course):
        raise Http404
    try:
        certificate = services.certificate_issue(
            application=application, issued_by=request.user, today=timezone.localdate()
        )
    except services.CourseInvalid as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            _("Certificate issued, verification code %(code)s.") % {"code": certificate.code},
        )
    return _back(course)


@require_GET
@_staff_view("course certificate", "pk")
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate(request, pk)
    if certificate.revoked_at is not None:
        messages.error(request, _("This certificate was revoked: it is not printed any more."))
        return _back(certificate.course)
    body = certificate_pdf(certificate=certificate, verify_url=verify_url(certificate, request))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@_staff_view("course certificate", "pk")
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate(request, pk)
    if not permissions.coordinates(request.user, certificate.course.term):
        raise Http404
    try:
        services.certificate_revoke(certificate=certificate, reason=request.POST.get("reason", ""))
    except services.CourseInvalid as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            _("Certificate %(code)s revoked: the verification page now says so.")
            % {"code": certificate.code},
        )
    return _back(certificate.course)
