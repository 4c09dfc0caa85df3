"""Writes of employment: a job seeker's profile (from a course trainee's application), their
consent to share the CV, employers and vacancies, referrals with their outcome, and the
follow-ups 3 and 6 months after someone started work.

Each refusal is :class:`EmploymentInvalid` with a message per field; nothing is changed then.

The same person is found again by keyed hashes, never by decrypting, with the mobile point's
rule (:mod:`.mobile`: the phone's digits, or the casefolded name and the year of birth), so
that a trainee who registered at the mobile point, or the other way round, keeps one
profile.

The CV as a PDF is made only for a person who agreed to share it with employers: the PDF is
what is handed to an employer. Staff read the same data on the person's page without it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from adilkent.courses.models import Certificate, Course
from adilkent.enrolment.models import Application, Placement
from adilkent.places.models import District

from . import mobile
from .models import Employer, FollowUp, Profile, Referral, Vacancy

FOLLOW_UP_MONTHS = (3, 6)
OUTCOMES_AFTER_REFERRAL = (
    Referral.Outcome.INTERVIEW,
    Referral.Outcome.HIRED,
    Referral.Outcome.NOT_HIRED,
)
CV_TEXT_LIMIT = 4000  # characters of each CV section (skills, education, experience)
LANGUAGES_LIMIT = 200

Staff = AbstractBaseUser | AnonymousUser | None


class EmploymentInvalid(Exception):
    """Bad input: ``errors`` maps each field to its messages; nothing was changed."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _staff(by: Staff) -> User | None:
    return by if isinstance(by, User) and by.is_authenticated else None


def _today() -> dt.date:
    return timezone.localdate()


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- the same person ---------------------------------------------------------------------------


def _birth_year(application: Application) -> int | None:
    try:
        return dt.date.fromisoformat(str(application.child_birth_date or "")).year
    except ValueError:
        return None


def _check_cv_text(
    errors: dict[str, list[str]], *, skills: str, languages: str, education: str, experience: str
) -> None:
    for field, value, label in (
        ("skills", skills, _("skills")),
        ("education", education, _("education")),
        ("experience", experience, _("work experience")),
    ):
        if len(value.strip()) > CV_TEXT_LIMIT:
            _add(errors, field, _(
                "Write the %(part)s in at most %(n)s characters (%(given)s given)."
            ) % {"part": label, "n": CV_TEXT_LIMIT, "given": len(value.strip())})  # fmt: skip
    if len(languages.strip()) > LANGUAGES_LIMIT:
        _add(errors, "languages", _(
            "Write the languages in at most %(n)s characters (%(given)s given)."
        ) % {"n": LANGUAGES_LIMIT, "given": len(languages.strip())})  # fmt: skip


# --- profiles ---------------------------------------------------------------------------------


