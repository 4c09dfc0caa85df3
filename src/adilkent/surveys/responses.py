"""Writes of answering: drafts kept between pages (and for resuming on another device), the
responses they become, answers sent from the field, consent to be contacted again, and the
deletion of old drafts and contacts.

Anonymous by design: no account, IP address or user agent is stored; a draft is found by the
SHA-256 of a random token the respondent holds; a response keeps no link to its draft."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from adilkent.places.models import Mahalle
from adilkent.text import fold

from .answering import answers_examine
from .models import Draft, FormVersion, Recontact, Response, Survey

MAHALLE_QUESTION = "mahalle"
_PHONE = re.compile(r"^\+?[0-9 ().-]+$")


def draft_days() -> int:
    return int(getattr(settings, "SURVEYS_DRAFT_DAYS", 14))


def contact_days() -> int:
    return int(getattr(settings, "SURVEYS_CONTACT_DAYS", 365))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def draft_find(*, survey: Survey, token: str) -> Draft | None:
    if not token or len(token) > 100:
        return None
    return (
        Draft.objects.select_related("form_version")
        .filter(survey=survey, token_hash=token_hash(token))
        .first()
    )


def draft_start(
    *, survey: Survey, version: FormVersion, now: dt.datetime | None = None
) -> tuple[Draft, str]:
    """A new, empty draft and the token that finds it (shown once, never stored)."""
    token = secrets.token_urlsafe(24)
    draft = Draft.objects.create(
        token_hash=token_hash(token),
        survey=survey,
        form_version=version,
        touched_at=now or timezone.now(),
    )
    return draft, token


def draft_save(
    *,
    draft: Draft,
    answers: Mapping[str, Any],
    page: int,
    contact_consent: bool | None = None,
    contact: str | None = None,
    now: dt.datetime | None = None,
) -> Draft:
    draft.answers = dict(answers)
    draft.page = max(page, 0)
    if contact_consent is not None:
        draft.contact_consent = contact_consent
    if contact is not None:
        draft.contact = contact[:200] if draft.contact_consent else ""
    draft.touched_at = now or timezone.now()
    draft.save(update_fields=["answers", "page", "contact_consent", "contact", "touched_at"])
    return draft


def contact_problem(*, consent: bool, contact: str) -> str:
    """``""`` when the contact is acceptable; else ``missing`` or ``invalid``."""
    if not consent:
        return ""
    text = contact.strip()
    if not text:
        return "missing"
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError:
            return "invalid"
        return ""
    digits = re.sub(r"\D", "", text)
    if not _PHONE.match(text) or not 10 <= len(digits) <= 15:
        return "invalid"
    return ""


def response_mahalle(*, survey: Survey, answers: Mapping[str, Any]) -> Mahalle | None:
    """The respondent's mahalle: the survey's only target mahalle, else the one chosen in
    the form's ``mahalle`` question (its choice name read as a TÜİK code, a slug or a name;
    among the survey's target mahalleler when it has some), when exactly one matches."""
    targets = Mahalle.objects.filter(surveys=survey)
    if targets.count() == 1:
        return targets.first()
    chosen = answers.get(MAHALLE_QUESTION)
    if not isinstance(chosen, str) or not chosen.strip() or chosen == "other":
        return None
    pool = targets if targets.exists() else Mahalle.objects.all()
    for lookup in (
        {"tuik_code": chosen},
        {"slug": chosen},
        {"name_folded": fold(chosen.replace("_", " ").replace("-", " "))},
    ):
        found = list(pool.filter(**lookup)[:2])
        if len(found) == 1:
            return found[0]
    return None


def draft_submit(
    *,
    draft: Draft,
    language: str,
    consent_text: str,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> Response | None:
    """The draft's answers as a response (source "web", a new instance id). The draft keeps
    only the day it was sent, so the same draft sent twice makes one response (``None`` the
    second time). The caller has checked the answers."""
    now = now or timezone.now()
    form = draft.form_version.form()
    examined = answers_examine(form=form, answers=draft.answers, today=today)
    with transaction.atomic():
        claimed = Draft.objects.filter(pk=draft.pk, sent_on__isnull=True).update(
            sent_on=timezone.localdate(now),
            answers={},
            page=0,
            contact_consent=False,
            contact="",
            # the hour is not kept: it would tie the draft's holder to the response
            touched_at=now.replace(hour=0, minute=0, second=0, microsecond=0),
        )
        if not claimed:
            return None
        response = Response.objects.create(
            survey=draft.survey,
            form_version=draft.form_version,
            instance_id=uuid.uuid4(),
            answers=examined.answers,
            mahalle=response_mahalle(survey=draft.survey, answers=examined.answers),
            submitted_at=now,
            source=Response.Source.WEB,
        )
        if draft.contact_consent and draft.contact:
            Recontact.objects.create(
                response=response,
                contact=draft.contact,
                consent_text=consent_text,
                language=language,
                consented_at=now,
            )
    return response


def response_field_receive(
    *,
    survey: Survey,
    version: FormVersion,
    instance_id: uuid.UUID,
    answers: Mapping[str, Any],
    submitted_at: dt.datetime,
) -> tuple[Response, bool]:
    """Keep an answer set collected in the field (source "field"); the caller has checked
    it. Idempotent on ``instance_id``: sent again, nothing is created (``created`` False)."""
    found = Response.objects.filter(instance_id=instance_id).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                form_version=version,
                instance_id=instance_id,
                answers=dict(answers),
                mahalle=response_mahalle(survey=survey, answers=answers),
                submitted_at=submitted_at,
                source=Response.Source.FIELD,
            )
    except IntegrityError:  # the same answer arriving twice at the same moment
        return Response.objects.get(instance_id=instance_id), False
    return response, True


def drafts_forget(*, now: dt.datetime | None = None) -> int:
    """Delete the drafts not touched for ``SURVEYS_DRAFT_DAYS`` days (sent ones included)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=draft_days())
    count, _by_model = Draft.objects.filter(touched_at__lt=cutoff).delete()
    return int(count)


def recontacts_forget(*, now: dt.datetime | None = None) -> int:
    """Delete consents to be contacted again older than ``SURVEYS_CONTACT_DAYS`` days (the
    answers stay)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=contact_days())
    count, _by_model = Recontact.objects.filter(consented_at__lt=cutoff).delete()
    return int(count)


def on_retention_applied(
    sender: Any, now: dt.datetime, by: str, done: dict[str, int], **kwargs: Any
) -> None:
    """The cases area's daily retention run deletes old drafts and contacts too."""
    done["survey_drafts"] = drafts_forget(now=now)
    done["survey_recontacts"] = recontacts_forget(now=now)
