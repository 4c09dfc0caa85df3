"""Writes of courses: applying for a course (through enrolment's application), attendance on
a session day (by staff, or by the trainee's QR check-in), certificates and their revocation.

Each refusal is :class:`CourseInvalid` with a message per field; nothing is changed then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from adilkent.core.parsing import ParseError, parse_date
from adilkent.enrolment import selectors as enrolment_selectors
from adilkent.enrolment import services as enrolment
from adilkent.enrolment.models import Application, Attendance, Placement
from adilkent.enrolment.services import ChildInput, EnrolmentInvalid, follow_hash

from . import selectors
from .models import Certificate, Course, Session, Trainee, age_band

ADULT_FROM_YEARS = 15  # the youngest age a course may take (its group's band may be narrower)
CHECK_IN_EARLY = dt.timedelta(minutes=30)


class CourseInvalid(Exception):
    """Bad input: ``errors`` maps each field to its messages; nothing was changed."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


# enrolment's own messages speak of a child and a guardian; a course's applicant applies for
# themselves, so the fields those messages are about are checked here first, in these words
def course_apply(
    *,
    course: Course,
    name: str,
    birth_date: str,
    phone: str,
    email: str,
    mahalle_id: int | None,
    sex: str,
    groups: Sequence[str],
    language: str,
    organisation: str = "",
    organisation_kind: str = "",
    channel: str = Application.Channel.WEB,
    entered_by: AbstractBaseUser | None = None,
    today: dt.date | None = None,
) -> enrolment.Submitted:
    """Apply for a course for oneself: an enrolment application to the course's term and
    centre, with the course's own data (:class:`Trainee`)."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not name.strip():
        _add(errors, "name", _("Please write your name."))
    if not (phone.strip() or email.strip()):
        _add(errors, "phone", _("Give a phone number or an e-mail address for the offer."))
    birth: dt.date | None = None
    try:
        birth = parse_date(birth_date, field=_("date of birth"))
    except ParseError as error:
        _add(errors, "birth_date", str(error))
    if birth is not None:
        years = enrolment.age_in_months(birth, course.term.starts_on) // 12
        group = selectors.course_group(course)
        if birth > today:
            _add(errors, "birth_date", _("The date of birth is in the future."))
        elif years < ADULT_FROM_YEARS or (group is not None and not group.takes(years * 12)):
            low, high = (
                (group.min_age_months // 12, group.max_age_months // 12)
                if group is not None
                else (ADULT_FROM_YEARS, 120)
            )
            _add(errors, "birth_date", _(
                "This course takes people aged %(low)s to %(high)s on its first day (%(start)s); "
                "you will be %(age)s."
            ) % {"low": low, "high": high, "start": date_format(course.term.starts_on),
                 "age": years})  # fmt: skip
    if sex not in Trainee.Sex.values:
        _add(errors, "sex", _("Choose one of the answers."))
    elif course.women_only and sex != Trainee.Sex.WOMAN:
        _add(errors, "sex", _("This course is for women only."))
    if organisation_kind and organisation_kind not in Trainee.OrganisationKind.values:
        _add(errors, "organisation_kind", _("Choose one of the answers."))
    if course.asks_organisation and not organisation.strip():
        _add(errors, "organisation", _("Write the organisation you represent at this training."))
    if mahalle_id is None:
        _add(errors, "mahalle", _("Choose the mahalle in İzmir where you live."))
    unknown = sorted(set(groups) - set(Trainee.GROUPS))
    if unknown:
        _add(errors, "groups", _("Unknown group: %(g)s") % {"g": ", ".join(unknown)})
    group = selectors.course_group(course)
    if group is None:
        _add(errors, "course", _("This course has no class to enrol in yet."))
    if errors:
        raise CourseInvalid(errors)
    assert group is not None and birth is not None
    try:
        with transaction.atomic():
            submitted = enrolment.application_submit(
                term=course.term,
                guardian_name=name,
                guardian_phone=phone,
                guardian_email=email,
                children=[ChildInput(name, birth.isoformat())],
                centre_ids=[group.centre_id],
                mahalle_id=mahalle_id,
                priority_groups=sorted(
                    set(groups) & enrolment_selectors.priority_group_codes(course.term)
                ),
                language=language,
                channel=channel,
                entered_by=entered_by,
                today=today,
            )
            Trainee.objects.create(
                application=submitted.applications[0],
                sex=sex,
                organisation=organisation.strip()[:200],
                organisation_kind=organisation_kind,
                groups=sorted(set(groups)),
                age_band=age_band(enrolment.age_in_months(birth, course.term.starts_on) // 12),
            )
    except EnrolmentInvalid as error:
        renamed = {"children": "name", "guardian_name": "name", "guardian_phone": "phone"}
        raise CourseInvalid(
            {renamed.get(key, key): messages for key, messages in error.errors.items()}
        ) from error
    return submitted


def _session_on(course: Course, day: dt.date) -> Session:
    session = course.sessions.filter(day=day).first()
    if session is None:
        raise CourseInvalid({"day": [_(
            "%(course)s has no session on %(day)s: attendance is marked on session days only."
        ) % {"course": course, "day": date_format(day)}]})  # fmt: skip
    return session


def course_attendance_mark(
    *,
    course: Course,
    day: dt.date,
    present: set[int],
    marked_by: AbstractBaseUser | AnonymousUser,
) -> int:
    """The roll-call of a session day (enrolment's attendance of the course's group)."""
    _session_on(course, day)
    group = selectors.course_group(course)
    if group is None:
        raise CourseInvalid({"course": [_("This course has no class yet.")]})
    try:
        return enrolment.attendance_mark(
            group_id=group.pk, day=day, present=present, marked_by=marked_by
        )
    except EnrolmentInvalid as error:
        raise CourseInvalid(error.errors) from error


def session_check_in(
    *, check_in_code: str, follow_code: str, now: dt.datetime | None = None
) -> Attendance:
    """A trainee marks themselves present by the session's QR code and their follow code:
    only on the session's day, from half an hour before it starts until it ends."""
    now = timezone.localtime(now or timezone.now())
    session = (
        Session.objects.select_related("course__term").filter(check_in_code=check_in_code).first()
    )
    if session is None:
        raise CourseInvalid({"session": [_("This check-in code is not a session's.")]})
    starts = timezone.make_aware(dt.datetime.combine(session.day, session.starts_at))
    ends = timezone.make_aware(dt.datetime.combine(session.day, session.ends_at))
    if not starts - CHECK_IN_EARLY <= now <= ends:
        raise CourseInvalid({"session": [_(
            "Check-in for this session is open on %(day)s from %(start)s to %(end)s."
        ) % {"day": date_format(session.day), "start": (starts - CHECK_IN_EARLY).strftime("%H:%M"),
             "end": session.ends_at.strftime("%H:%M")}]})  # fmt: skip
    placement = (
        Placement.objects.filter(
            state=Placement.State.ACCEPTED,
            group__term=session.course.term,
            application__follow_hash=follow_hash(follow_code.strip().upper()),
        )
        .order_by("pk")
        .first()
    )
    if placement is None:
        raise CourseInvalid({"follow_code": [_(
            "This code holds no place in this course. Check the code on your receipt."
        )]})  # fmt: skip
    attendance, _created = Attendance.objects.update_or_create(
        placement=placement, day=session.day, defaults={"present": True, "marked_by": None}
    )
    return attendance