def profile_from_application(
    *,
    application: Application,
    cv_consent: bool,
    skills: str = "",
    languages: str = "",
    education: str = "",
    experience: str = "",
    by: Staff,
) -> tuple[Profile, bool]:
    """The job seeker's profile of a course trainee, and whether it was created now.

    Name, phone, e-mail, mahalle and declared groups are copied from the course application
    (the trainee applied for themselves), sex from the course's trainee record, the year of
    birth from the date of birth. A person already registered (same phone, or same name and
    year of birth) keeps their profile: it is linked to this application when it has none,
    its empty CV sections are filled in and consent given now is recorded; consent already
    given is not taken back here (:func:`profile_consent` does that).
    """
    errors: dict[str, list[str]] = {}
    if application.personal_data_erased_at is not None:
        _add(errors, "application", _("This trainee's personal data has been erased."))
    elif not Course.objects.filter(term_id=application.term_id).exists():
        _add(errors, "application", _("This application is not for a course."))
    elif not (
        Placement.objects.filter(application=application, state=Placement.State.ACCEPTED).exists()
        or Certificate.objects.filter(application=application).exists()
    ):
        _add(errors, "application", _(
            "This person holds no place in the course: only a trainee is registered from a "
            "course application."
        ))  # fmt: skip
    _check_cv_text(
        errors, skills=skills, languages=languages, education=education, experience=experience
    )
    if errors:
        raise EmploymentInvalid(errors)

    name = str(application.child_name).strip()
    phone = str(application.guardian_phone or "").strip()
    birth_year = _birth_year(application)
    trainee: Any = getattr(application, "trainee", None)
    sex = trainee.sex if trainee is not None and trainee.sex in Profile.Sex.values else ""
    now = timezone.now()
    with transaction.atomic():
        # one writer at a time per application: the same trainee registered twice at once
        Application.objects.select_for_update().filter(pk=application.pk).first()
        existing = (
            Profile.objects.filter(application=application, personal_data_erased_at__isnull=True)
            .order_by("created_at", "pk")
            .first()
        ) or mobile.known_profile(name, phone, birth_year)
        if existing is not None:
            changed: list[str] = []
            if existing.application_id is None:
                existing.application = application
                changed.append("application")
            for field, value in (
                ("skills", skills),
                ("languages", languages),
                ("education", education),
                ("experience", experience),
            ):
                if value.strip() and not str(getattr(existing, field) or "").strip():
                    setattr(existing, field, value.strip())
                    changed.append(field)
            if cv_consent and existing.cv_consent_at is None:
                existing.cv_consent_at = now
                changed.append("cv_consent_at")
            if changed:
                existing.save(update_fields=changed)
            return existing, False
        profile = Profile.objects.create(
            name=name,
            phone=phone,
            email=str(application.guardian_email or "").strip(),
            phone_hash=mobile.phone_hash(phone) if phone else "",
            person_key=mobile.person_key(name, birth_year),
            birth_year=birth_year,
            sex=sex or Profile.Sex.UNSAID,
            mahalle_id=application.mahalle_id,
            # the groups the trainee declared on the course's form
            groups=sorted(set(trainee.groups if trainee is not None else [])),
            skills=skills.strip(),
            languages=languages.strip(),
            education=education.strip(),
            experience=experience.strip(),
            cv_consent_at=now if cv_consent else None,
            source=Profile.Source.COURSE,
            application=application,
            created_by=_staff(by),
        )
    return profile, True


def _not_erased(profile: Profile) -> None:
    if profile.personal_data_erased_at is not None:
        raise EmploymentInvalid({"profile": [_("This person's personal data has been erased.")]})


def profile_consent(*, profile: Profile, consent: bool) -> Profile:
    """Record that the person agreed to share their CV with employers (now), or that they
    took the agreement back."""
    _not_erased(profile)
    if consent and profile.cv_consent_at is None:
        profile.cv_consent_at = timezone.now()
        profile.save(update_fields=["cv_consent_at"])
    elif not consent and profile.cv_consent_at is not None:
        profile.cv_consent_at = None
        profile.save(update_fields=["cv_consent_at"])
    return profile


def profile_cv_update(
    *, profile: Profile, skills: str, languages: str, education: str, experience: str
) -> Profile:
    """The CV's sections as the person tells them."""
    _not_erased(profile)
    errors: dict[str, list[str]] = {}
    _check_cv_text(
        errors, skills=skills, languages=languages, education=education, experience=experience
    )
    if errors:
        raise EmploymentInvalid(errors)
    profile.skills = skills.strip()
    profile.languages = languages.strip()
    profile.education = education.strip()
    profile.experience = experience.strip()
    profile.save(update_fields=["skills", "languages", "education", "experience"])
    return profile


# --- employers and vacancies -----------------------------------------------------------------


def employer_create(
    *, name: str, sector: str = "", district_id: int | None = None, contact: str = ""
) -> Employer:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        _add(errors, "name", _("Write the employer's name."))
    elif len(name.strip()) > 200:
        _add(errors, "name", _("Write the name in at most 200 characters."))
    if len(sector.strip()) > 120:
        _add(errors, "sector", _("Write the sector in at most 120 characters."))
    if len(contact.strip()) > 200:
        _add(errors, "contact", _("Write the contact in at most 200 characters."))
    if district_id is not None and not District.objects.filter(pk=district_id).exists():
        _add(errors, "district", _("Choose one of the districts."))
    if errors:
        raise EmploymentInvalid(errors)
    return Employer.objects.create(
        name=name.strip(), sector=sector.strip(), district_id=district_id, contact=contact.strip()
    )


