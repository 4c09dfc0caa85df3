"""Writes of the council, keyword-only, each raising :class:`CouncilInvalid` (messages per
field, nothing changed) on bad input or a rule broken.

The rule for children: a person under 18 becomes a member of a body only after their parent's
or guardian's consent is recorded for that body (or a body it is part of) with
:func:`guardian_consent_record`; :func:`body_member_add` refuses them otherwise, and refuses
anyone outside the body's age limits."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adilkent.intake.models import Unit

from .models import (
    ADULT_AGE,
    AgendaItem,
    Body,
    GuardianConsent,
    Meeting,
    Member,
    ProgressNote,
    Recommendation,
    Sex,
    age_on,
)

log = logging.getLogger(__name__)


class CouncilInvalid(Exception):
    """Bad input or a rule broken: ``errors`` maps each field (or ``""``) to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise CouncilInvalid(errors)


def answer_days() -> int:
    """Days a unit has to answer a recommendation (setting ``COUNCIL_ANSWER_DAYS``)."""
    return int(getattr(settings, "COUNCIL_ANSWER_DAYS", 60))


def _languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


# --- consent and members ------------------------------------------------------------------------


@transaction.atomic
def guardian_consent_record(
    *,
    body: Body,
    child_name: str,
    child_birth_date: dt.date,
    guardian_name: str,
    relation: str,
    guardian_contact: str,
    given_on: dt.date,
    how: str,
    by: Any,
    today: dt.date | None = None,
) -> GuardianConsent:
    """Record a guardian's consent for a child to join ``body`` (and its committees)."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not child_name.strip():
        _add(errors, "child_name", _("Give the child's name."))
    if not guardian_name.strip():
        _add(errors, "guardian_name", _("Give the name of the parent or guardian."))
    if child_birth_date > today:
        _add(errors, "child_birth_date", _("The date of birth cannot be in the future."))
    elif age_on(child_birth_date, today) >= ADULT_AGE:
        _add(
            errors,
            "child_birth_date",
            _("This person is 18 or older: no guardian's consent is needed."),
        )
    if relation not in GuardianConsent.Relation.values:
        _add(errors, "relation", _("Choose the guardian's relation to the child."))
    if how not in GuardianConsent.How.values:
        _add(errors, "how", _("Choose how the consent was given."))
    if given_on > today:
        _add(errors, "given_on", _("The consent cannot be dated in the future."))
    _raise(errors)
    consent = GuardianConsent.objects.create(
        body=body,
        child_name=child_name.strip(),
        child_birth_date=child_birth_date,
        guardian_name=guardian_name.strip(),
        relation=relation,
        guardian_contact=guardian_contact.strip(),
        given_on=given_on,
        how=how,
        recorded_by=by,
    )
    log.info("council: consent %s recorded for body %s", consent.pk, body.slug)
    return consent


def consents_usable(body: Body) -> list[GuardianConsent]:
    """Consents that cover ``body`` (recorded for it or a body it is part of), not withdrawn."""
    return list(GuardianConsent.objects.filter(body__in=body.lineage(), withdrawn_on__isnull=True))


@transaction.atomic
def body_member_add(
    *,
    body: Body,
    full_name: str,
    role: str,
    term_from: dt.date,
    term_to: dt.date | None,
    birth_date: dt.date | None,
    sex: str,
    listed: bool,
    phone: str = "",
    email: str = "",
    guardian_contact: str = "",
    consent: GuardianConsent | None = None,
    adult_confirmed: bool = False,
    by: Any,
    today: dt.date | None = None,
) -> Member:
    """Add a member to ``body``. A child (under 18 today) needs ``consent``, a guardian's
    consent recorded for this body or a body it is part of, for a child of the same date of
    birth; a body with age limits needs every member's date of birth, within its limits; in
    another body, a member without a date of birth must be confirmed 18 or older
    (``adult_confirmed``)."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not full_name.strip():
        _add(errors, "full_name", _("Give the member's name."))
    if role not in Member.Role.values:
        _add(errors, "role", _("Choose the member's role."))
    if sex not in Sex.values:
        _add(errors, "sex", _("Choose one of the options."))
    if term_to is not None and term_to < term_from:
        _add(errors, "term_to", _("The term cannot end before it begins."))
    age = None
    if birth_date is not None:
        if birth_date > today:
            _add(errors, "birth_date", _("The date of birth cannot be in the future."))
        else:
            age = age_on(birth_date, today)
    elif body.has_age_limits:
        _add(
            errors,
            "birth_date",
            _("This body has age limits: give the member's date of birth."),
        )
    elif not adult_confirmed:
        # without a date of birth nothing would tell a child, who needs a guardian's consent
        _add(
            errors,
            "birth_date",
            _(
                "Give the member's date of birth, or confirm that they are 18 or older: a "
                "child can join only with a guardian's consent."
            ),
        )
    if age is not None:
        if body.min_age is not None and age < body.min_age:
            _add(
                errors,
                "birth_date",
                _("Members of this body are at least %(age)s years old.") % {"age": body.min_age},
            )
        if body.max_age is not None and age > body.max_age:
            _add(
                errors,
                "birth_date",
                _("Members of this body are at most %(age)s years old.") % {"age": body.max_age},
            )
    child = age is not None and age < ADULT_AGE
    if child:
        if consent is None:
            _add(
                errors,
                "consent",
                _(
                    "A child under 18 can become a member only after a parent's or guardian's "
                    "consent is recorded. Record the consent first, then add the child with it."
                ),
            )
        elif consent not in consents_usable(body):
            _add(
                errors,
                "consent",
                _("This consent does not cover this body, or it was withdrawn."),
            )
        elif consent.child_birth_date != birth_date:
            _add(
                errors,
                "consent",
                _("The consent is for a child with another date of birth."),
            )
    elif consent is not None and age is not None:
        _add(errors, "consent", _("An adult member needs no guardian's consent."))
    _raise(errors)
    member = Member.objects.create(
        body=body,
        full_name=full_name.strip(),
        role=role,
        term_from=term_from,
        term_to=term_to,
        birth_date=birth_date,
        sex=sex,
        listed=listed,
        phone=phone.strip(),
        email=email.strip(),
        guardian_contact=(
            guardian_contact.strip() or (consent.guardian_contact if consent else "")
        ),
        consent=consent if child else None,
        is_child=child,
        added_by=by,
    )
    log.info("council: member %s added to body %s", member.pk, body.slug)
    return member