def trainee_exam_mark(*, application: Application, mark: int) -> Trainee:
    if not 0 <= mark <= 100:
        raise CourseInvalid({"exam_mark": [_("An exam mark is between 0 and 100.")]})
    trainee, _created = Trainee.objects.get_or_create(application=application)
    trainee.exam_mark = mark
    trainee.save(update_fields=["exam_mark"])
    return trainee


def certificate_issue(
    *,
    application: Application,
    issued_by: AbstractBaseUser | AnonymousUser | None,
    today: dt.date | None = None,
) -> Certificate:
    """A certificate for a trainee who completed the course by its rule; refused, with what is
    missing, for anyone else."""
    course = Course.objects.select_related("term").filter(term=application.term).first()
    if course is None:
        raise CourseInvalid({"application": [_("This application is not for a course.")]})
    if application.personal_data_erased_at is not None:
        raise CourseInvalid({"application": [_("This trainee's data has been erased.")]})
    completion = selectors.completion(course).get(application.pk)
    if completion is None:
        raise CourseInvalid({"application": [_("This person holds no place in the course.")]})
    if not completion.complete:
        raise CourseInvalid({"application": [_(
            "No certificate: the course's completion rule is not met (%(missing)s)."
        ) % {"missing": "; ".join(completion.missing)}]})  # fmt: skip
    with transaction.atomic():
        if Certificate.objects.select_for_update().filter(application=application).exists():
            raise CourseInvalid({"application": [_("A certificate was already issued.")]})
        return Certificate.objects.create(
            application=application,
            course=course,
            holder_name=application.child_name,
            phone_hash=application.phone_hash,
            email_hash=application.email_hash,
            language=application.preferred_language,
            issued_on=today or timezone.localdate(),
            issued_by=issued_by if isinstance(issued_by, User) else None,
        )


def certificate_revoke(*, certificate: Certificate, reason: str) -> Certificate:
    if not reason.strip():
        raise CourseInvalid({"reason": [_("Write why the certificate is revoked.")]})
    if certificate.revoked_at is not None:
        raise CourseInvalid({"reason": [_("This certificate is already revoked.")]})
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason.strip()[:300]
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    return certificate