def vacancy_create(
    *,
    employer: Employer,
    title: str,
    positions: int,
    opened_on: dt.date,
    closes_on: dt.date | None,
) -> Vacancy:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        _add(errors, "title", _("Write the job's title."))
    elif len(title.strip()) > 200:
        _add(errors, "title", _("Write the title in at most 200 characters."))
    if not 1 <= positions <= 999:
        _add(errors, "positions", _("A vacancy has from 1 to 999 positions."))
    if closes_on is not None and closes_on < opened_on:
        _add(errors, "closes_on", _(
            "The vacancy cannot close (%(closes)s) before it opens (%(opens)s)."
        ) % {"closes": date_format(closes_on), "opens": date_format(opened_on)})  # fmt: skip
    if errors:
        raise EmploymentInvalid(errors)
    return Vacancy.objects.create(
        employer=employer,
        title=title.strip(),
        positions=positions,
        opened_on=opened_on,
        closes_on=closes_on,
    )


# --- referrals --------------------------------------------------------------------------------


def referral_create(
    *, profile: Profile, vacancy: Vacancy, by: Staff, today: dt.date | None = None
) -> Referral:
    """Refer a person to a vacancy: only with their consent to share the CV, to a vacancy
    open today that still has a position, and once per vacancy."""
    today = today or _today()
    _not_erased(profile)
    errors: dict[str, list[str]] = {}
    if profile.cv_consent_at is None:
        _add(errors, "profile", _(
            "This person has not agreed to share their CV with employers, so they cannot be "
            "referred. Ask them, and record their consent on this page first."
        ))  # fmt: skip
    if vacancy.closes_on is not None and vacancy.closes_on < today:
        _add(errors, "vacancy", _(
            "The vacancy “%(vacancy)s” closed on %(day)s: it takes no more referrals."
        ) % {"vacancy": vacancy.title, "day": date_format(vacancy.closes_on)})  # fmt: skip
    elif vacancy.opened_on > today:
        _add(errors, "vacancy", _(
            "The vacancy “%(vacancy)s” opens on %(day)s: refer people to it from that day."
        ) % {"vacancy": vacancy.title, "day": date_format(vacancy.opened_on)})  # fmt: skip
    earlier = Referral.objects.filter(profile=profile, vacancy=vacancy).first()
    if earlier is not None:
        _add(errors, "vacancy", _(
            "This person was already referred to “%(vacancy)s” on %(day)s."
        ) % {"vacancy": vacancy.title, "day": date_format(earlier.referred_on)})  # fmt: skip
    hired = vacancy.referrals.filter(outcome=Referral.Outcome.HIRED).count()
    if earlier is None and hired >= vacancy.positions:
        _add(errors, "vacancy", _(
            "All %(n)s positions of “%(vacancy)s” are filled."
        ) % {"n": vacancy.positions, "vacancy": vacancy.title})  # fmt: skip
    if errors:
        raise EmploymentInvalid(errors)
    try:
        with transaction.atomic():
            return Referral.objects.create(
                profile=profile, vacancy=vacancy, referred_on=today, referred_by=_staff(by)
            )
    except IntegrityError as error:  # the same referral sent twice at the same moment
        raise EmploymentInvalid(
            {"vacancy": [_("This person was already referred to this vacancy.")]}
        ) from error


def referral_outcome(
    *,
    referral: Referral,
    outcome: str,
    on: dt.date,
    started_on: dt.date | None,
    today: dt.date | None = None,
) -> Referral:
    """What came of a referral: an interview, hired (with the day work started) or not
    hired. Dates are of what has happened: none in the future, none before the referral."""
    today = today or _today()
    errors: dict[str, list[str]] = {}
    if outcome not in OUTCOMES_AFTER_REFERRAL:
        _add(errors, "outcome", _("Choose the outcome: interview, hired or not hired."))
    if on > today:
        _add(errors, "on", _("The outcome's date (%(day)s) is in the future.") % {
            "day": date_format(on)
        })  # fmt: skip
    elif on < referral.referred_on:
        _add(errors, "on", _(
            "The outcome's date (%(day)s) is before the referral (%(referred)s)."
        ) % {"day": date_format(on), "referred": date_format(referral.referred_on)})  # fmt: skip
    if outcome == Referral.Outcome.HIRED:
        if started_on is None:
            _add(errors, "started_on", _("Give the day the person started work."))
        elif started_on > today:
            _add(errors, "started_on", _(
                "The start of work (%(day)s) is in the future: record the outcome once the "
                "person has started."
            ) % {"day": date_format(started_on)})  # fmt: skip
        elif started_on < referral.referred_on:
            _add(errors, "started_on", _(
                "The start of work (%(day)s) is before the referral (%(referred)s)."
            ) % {"day": date_format(started_on),
                 "referred": date_format(referral.referred_on)})  # fmt: skip
    elif started_on is not None:
        _add(errors, "started_on", _("A start of work is given only for someone hired."))
    if (
        outcome != Referral.Outcome.HIRED or started_on != referral.started_on
    ) and referral.follow_ups.exists():
        _add(errors, "outcome", _(
            "Follow-ups of this job are recorded: the outcome and the start of work can no "
            "longer change."
        ))  # fmt: skip
    if errors:
        raise EmploymentInvalid(errors)
    referral.outcome = outcome
    referral.outcome_on = on
    referral.started_on = started_on if outcome == Referral.Outcome.HIRED else None
    referral.save(update_fields=["outcome", "outcome_on", "started_on"])
    return referral