@transaction.atomic
def member_term_end(*, member: Member, ended_on: dt.date, by: Any) -> Member:
    """End a membership on ``ended_on`` (the member left, or the term was cut short); the
    member stays in the body's record, no longer current."""
    errors: dict[str, list[str]] = {}
    if ended_on < member.term_from:
        _add(errors, "ended_on", _("The membership cannot end before it began."))
    elif member.term_to is not None and member.term_to < ended_on:
        _add(errors, "ended_on", _("This membership had already ended."))
    _raise(errors)
    member.term_to = ended_on
    member.save(update_fields=["term_to"])
    log.info("council: membership %s ended on %s", member.pk, ended_on)
    return member


@transaction.atomic
def guardian_consent_withdraw(
    *, consent: GuardianConsent, withdrawn_on: dt.date, by: Any, today: dt.date | None = None
) -> list[Member]:
    """Record that a parent or guardian withdrew their consent: the child's memberships that
    rest on it end that day (a child is a member only with a consent in force). Returns the
    memberships ended."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if consent.withdrawn_on is not None:
        _add(errors, "withdrawn_on", _("This consent was already withdrawn."))
    if withdrawn_on > today:
        _add(errors, "withdrawn_on", _("The withdrawal cannot be dated in the future."))
    elif withdrawn_on < consent.given_on:
        _add(errors, "withdrawn_on", _("The withdrawal cannot be dated before the consent."))
    _raise(errors)
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    ended = []
    for member in consent.members.all():
        if member.term_to is None or member.term_to > withdrawn_on:
            member.term_to = max(withdrawn_on, member.term_from)
            member.save(update_fields=["term_to"])
            ended.append(member)
    log.info("council: consent %s withdrawn; %s memberships ended", consent.pk, len(ended))
    return ended


# --- meetings -----------------------------------------------------------------------------------


@transaction.atomic
def meeting_record(
    *,
    body: Body,
    held_on: dt.date,
    place: str,
    language: str,
    agenda: Iterable[str],
    minutes: str,
    present: Iterable[Member],
    by: Any,
) -> Meeting:
    """Record a meeting with its agenda (one item per entry), the members present and the
    minutes, kept in ``language``, the language they were written in."""
    errors: dict[str, list[str]] = {}
    items = [item.strip() for item in agenda if item.strip()]
    present = list(present)
    if not place.strip():
        _add(errors, "place", _("Give the place of the meeting."))
    if language not in _languages():
        _add(errors, "language", _("Choose the language the agenda and minutes are written in."))
    if not items:
        _add(errors, "agenda", _("Give at least one agenda item, one per line."))
    if any(len(item) > 300 for item in items):
        _add(errors, "agenda", _("An agenda item is at most 300 characters long."))
    if any(m.body_id != body.pk for m in present):
        _add(errors, "present", _("Only members of this body can be marked present."))
    elif any(not m.is_current(held_on) for m in present):
        _add(errors, "present", _("A member marked present was not a member on that day."))
    _raise(errors)
    meeting = Meeting.objects.create(
        body=body,
        held_on=held_on,
        place=place.strip(),
        language=language,
        minutes=minutes.strip(),
        recorded_by=by,
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=n, title=title) for n, title in enumerate(items, 1)
    )
    meeting.present.set(present)
    return meeting


# --- recommendations ----------------------------------------------------------------------------


@transaction.atomic
def recommendation_adopt(
    *,
    body: Body,
    title: str,
    text: str,
    language: str,
    adopted_on: dt.date,
    unit: Unit | None,
    unit_name: str = "",
    meeting: Meeting | None = None,
    answer_due: dt.date | None = None,
    by: Any,
) -> Recommendation:
    """``body`` adopts a recommendation to a municipal unit (one of the units, or named);
    the unit's answer is due ``answer_due`` (default: ``COUNCIL_ANSWER_DAYS`` after)."""
    errors: dict[str, list[str]] = {}
    if not title.strip():
        _add(errors, "title", _("Give the recommendation a title."))
    if not text.strip():
        _add(errors, "text", _("Give the text of the recommendation."))
    if language not in _languages():
        _add(errors, "language", _("Choose the language the recommendation is written in."))
    if unit is None and not unit_name.strip():
        _add(errors, "unit", _("Choose the unit the recommendation is addressed to, or name it."))
    if meeting is not None and meeting.body_id != body.pk:
        _add(errors, "meeting", _("Choose a meeting of this body."))
    elif meeting is not None and meeting.held_on != adopted_on:
        _add(errors, "adopted_on", _("The date must be the date of the meeting chosen."))
    due = answer_due or adopted_on + dt.timedelta(days=answer_days())
    if due < adopted_on:
        _add(errors, "answer_due", _("The answer cannot be due before the adoption."))
    _raise(errors)
    return Recommendation.objects.create(
        body=body,
        meeting=meeting,
        title=title.strip(),
        text=text.strip(),
        language=language,
        unit=unit,
        unit_name="" if unit is not None else unit_name.strip(),
        adopted_on=adopted_on,
        answer_due=due,
        adopted_by=by,
    )


