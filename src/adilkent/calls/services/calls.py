"""Applying to a call, screening, withdrawal: the same for volunteers and grants."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adilkent.cases.crypto import keyed_hash
from adilkent.core.l10n import name_in_language
from adilkent.enrolment.services import new_follow_code
from adilkent.intake.validation import Errors, check_attachment, without_metadata
from adilkent.places.models import Mahalle

from ..models import Application, Attachment, BudgetLine, Call, Question
from ..validation import NumberInvalid, iban_clean, tax_number_clean
from .common import CallInvalid, add, follow_hash, lira, require_status

MAX_ATTACHMENTS = 5
MAX_BUDGET_LINES = 30
S = Application.Status


def call_is_open(call: Call, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return call.published and call.opens_on <= today <= call.closes_on


def answers_clean(
    call: Call, raw: Mapping[str, Any], language: str, errors: dict[str, list[str]]
) -> dict[str, Any]:
    """The answers to the call's questions as kept: each checked against its question's
    kind, choices, length and whether it is required. A message for each bad answer goes into
    ``errors`` under ``q_<key>``."""
    kept: dict[str, Any] = {}
    for question in call.questions.all():
        field = f"q_{question.key}"
        value = raw.get(question.key)
        label = name_in_language(question.label, language) or question.key
        empty = value in (None, "", []) or (isinstance(value, str) and not value.strip())
        if empty:
            if question.required:
                add(errors, field, _("Answer “%(q)s”.") % {"q": label})
            continue
        kind = question.kind
        values = {c["value"] for c in question.choices}
        if kind in (Question.Kind.TEXT, Question.Kind.LONG_TEXT):
            text = str(value).strip()
            if len(text) > question.max_length:
                add(
                    errors,
                    field,
                    _("Write at most %(n)s characters.") % {"n": question.max_length},
                )
                continue
            kept[question.key] = text
        elif kind == Question.Kind.CHOICE:
            if str(value) not in values:
                add(errors, field, _("Choose one of the answers listed."))
                continue
            kept[question.key] = str(value)
        elif kind == Question.Kind.MULTIPLE:
            chosen = [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
            if not set(chosen) <= values:
                add(errors, field, _("Choose among the answers listed."))
                continue
            kept[question.key] = chosen
        elif kind == Question.Kind.NUMBER:
            try:
                number = Decimal(str(value).strip().replace(",", "."))
                if not number.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                add(errors, field, _("Enter a number."))
                continue
            kept[question.key] = str(number)
        elif kind == Question.Kind.YES_NO:
            if str(value) not in ("yes", "no"):
                add(errors, field, _("Answer yes or no."))
                continue
            kept[question.key] = str(value)
        elif kind == Question.Kind.DATE:
            try:
                kept[question.key] = dt.date.fromisoformat(str(value).strip()).isoformat()
            except ValueError:
                add(errors, field, _("Enter a date as YYYY-MM-DD."))
    return kept


@dataclass(frozen=True)
class BudgetInput:
    item: str
    amount: str  # as typed


@dataclass(frozen=True)
class Submitted:
    application: Application
    follow_code: str  # shown once on the receipt; kept only as a keyed hash


def _amount(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
        return None
    return value


def _check_grant(
    call: Call,
    *,
    applicant_kind: str,
    organisation: str,
    tax_number: str,
    iban: str,
    project_title: str,
    amount_requested: str,
    budget: Sequence[BudgetInput],
    errors: dict[str, list[str]],
) -> tuple[str, str, Decimal | None, list[tuple[str, Decimal]]]:
    if applicant_kind not in Application.ApplicantKind.values:
        add(errors, "applicant_kind", _("Choose who applies."))
    elif applicant_kind != Application.ApplicantKind.PERSON and not organisation.strip():
        add(errors, "organisation", _("Enter the organisation's name."))
    clean_tax = clean_iban = ""
    try:
        clean_tax = tax_number_clean(tax_number)
    except NumberInvalid as error:
        add(errors, "tax_number", str(error))
    try:
        clean_iban = iban_clean(iban)
    except NumberInvalid as error:
        add(errors, "iban", str(error))
    if clean_iban and not clean_iban.startswith("TR"):
        add(errors, "iban", _("Grants are paid into a Turkish bank account (an IBAN starting TR)."))
    if not project_title.strip():
        add(errors, "project_title", _("Give the project a title."))
    requested = _amount(amount_requested)
    if requested is None:
        add(errors, "amount_requested", _("Enter the amount as a number of lira, e.g. 45000."))
    elif call.maximum_award is not None and requested > call.maximum_award:
        add(
            errors,
            "amount_requested",
            _("This call gives at most %(max)s TL.") % {"max": lira(call.maximum_award, 0)},
        )
    lines: list[tuple[str, Decimal]] = []
    for number, line in enumerate(budget, start=1):
        if not line.item.strip() and not line.amount.strip():
            continue
        amount = _amount(line.amount)
        if not line.item.strip() or amount is None:
            add(
                errors,
                "budget",
                _("Budget line %(n)s needs an item and an amount in lira.") % {"n": number},
            )
            continue
        lines.append((line.item.strip()[:200], amount))
    if not lines:
        add(errors, "budget", _("List at least one budget line."))
    elif len(lines) > MAX_BUDGET_LINES:
        add(errors, "budget", _("List at most %(n)s budget lines.") % {"n": MAX_BUDGET_LINES})
    elif requested is not None and sum(a for _i, a in lines) != requested:
        add(
            errors,
            "budget",
            _("The budget lines add up to %(sum)s TL, not the %(asked)s TL requested.")
            % {"sum": lira(sum(a for _i, a in lines)), "asked": lira(requested)},
        )
    return clean_tax, clean_iban, requested, lines


def application_submit(
    *,
    call: Call,
    language: str,
    contact_name: str,
    phone: str,
    email: str,
    mahalle_id: int | None,
    age_band: str,
    sex: str,
    answers: Mapping[str, Any],
    consent: bool,
    adult: bool = False,
    applicant_kind: str = Application.ApplicantKind.PERSON,
    organisation: str = "",
    tax_number: str = "",
    iban: str = "",
    project_title: str = "",
    project_summary: str = "",
    amount_requested: str = "",
    budget: Sequence[BudgetInput] = (),
    attachments: Sequence[UploadedFile] = (),
    today: dt.date | None = None,
) -> Submitted:
    """An application with its follow code; or :class:`CallInvalid` with every problem found
    and nothing stored."""
    errors: dict[str, list[str]] = {}
    if not call_is_open(call, today):
        add(errors, "", _("This call is not open for applications."))
    if not contact_name.strip():
        add(errors, "contact_name", _("Enter your name."))
    if not phone.strip() and not email.strip():
        add(errors, "phone", _("Give a phone number or an e-mail address, to hear back."))
    if email.strip() and ("@" not in email or len(email) > 200):
        add(errors, "email", _("Enter a valid e-mail address."))
    mahalle = None
    if mahalle_id is not None:
        mahalle = Mahalle.objects.filter(pk=mahalle_id).first()
        if mahalle is None:
            add(errors, "mahalle", _("Choose your mahalle from the list."))
    if age_band and age_band not in Application.AgeBand.values:
        add(errors, "age_band", _("Choose an age group from the list."))
    if sex and sex not in Application.Sex.values:
        add(errors, "sex", _("Choose one of the answers listed."))
    if call.kind == Call.Kind.VOLUNTEER:
        if not adult:
            add(
                errors,
                "adult",
                _("Volunteers must be at least %(n)s years old.") % {"n": call.minimum_age},
            )
        if not age_band:
            add(errors, "age_band", _("Choose an age group from the list."))
    if not consent:
        add(errors, "consent", _("Your consent is needed to process this application."))
    kept = answers_clean(call, answers, language, errors)
    clean_tax = clean_iban = ""
    requested: Decimal | None = None
    lines: list[tuple[str, Decimal]] = []
    if call.kind == Call.Kind.GRANT:
        clean_tax, clean_iban, requested, lines = _check_grant(
            call,
            applicant_kind=applicant_kind,
            organisation=organisation,
            tax_number=tax_number,
            iban=iban,
            project_title=project_title,
            amount_requested=amount_requested,
            budget=budget,
            errors=errors,
        )
    if len(attachments) > MAX_ATTACHMENTS:
        add(errors, "attachments", _("Attach at most %(n)s files.") % {"n": MAX_ATTACHMENTS})
    checked: list[tuple[UploadedFile, str]] = []
    for upload in attachments[:MAX_ATTACHMENTS]:
        found = Errors()
        content_type = check_attachment(upload, found)
        for message in found.found.get("attachments", []):
            add(errors, "attachments", message)
        if content_type:
            checked.append((upload, content_type))
    if errors:
        raise CallInvalid(errors)
    code = new_follow_code()
    with transaction.atomic():
        application = Application.objects.create(
            call=call,
            language=language,
            contact_name=contact_name.strip()[:200],
            phone=phone.strip()[:40],
            email=email.strip()[:200],
            phone_hash=keyed_hash(phone.strip(), "phone"),
            email_hash=keyed_hash(email.strip(), "email"),
            follow_hash=follow_hash(code),
            mahalle=mahalle,
            age_band=age_band,
            sex=sex,
            answers=json.dumps(kept, ensure_ascii=False),
            consent_at=timezone.now(),
            applicant_kind=applicant_kind if call.kind == Call.Kind.GRANT else "person",
            organisation=organisation.strip()[:200],
            tax_number=clean_tax,
            iban=clean_iban,
            project_title=project_title.strip()[:200],
            project_summary=project_summary.strip()[:4000],
            amount_requested=requested,
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(application=application, order=n, item=item, amount=amount)
            for n, (item, amount) in enumerate(lines, start=1)
        )
        for upload, content_type in checked:
            file = without_metadata(upload, content_type)
            file.seek(0)
            Attachment.objects.create(
                application=application,
                file=File(file, name=upload.name or "attachment"),
                original_name=(upload.name or "attachment")[:200],
                content_type=content_type,
                size=file.size or 0,
            )
    return Submitted(application, code)


def application_by_follow_code(*, public_id: str, follow_code: str) -> Application | None:
    """The application a number and its follow code open, or ``None`` (the same for a wrong
    number and a wrong code)."""
    code = follow_code.strip().upper()
    return (
        Application.objects.select_related("call")
        .filter(public_id=public_id.strip().upper(), follow_hash=follow_hash(code))
        .first()
        if code
        else None
    )


def _set_status(application: Application, status: str, fields: Sequence[str] = ()) -> None:
    application.status = status
    application.status_changed_at = timezone.now()
    application.save(update_fields=["status", "status_changed_at", *fields])


def application_withdraw(*, application: Application) -> Application:
    """The applicant withdraws, at any step before a grant is closed: shifts not yet served
    are released; hours served and payments made stay."""
    require_status(
        application,
        [S.SUBMITTED, S.ELIGIBLE, S.INTERVIEWED, S.APPROVED, S.AWARDED],
        _("Withdrawing"),
    )
    with transaction.atomic():
        now = timezone.now()
        application.assignments.filter(hours__isnull=True, shift__starts_at__gt=now).delete()
        application.withdrawn_at = now
        _set_status(application, S.WITHDRAWN, ["withdrawn_at"])
    return application


def application_screen(
    *, application: Application, eligible: bool, note: str, by: User
) -> Application:
    """Screening (volunteers) or the eligibility check (grants): passed or not, with a note
    (a reason is required when not eligible)."""
    require_status(application, [S.SUBMITTED], _("Screening"))
    if not eligible and not note.strip():
        raise CallInvalid({"note": [_("Say why the application is not eligible.")]})
    application.screened_by = by
    application.screening_note = note.strip()
    _set_status(
        application, S.ELIGIBLE if eligible else S.INELIGIBLE, ["screened_by", "screening_note"]
    )
    return application