def follow_up_record(
    *,
    referral: Referral,
    months: int,
    employed: bool,
    checked_on: dt.date,
    by: Staff,
    today: dt.date | None = None,
) -> FollowUp:
    """Whether someone hired through a referral still works there 3 or 6 months after they
    started: once per mark, checked on or after the mark's day."""
    today = today or _today()
    errors: dict[str, list[str]] = {}
    if referral.outcome != Referral.Outcome.HIRED or referral.started_on is None:
        _add(errors, "referral", _(
            "A follow-up is recorded only for someone hired through the referral, with the "
            "day they started work."
        ))  # fmt: skip
    if months not in FOLLOW_UP_MONTHS:
        _add(errors, "months", _("A follow-up is made 3 or 6 months after the start of work."))
    if checked_on > today:
        _add(errors, "checked_on", _("The day of the check (%(day)s) is in the future.") % {
            "day": date_format(checked_on)
        })  # fmt: skip
    if not errors and referral.started_on is not None:
        due = add_months(referral.started_on, months)
        if checked_on < due:
            _add(errors, "checked_on", _(
                "The %(months)s-month follow-up is made from %(due)s, %(months)s months after "
                "the start of work on %(start)s; %(day)s is too early."
            ) % {"months": months, "due": date_format(due),
                 "start": date_format(referral.started_on),
                 "day": date_format(checked_on)})  # fmt: skip
    if months in FOLLOW_UP_MONTHS and referral.follow_ups.filter(months=months).exists():
        _add(errors, "months", _("The %(months)s-month follow-up is already recorded.") % {
            "months": months
        })  # fmt: skip
    if errors:
        raise EmploymentInvalid(errors)
    try:
        with transaction.atomic():
            return FollowUp.objects.create(
                referral=referral,
                months=months,
                checked_on=checked_on,
                employed=employed,
                checked_by=_staff(by),
            )
    except IntegrityError as error:
        raise EmploymentInvalid(
            {"months": [_("The %(months)s-month follow-up is already recorded.") % {
                "months": months
            }]}
        ) from error  # fmt: skip


# --- the CV -----------------------------------------------------------------------------------


def cv_html(profile: Profile, *, language: str = "tr") -> str:
    """The CV as a printable page: contact, languages, skills, education, experience and the
    course certificates still valid. Sex, the declared groups and the mahalle are not on it:
    an employer has no need of them."""
    from adilkent.programmes.reports import FONTS_CSS

    certificates = (
        Certificate.objects.filter(application=profile.application, revoked_at__isnull=True)
        .select_related("course__term", "course__branch__field")
        .order_by("-issued_on")
        if profile.application_id is not None
        else Certificate.objects.none()
    )
    with translation.override(language):
        return render_to_string(
            "employment/cv_pdf.html",
            {
                "profile": profile,
                "certificates": list(certificates),
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
                "report_css": FONTS_CSS.read_text(encoding="utf-8"),
                "generated": timezone.localdate(),
            },
        )


def cv_pdf(profile: Profile, *, language: str = "tr") -> bytes:
    """The CV printed as a PDF, for a person who agreed to share it with employers; refused
    otherwise (without consent nobody needs the printout: staff read the profile page)."""
    from adilkent.programmes.reports import html_to_pdf

    _not_erased(profile)
    if profile.cv_consent_at is None:
        raise EmploymentInvalid({"profile": [_(
            "This person has not agreed to share their CV with employers: the CV is not "
            "printed."
        )]})  # fmt: skip
    return html_to_pdf(cv_html(profile, language=language))