@transaction.atomic
def recommendation_answer(
    *,
    recommendation: Recommendation,
    answer: str,
    text: str,
    answered_on: dt.date,
    by: Any,
    today: dt.date | None = None,
) -> Recommendation:
    """Record the unit's answer (accepted, partly, not accepted, with its text)."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if recommendation.answered:
        _add(errors, "", _("The unit's answer is already recorded."))
    if answer not in Recommendation.Answer.values:
        _add(errors, "answer", _("Choose the unit's answer."))
    if not text.strip():
        _add(errors, "text", _("Give the text of the unit's answer."))
    if answered_on > today:
        _add(errors, "answered_on", _("The answer cannot be dated in the future."))
    elif answered_on < recommendation.adopted_on:
        _add(errors, "answered_on", _("The answer cannot come before the recommendation."))
    _raise(errors)
    recommendation.answer = answer
    recommendation.answer_text = text.strip()
    recommendation.answered_on = answered_on
    recommendation.answer_recorded_by = by
    recommendation.save()
    return recommendation


def recommendation_progress(
    *, recommendation: Recommendation, noted_on: dt.date, text: str, by: Any,
    today: dt.date | None = None,
) -> ProgressNote:  # fmt: skip
    """Record what was done on a recommendation."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not text.strip():
        _add(errors, "text", _("Say what was done."))
    if noted_on > today:
        _add(errors, "noted_on", _("The date cannot be in the future."))
    elif noted_on < recommendation.adopted_on:
        _add(errors, "noted_on", _("The date cannot come before the recommendation."))
    _raise(errors)
    return ProgressNote.objects.create(
        recommendation=recommendation, noted_on=noted_on, text=text.strip(), recorded_by=by
    )


def recommendations_escalate(*, now: dt.datetime | None = None) -> int:
    """Mark every recommendation whose answer is overdue (not answered, past its due day)
    as escalated, with the moment; it then shows as overdue on the public pages and on its
    body's coordinators' pages. Returns how many were marked now."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    overdue = Recommendation.objects.filter(
        answered_on__isnull=True, answer_due__lt=today, escalated_at__isnull=True
    )
    count = 0
    for recommendation in overdue.select_related("body"):
        recommendation.escalated_at = now
        recommendation.save(update_fields=["escalated_at"])
        log.warning(
            "council: recommendation %s of %s to %s overdue since %s, escalated",
            recommendation.pk, recommendation.body.slug, recommendation.addressee,
            recommendation.answer_due,
        )  # fmt: skip
        count += 1
    return count
