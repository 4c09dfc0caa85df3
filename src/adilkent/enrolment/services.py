"""Applications, allocation rounds, offers and their answers (all writes of the app).

Every allocation round of a term runs under a lock on the term's row, in one transaction with
the offers it makes: two rounds (two cancellations at once, an expiry run beside a staff
member's decline) never offer the same place twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from adilkent.allocation.engine import allocate
from adilkent.allocation.lottery import new_seed
from adilkent.cases.crypto import keyed_hash
from adilkent.core.parsing import ParseError, parse_date
from adilkent.intake.validation import Errors, check_attachment, without_metadata
from adilkent.places.models import Mahalle

from . import selectors
from .models import (
    AllocationRun,
    Application,
    ApplicationDocument,
    Centre,
    Choice,
    Placement,
    Term,
)

logger = logging.getLogger(__name__)

MAX_CHILDREN = 6


class EnrolmentInvalid(Exception):
    """Bad input: ``errors`` maps each field to its messages; nothing was changed."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def age_in_months(birth: dt.date, on: dt.date) -> int:
    """Whole months from ``birth`` to ``on`` (a child born on 15 March is 36 months old from
    15 March three years later)."""
    months = (on.year - birth.year) * 12 + on.month - birth.month
    return months - 1 if on.day < birth.day else months


@dataclass(frozen=True)
class ChildInput:
    name: str
    birth_date: str  # as typed: YYYY-MM-DD


def _child_key(name: str, birth: dt.date) -> str:
    return keyed_hash(f"{name.casefold()} {birth.isoformat()}", "enrolment-child")


MAX_DOCUMENTS = 3


def _check_documents(
    documents: Sequence[UploadedFile], errors: dict[str, list[str]]
) -> list[tuple[UploadedFile, str]]:
    """The documents with their real type, as the requests' attachments are checked (by
    content: photos read by Pillow, PDFs without web-page code; at most 5 MB each)."""
    if len(documents) > MAX_DOCUMENTS:
        _add(errors, "documents", _("Attach at most %(n)s documents.") % {"n": MAX_DOCUMENTS})
        return []
    checked = []
    for upload in documents:
        found = Errors()
        content_type = check_attachment(upload, found)
        for message in found.found.get("attachments", []):
            _add(errors, "documents", message)
        if content_type:
            checked.append((upload, content_type))
    return checked


