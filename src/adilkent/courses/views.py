"""Public pages of courses (the finder with its map, a course, applying, the QR check-in) and
the staff's course page (roll-call on session days, completion, exam marks, certificates).

Applying ends on enrolment's receipt; offers are answered on enrolment's status page with the
same follow code. Staff pages follow enrolment's need-to-know rule and its checks (second
factor, audit of every read and action).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adilkent.core import throttle
from adilkent.core.parsing import ParseError, parse_date, parse_int
from adilkent.enrolment import permissions
from adilkent.enrolment.models import Application
from adilkent.enrolment.selectors import attendance_on, group_roll
from adilkent.enrolment.staff_views import staff_view
from adilkent.places.models import Mahalle

from . import selectors, services
from .certificates import qr_svg
from .forms import CourseApplicationForm, FinderForm
from .models import Course, Session

SUBMISSIONS_PER_HOUR = 10
CHECK_INS_PER_HOUR = 30


def _filters(form: FinderForm) -> selectors.Filters:
    if not form.is_valid():
        return selectors.Filters()
    data = form.cleaned_data
    near = Mahalle.objects.filter(pk=data["near"]).first() if data.get("near") else None
    return selectors.Filters(
        district_id=data.get("district"),
        field_id=data.get("field"),
        starts_from=data.get("starts_from"),
        women_only=bool(data.get("women_only")),
        language=data.get("language") or "",
        near_mahalle=near,
    )


def finder(request: HttpRequest) -> HttpResponse:
    form = FinderForm(request.GET or None)
    filters = _filters(form)
    found = selectors.find(timezone.localdate(), filters)
    if request.GET.get("format") == "geojson":
        return JsonResponse(_geojson(found))
    query = request.GET.urlencode()
    return render(
        request,
        "courses/finder.html",
        {
            "form": form,
            "found": found,
            "near": filters.near_mahalle,
            "points_url": reverse("courses:finder")
            + "?"
            + (query + "&" if query else "")
            + "format=geojson",
        },
        status=400 if form.errors else 200,
    )


def _geojson(found: list[selectors.Found]) -> dict[str, Any]:
    """The courses' centres as map points (several courses at one centre share its point)."""
    by_point: dict[tuple[float, float], list[selectors.Found]] = {}
    for item in found:
        if item.lat is not None and item.lon is not None:
            by_point.setdefault((item.lon, item.lat), []).append(item)
    features = []
    for (lon, lat), items in by_point.items():
        first = items[0]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "name": first.centre_name,
                    "type_name": ", ".join(i.course.term.name for i in items),
                    "type_lang": "tr",  # course names are written by staff, in Turkish
                    "address": (
                        f"{first.mahalle.name}, {first.district}"
                        if first.mahalle is not None
                        else _("%(district)s (the exact place is not given in the sources)")
                        % {"district": first.district}
                    ),
                    "url": reverse("courses:course", args=[first.course.pk]),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _course(pk: int) -> Course:
    course = Course.objects.select_related("term__programme", "branch__field").filter(pk=pk).first()
    if course is None:
        raise Http404
    return course


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(pk)
    today = timezone.localdate()
    group = selectors.course_group(course)
    return render(
        request,
        "courses/course.html",
        {
            "course": course,
            "group": group,
            "ages": (group.min_age_months // 12, group.max_age_months // 12) if group else None,
            "sessions": list(course.sessions.all()),
            "open": course.term.applications_open_on <= today <= course.term.applications_close_on,
        },
    )


_FIELD_OF = {"course": None, "term": None, "centres": None}


def apply(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(pk)
    form = CourseApplicationForm(request.POST or None, asks_organisation=course.asks_organisation)
    staff = request.user.is_authenticated and request.user.is_staff
    if request.method == "POST" and form.is_valid():
        if not staff and not throttle.allow("course-apply", request, SUBMISSIONS_PER_HOUR):
            form.add_error(
                None, _("Too many applications from this connection. Please call HİM (153).")
            )
        else:
            data = form.cleaned_data
            try:
                submitted = services.course_apply(
                    course=course,
                    name=data.get("name") or "",
                    birth_date=data.get("birth_date") or "",
                    phone=data.get("phone") or "",
                    email=data.get("email") or "",
                    mahalle_id=data.get("mahalle"),
                    sex=data.get("sex") or "",
                    groups=data.get("groups") or [],
                    organisation=data.get("organisation") or "",
                    organisation_kind=data.get("organisation_kind") or "",
                    language=get_language() or "tr",
                    channel=Application.Channel.DESK if staff else Application.Channel.WEB,
                    entered_by=request.user if staff and isinstance(request.user, User) else None,
                )
            except services.CourseInvalid as error:
                for key, problems in error.errors.items():
                    target = _FIELD_OF.get(key, key)
                    for problem in problems:
                        form.add_error(target if target in form.fields else None, problem)
            else:
                request.session["enrolment_receipt"] = {
                    "code": submitted.follow_code,
                    "numbers": [a.public_id for a in submitted.applications],
                }
                return redirect("enrolment:receipt")
    return render(
        request,
        "courses/apply.html",
        {"course": course, "form": form},
        status=400 if form.errors else 200,
    )


def check_in(request: HttpRequest, code: str) -> HttpResponse:
    """The page a session's QR code opens: the trainee gives their follow code."""
    session = Session.objects.select_related("course__term").filter(check_in_code=code[:40]).first()
    if session is None:
        raise Http404
    context: dict[str, Any] = {"session": session}
    status = 200
    if request.method == "POST":
        if not throttle.allow("course-check-in", request, CHECK_INS_PER_HOUR):
            context["error"] = _("Too many attempts from this connection. Please wait an hour.")
            status = 429
        else:
            try:
                services.session_check_in(
                    check_in_code=code, follow_code=request.POST.get("follow_code", "")[:20]
                )
            except services.CourseInvalid as error:
                context["error"] = " ".join(m for ms in error.errors.values() for m in ms)
                status = 400
            else:
                context["done"] = True
    return render(request, "courses/check_in.html", context, status=status)


# staff


def _public_url(request: HttpRequest, path: str) -> str:
    """The address residents open: the site's public address when it is set."""
    return (
        f"{settings.PUBLIC_BASE_URL}{path}"
        if settings.PUBLIC_BASE_URL
        else request.build_absolute_uri(path)
    )


def _staff_course(request: HttpRequest, pk: int) -> Course:
    course = _course(pk)
    if not permissions.centres_for(request.user).filter(groups__term=course.term).exists():
        raise Http404
    return course


@staff_view("course", "pk")
def staff_course(request: HttpRequest, pk: int) -> HttpResponse:
    course = _staff_course(request, pk)
    group = selectors.course_group(course)
    sessions = list(course.sessions.all())
    try:
        day = parse_date(request.GET.get("day", ""), field="day")
    except ParseError:
        today = timezone.localdate()
        past = [s.day for s in sessions if s.day <= today]
        day = past[-1] if past else (sessions[0].day if sessions else today)
    completion = selectors.completion(course)
    roll = group_roll(group) if group is not None else []
    certificates = {c.application_id: c for c in course.certificates.all()}
    return render(
        request,
        "courses/staff/course.html",
        {
            "course": course,
            "group": group,
            "sessions": sessions,
            "day": day,
            "is_session_day": any(s.day == day for s in sessions),
            "present_ids": {
                p for p, here in (attendance_on(group, day) if group else {}).items() if here
            },
            "rows": [
                (
                    placement,
                    completion.get(placement.application_id),
                    certificates.get(placement.application_id),
                )
                for placement in roll
            ],
            "coordinates": permissions.coordinates(request.user, course.term),
            "check_ins": [
                (session, url, qr_svg(url, title=_("QR code of the check-in page")))
                for session in sessions
                for url in [
                    _public_url(request, reverse("courses:check-in", args=[session.check_in_code]))
                ]
            ],
        },
    )


@require_POST
@staff_view("course attendance", "pk")
def staff_roll_call(request: HttpRequest, pk: int) -> HttpResponse:
    course = _staff_course(request, pk)
    day_text = request.POST.get("day", "")
    try:
        day = parse_date(day_text, field=_("day"))
        present = {
            parse_int(v, field=_("present"), minimum=1) for v in request.POST.getlist("present")
        }
        count = services.course_attendance_mark(
            course=course, day=day, present=present, marked_by=request.user
        )
    except (ParseError, services.CourseInvalid) as error:
        text = (
            str(error)
            if isinstance(error, ParseError)
            else " ".join(m for ms in error.errors.values() for m in ms)
        )
        messages.error(request, text)
        return redirect("courses:staff-course", pk=course.pk)
    messages.success(
        request,
        ngettext(
            "Attendance saved for %(n)s trainee.", "Attendance saved for %(n)s trainees.", count
        )
        % {"n": count},
    )
    return redirect(reverse("courses:staff-course", args=[course.pk]) + f"?day={day.isoformat()}")


@require_POST
@staff_view("course exam marks", "pk")
def staff_marks(request: HttpRequest, pk: int) -> HttpResponse:
    course = _staff_course(request, pk)
    group = selectors.course_group(course)
    held = {p.application_id: p.application for p in (group_roll(group) if group else [])}
    marks: list[tuple[Application, int]] = []
    problems: list[str] = []
    for key in request.POST:
        value = request.POST.get(key, "")
        if not key.startswith("mark_") or not value.strip():
            continue
        try:
            application_id = parse_int(key[5:], field="id", minimum=1)
            mark = parse_int(value, field=_("exam mark"), minimum=0)
        except ParseError as error:
            problems.append(str(error))
            continue
        if application_id not in held:
            problems.append(_("This person is not in the course."))
        elif mark > 100:
            problems.append(_("An exam mark is between 0 and 100."))
        else:
            marks.append((held[application_id], mark))
    if problems:  # one bad mark: none is saved
        messages.error(request, " ".join(problems))
    else:
        for application, mark in marks:
            services.trainee_exam_mark(application=application, mark=mark)
        messages.success(request, _("Exam marks saved: %(n)s.") % {"n": len(marks)})
    return redirect("courses:staff-course", pk=course.pk)