def new_follow_code() -> str:
    """The guardian's code for the status page: 12 letters and digits in three groups."""
    raw = "".join(secrets.choice(_ALPHABET) for _i in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def follow_hash(code: str) -> str:
    return keyed_hash(code, "enrolment-follow")


@dataclass(frozen=True)
class Submitted:
    applications: list[Application]
    follow_code: str  # shown once on the receipt (and sent); kept only as a keyed hash


def application_submit(
    *,
    term: Term,
    guardian_name: str,
    guardian_phone: str,
    guardian_email: str,
    children: Sequence[ChildInput],
    centre_ids: Sequence[int],
    mahalle_id: int | None,
    priority_groups: Sequence[str],
    language: str,
    monthly_income: str = "",
    documents: Sequence[UploadedFile] = (),
    channel: str = Application.Channel.WEB,
    entered_by: AbstractBaseUser | None = None,
    today: dt.date | None = None,
) -> Submitted:
    """One application per child, each with the same centres in the same order, and one
    follow code for them all; or :class:`EnrolmentInvalid` with every problem found and
    nothing stored."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not term.applications_open_on <= today <= term.applications_close_on:
        _add(errors, "term", _("Applications for %(term)s are taken from %(start)s to %(end)s.") % {
            "term": term.name,
            "start": date_format(term.applications_open_on),
            "end": date_format(term.applications_close_on),
        })  # fmt: skip
    if not guardian_name.strip():
        _add(errors, "guardian_name", _("Please write the parent's or guardian's name."))
    if not (guardian_phone.strip() or guardian_email.strip()):
        _add(errors, "guardian_phone", _("Give a phone number or an e-mail address for the offer."))
    if channel not in Application.Channel.values:
        _add(errors, "channel", _("Unknown channel."))
    mahalle = Mahalle.objects.filter(pk=mahalle_id).first() if mahalle_id else None
    if mahalle is None:
        _add(errors, "mahalle", _("Choose the mahalle in İzmir where the child lives."))
    income = monthly_income.strip().replace(" ", "")
    if income:
        # whole liras, with or without thousands separators: 18000, 18.000, 18,000
        if re.fullmatch(r"[0-9]{1,3}([.,][0-9]{3})+|[0-9]{1,9}", income):
            income = re.sub(r"[.,]", "", income)
        else:
            _add(errors, "monthly_income", _("Write the income in whole liras, for example 18000."))
    checked_documents = _check_documents(documents, errors)
    known_groups = selectors.priority_group_codes(term)
    unknown = sorted(set(priority_groups) - known_groups)
    if unknown:
        _add(errors, "priority_groups", _("Unknown group: %(g)s") % {"g": ", ".join(unknown)})

    centres: list[Centre] = []
    if not centre_ids:
        _add(errors, "centres", _("Choose at least one centre."))
    elif len(centre_ids) > term.max_choices:
        _add(errors, "centres", _("Choose at most %(n)s centres.") % {"n": term.max_choices})
    elif len(set(centre_ids)) != len(centre_ids):
        _add(errors, "centres", _("Each centre can be chosen once."))
    else:
        found = {
            c.pk: c for c in Centre.objects.filter(pk__in=centre_ids, programme=term.programme)
        }
        missing = [i for i in centre_ids if i not in found]
        if missing:
            _add(
                errors,
                "centres",
                _("This centre does not take applications for %(term)s.") % {"term": term},
            )
        centres = [found[i] for i in centre_ids if i in found]

    if not children:
        _add(errors, "children", _("Add the child you apply for."))
    elif len(children) > MAX_CHILDREN:
        _add(
            errors, "children", _("Apply for at most %(n)s children at once.") % {"n": MAX_CHILDREN}
        )
    checked: list[tuple[str, dt.date]] = []
    groups = selectors.term_groups(term)
    for number, child in enumerate(children[:MAX_CHILDREN], start=1):
        field = f"child_{number}"
        name = child.name.strip()
        if not name:
            _add(errors, field, _("Please write the name of child %(n)s.") % {"n": number})
        try:
            birth = parse_date(child.birth_date, field=_("date of birth"))
        except ParseError as error:
            _add(errors, field, str(error))
            continue
        if birth > today:
            _add(errors, field, _("The date of birth is in the future."))
            continue
        age = age_in_months(birth, term.starts_on)
        for centre in centres:
            bands = [g for g in groups if g.centre_id == centre.pk]
            if not any(g.takes(age) for g in bands):
                taken = ", ".join(sorted({f"{g.min_age_months}–{g.max_age_months}" for g in bands}))
                _add(errors, field, _(
                    "%(child)s will be %(age)s months old on %(start)s; %(centre)s takes children "
                    "of %(bands)s months."
                ) % {
                    "child": name or number, "age": age, "start": date_format(term.starts_on),
                    "centre": centre.name, "bands": taken or _("no age (no groups yet)"),
                })  # fmt: skip
        if name:
            checked.append((name, birth))
    keys = [_child_key(name, birth) for name, birth in checked]
    if len(set(keys)) != len(keys):
        _add(errors, "children", _("The same child is listed twice."))
    elif Application.objects.filter(term=term, child_key__in=keys).exists():
        _add(errors, "children", _(
            "There is already an application for this child for %(term)s. To change it, call "
            "HİM (153) or visit a centre."
        ) % {"term": term.name})  # fmt: skip
    if errors or mahalle is None:
        raise EnrolmentInvalid(errors)
    staff = entered_by if isinstance(entered_by, User) and entered_by.is_authenticated else None

    created = []
    code = new_follow_code()
    try:
        with transaction.atomic():
            for (name, birth), key in zip(checked, keys, strict=True):
                application = Application.objects.create(
                    term=term,
                    guardian_name=guardian_name.strip(),
                    guardian_phone=guardian_phone.strip(),
                    guardian_email=guardian_email.strip(),
                    child_name=name,
                    child_birth_date=birth.isoformat(),
                    child_key=key,
                    follow_hash=follow_hash(code),
                    phone_hash=keyed_hash(guardian_phone.strip(), "phone"),
                    email_hash=keyed_hash(guardian_email.strip(), "email"),
                    mahalle=mahalle,
                    priority_groups=sorted(set(priority_groups)),
                    monthly_income=income,
                    preferred_language=language,
                    channel=channel,
                    entered_by=staff,
                )
                Choice.objects.bulk_create(
                    Choice(application=application, order=order, centre=centre)
                    for order, centre in enumerate(centres, start=1)
                )
                for upload, content_type in checked_documents:  # a copy for each child
                    kept = without_metadata(upload, content_type)
                    kept.seek(0)
                    ApplicationDocument.objects.create(
                        application=application,
                        file=File(kept, name=upload.name or "document"),
                        original_name=(upload.name or "document")[:200],
                        content_type=content_type,
                        size=kept.size or 0,
                    )
                created.append(application)
    except IntegrityError as error:  # the same child applied for at the same moment
        raise EnrolmentInvalid(
            {"children": [_("There is already an application for this child.")]}
        ) from error
    return Submitted(created, code)


def _lock_terms(term_ids: Any) -> None:
    """Lock the terms' rows, in one order. Every writer of enrolment locks the term first and
    its placements and applications after, as an allocation round does, so two writers never
    wait for each other in a circle (deadlock)."""
    list(Term.objects.select_for_update().filter(pk__in=list(term_ids)).order_by("pk"))


def allocation_round(
    *, term: Term, reason: str, now: dt.datetime | None = None
) -> tuple[AllocationRun, list[Placement]]:
    """Offer every free place to the next in line, under the term's lock.

    Those who hold an offer or a place keep it (they are not moved to a centre they chose
    higher). Each application is scored with the priority rules in force on the term's start
    date; the term's lottery seed is drawn and published at its first round.
    """
    now = now or timezone.now()
    with transaction.atomic():
        term = Term.objects.select_for_update().select_related("programme").get(pk=term.pk)
        if not term.lottery_seed:
            term.lottery_seed, term.seed_published_at = new_seed(), now
            term.save(update_fields=["lottery_seed", "seed_published_at"])
        market = selectors.allocation_market(term)
        result = allocate(
            applicants=market.applicants,
            capacity=market.capacity,
            seed=term.lottery_seed,
            held=market.held,
        )
        offers: list[Placement] = []
        for application_id, placed in result.placements.items():
            if application_id in market.held:
                continue
            application = market.applications[application_id]
            placement = Placement.objects.create(
                application=application,
                group_id=int(placed.place),
                choice_order=market.choice_order[application_id][placed.choice],
                offered_at=now,
                expires_at=now + dt.timedelta(days=term.offer_days),
            )
            offers.append(placement)
            _tell_of_offer(placement)
        for ranked in result.order:
            application = market.applications[ranked.applicant.id]
            application.priority_points = ranked.applicant.priority.points
            application.priority_reasons = [list(r) for r in ranked.applicant.priority.reasons]
            application.rules_version = market.rules_version
        Application.objects.bulk_update(
            market.applications.values(), ["priority_points", "priority_reasons", "rules_version"]
        )
        run = AllocationRun.objects.create(
            term=term,
            seed=term.lottery_seed,
            rules_version=market.rules_version,
            ran_at=now,
            reason=reason[:120],
            offers=len(offers),
            waiting=sum(1 for a in market.applicants if a.id not in result.placements),
        )
    logger.info("allocation round of %s (%s): %s offers", term, reason, len(offers))
    return run, offers


def _tell_of_offer(placement: Placement) -> None:
    """Queue an SMS and/or e-mail to the guardian, in their language, sent after the commit."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from adilkent.intake.notify import notify_about

    application = placement.application
    language = application.preferred_language
    with translation.override(language):
        page = reverse("enrolment:status")
        where = (
            f"{settings.PUBLIC_BASE_URL}{page}"
            if settings.PUBLIC_BASE_URL
            else _("the enrolment page of the municipality's website")
        )
        subject = _("A place for %(child)s") % {"child": application.child_name}
        body = _(
            "A place is offered for %(child)s at %(centre)s (group %(group)s). Please answer by "
            "%(day)s on %(where)s with your follow code; after that the place goes to the next "
            "child in line. HİM (153) can help."
        ) % {
            "child": application.child_name,
            "centre": placement.group.centre.name,
            "group": placement.group.label,
            "day": date_format(timezone.localtime(placement.expires_at), "DATETIME_FORMAT"),
            "where": where,
        }
    for channel, address in (
        ("sms", application.guardian_phone),
        ("email", application.guardian_email),
    ):
        if address:
            notify_about(application, channel=channel, subject=subject, body=body)


def _offer_for(follow_code: str, placement_id: int) -> Placement:
    """The placement, if it belongs to the code's applications; its term locked first, then
    the placement row alone."""
    mine = Placement.objects.filter(
        pk=placement_id, application__follow_hash=follow_hash(follow_code or "x")
    )
    term_id = mine.values_list("application__term_id", flat=True).first()
    if term_id is not None:
        _lock_terms([term_id])
    placement = (
        mine.select_for_update(of=("self",))
        .select_related("application__term", "group__centre")
        .first()
    )
    if placement is None:
        raise EnrolmentInvalid(
            {
                "offer": [
                    _(
                        "There is no such offer for this code. Check the code you were given, or call HİM (153)."
                    )
                ]
            }
        )
    return placement


def offer_answer(
    *, follow_code: str, placement_id: int, accept: bool, now: dt.datetime | None = None
) -> Placement:
    """The guardian accepts or declines an offer on the status page their code opens. A
    declined or expired offer's place goes to the next in line at once."""
    now = now or timezone.now()
    expired = False
    with transaction.atomic():
        placement = _offer_for(follow_code, placement_id)
        if placement.state != Placement.State.OFFERED:
            raise EnrolmentInvalid(
                {
                    "offer": [
                        _("This offer was already answered or has ended (%(state)s).")
                        % {"state": placement.get_state_display()}
                    ]
                }
            )
        if now > placement.expires_at:
            placement.state, placement.answered_at = Placement.State.EXPIRED, now
            placement.save(update_fields=["state", "answered_at"])
            expired = True
        else:
            placement.state = Placement.State.ACCEPTED if accept else Placement.State.DECLINED
            placement.answered_at = now
            placement.save(update_fields=["state", "answered_at"])
            if not accept:
                allocation_round(term=placement.application.term, reason="offer declined", now=now)
    if expired:
        allocation_round(term=placement.application.term, reason="offer expired", now=now)
        raise EnrolmentInvalid(
            {
                "offer": [
                    _("This offer expired on %(day)s; the place went to the next child in line.")
                    % {"day": date_format(timezone.localtime(placement.expires_at))}
                ]
            }
        )
    return placement


def application_withdraw(
    *, follow_code: str, application_id: int, now: dt.datetime | None = None
) -> Application:
    """The family withdraws a child's application on the status page its code opens: it
    leaves every line, an offer or place it holds goes to the next in line."""
    now = now or timezone.now()
    mine = Application.objects.filter(
        pk=application_id, follow_hash=follow_hash(follow_code or "x")
    )
    term_id = mine.values_list("term_id", flat=True).first()
    if term_id is None:
        raise EnrolmentInvalid({"application": [_("There is no such application for this code.")]})
    with transaction.atomic():
        _lock_terms([term_id])
        application = mine.select_for_update(of=("self",)).get()
        if application.status == Application.Status.WITHDRAWN:
            raise EnrolmentInvalid({"application": [_("This application was already withdrawn.")]})
        application.status = Application.Status.WITHDRAWN
        application.save(update_fields=["status"])
        held = Placement.objects.filter(application=application, state__in=Placement.HOLDING)
        if held.update(state=Placement.State.CANCELLED, answered_at=now, reason="withdrawn"):
            allocation_round(term=application.term, reason="application withdrawn", now=now)
    return application


def offers_expire(*, now: dt.datetime | None = None) -> int:
    """End the offers not answered in time, then give their places to the next in line."""
    now = now or timezone.now()
    terms = set()
    count = 0
    late = Placement.objects.filter(state=Placement.State.OFFERED, expires_at__lt=now)
    with transaction.atomic():
        _lock_terms(late.values_list("application__term_id", flat=True).distinct())
        for placement in late.select_for_update(of=("self",)).select_related("application"):
            placement.state, placement.answered_at = Placement.State.EXPIRED, now
            placement.save(update_fields=["state", "answered_at"])
            terms.add(placement.application.term_id)
            count += 1
    for term in Term.objects.filter(pk__in=terms):
        allocation_round(term=term, reason="offers expired", now=now)
    return count


def placement_cancel(
    *, placement: Placement, reason: str, now: dt.datetime | None = None
) -> Placement:
    """A place given up (by the family, or ended by staff with a reason): the next in line
    gets an offer in the same transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_terms([placement.group.term_id])
        locked = Placement.objects.select_for_update().get(pk=placement.pk)
        if locked.state not in Placement.HOLDING:
            raise EnrolmentInvalid({"placement": [_("This place is no longer held.")]})
        locked.state, locked.answered_at, locked.reason = (
            Placement.State.CANCELLED,
            now,
            reason[:300],
        )
        locked.save(update_fields=["state", "answered_at", "reason"])
        allocation_round(term=locked.application.term, reason="place cancelled", now=now)
    return locked


def attendance_mark(
    *, group_id: int, day: dt.date, present: set[int], marked_by: AbstractBaseUser | AnonymousUser
) -> int:
    """Mark every child holding a place in the group as present (their placement ids in
    ``present``) or absent on ``day``; a second marking of the day replaces the first.
    Returns how many were marked."""
    from .models import Attendance

    if day > timezone.localdate():
        raise EnrolmentInvalid({"day": [_("Attendance cannot be marked for a day to come.")]})
    roll = Placement.objects.filter(group_id=group_id, state=Placement.State.ACCEPTED)
    unknown = present - set(roll.values_list("pk", flat=True))
    if unknown:
        raise EnrolmentInvalid({"present": [_("A child marked present is not in this group.")]})
    staff = marked_by if isinstance(marked_by, User) else None
    with transaction.atomic():
        count = 0
        for placement in roll:
            Attendance.objects.update_or_create(
                placement=placement,
                day=day,
                defaults={"present": placement.pk in present, "marked_by": staff},
            )
            count += 1
    return count


def placement_exempt(*, placement: Placement, reason: str) -> Placement:
    """Exempt a held place from the fee, with the reason (empty: the fee applies again)."""
    with transaction.atomic():
        locked = Placement.objects.select_for_update().get(pk=placement.pk)
        if locked.state not in Placement.HOLDING:
            raise EnrolmentInvalid({"placement": [_("This place is no longer held.")]})
        locked.fee_exempt_reason = reason.strip()[:300]
        locked.save(update_fields=["fee_exempt_reason"])
    return locked


PERSONAL_FIELDS = {
    "guardian_name": "",
    "guardian_phone": "",
    "guardian_email": "",
    "child_name": "",
    "child_birth_date": "",
    "monthly_income": "",
    "child_key": "",
    "phone_hash": "",
    "email_hash": "",
}


def application_forget(
    *, applications: Any, rule: str, by: str, now: dt.datetime | None = None
) -> int:
    """Erase who applied and for which child (names, contacts, birth date, income, their
    hashes); the application stays, without them, for the figures. One still waiting or
    holding a place is withdrawn and its place offered to the next in line. Each erasure is
    written to the destruction log. Returns how many were erased."""
    from adilkent.cases.services.protection import log_destruction

    now = now or timezone.now()
    terms: set[int] = set()
    count = 0
    pending = applications.filter(personal_data_erased_at__isnull=True)
    files: list[tuple[Any, str]] = []
    with transaction.atomic():
        _lock_terms(pending.values_list("term_id", flat=True).distinct())
        for application in pending.select_for_update(of=("self",)):
            log_destruction("enrolment application", application.public_id, "anonymised", rule, by)
            held = Placement.objects.filter(application=application, state__in=Placement.HOLDING)
            if held.exists():
                held.update(
                    state=Placement.State.CANCELLED, answered_at=now, reason="personal data erased"
                )
                terms.add(application.term_id)
            for document in application.documents.all():
                log_destruction("enrolment document", str(document.pk), "destroyed", rule, by)
                files.append((document.file.storage, document.file.name))
            application.documents.all().delete()
            for name, value in PERSONAL_FIELDS.items():
                setattr(application, name, value)
            application.status = Application.Status.WITHDRAWN
            application.personal_data_erased_at = now
            application.save()
            count += 1
        for term in Term.objects.filter(pk__in=terms):
            allocation_round(term=term, reason="place freed by an erasure", now=now)

        def delete_files() -> None:
            for storage, name in files:
                if name:
                    storage.delete(name)

        transaction.on_commit(delete_files)
    return count
