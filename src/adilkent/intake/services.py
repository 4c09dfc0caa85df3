"""Writes of the intake: submitting a request, and what staff do with it.

A request is stored in one transaction with its attachments and first event; the tracking
code is handed back only after that transaction has committed.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from adilkent.cases.crypto import keyed_hash
from adilkent.core.history import save_without_first_version
from adilkent.guide.models import Service
from adilkent.places.locate import PinPlace, place_at
from adilkent.places.models import Mahalle

from . import selectors
from .definitions import IntakeDefinitions, intake_definitions
from .language import detect_language
from .models import (
    ApiKey,
    Attachment,
    ChannelUsed,
    Event,
    IdentityMode,
    Kind,
    ReplyTemplate,
    Request,
    ResidentGroup,
    Status,
    Unit,
)
from .notify import notify_resident, notify_unit
from .suggest import suggest_category
from .validation import (
    MAX_ATTACHMENTS,
    MAX_TEXT,
    Errors,
    RequestInvalid,
    check_attachment,
    check_location,
    check_media_url,
    clean_attributes,
    language_codes,
    without_metadata,
)

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
DEFAULT_SLA_DAYS = 10
User = AbstractBaseUser | AnonymousUser


@dataclass
class RequestInput:
    """What a resident (or an operator for them, or a client) submits."""

    text: str
    kind: str = Kind.INFORMATION
    service_code: str = ""
    channel: str = ChannelUsed.WEB
    preferred_language: str = "tr"
    interpreter_language: str = ""
    identity_mode: str = IdentityMode.IDENTIFIED
    name: str = ""
    email: str = ""
    phone: str = ""
    lat: Any = None
    lon: Any = None
    address: str = ""
    mahalle_id: int | None = None
    resident_groups: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    attachments: list[UploadedFile] = field(default_factory=list)
    require_location: bool = False
    media_url: str = ""
    device_id: str = ""
    account_id: str = ""
    api_key: ApiKey | None = None  # the Open311 client's key, checked by the caller


def request_forget(*, requests: Any, rule: str, by: str) -> int:
    """Erase who sent the given requests and how to reach them (name, contacts, typed
    address, their hashes) and their attachments; the request itself, its service, place and steps stay for the
    figures. Each is written to the destruction log. Returns how many were erased."""
    from adilkent.cases.services.protection import log_destruction

    count = 0
    for pk in requests.filter(personal_data_erased_at__isnull=True).values_list("pk", flat=True):
        log_destruction("intake request", str(pk), "anonymised", rule, by)
        count += 1
    # Photos and documents can show the person, their home or their papers: they go too,
    # rows now and files once the erasure has committed (a rollback keeps both).
    attachments = Attachment.objects.filter(
        request__in=requests.filter(personal_data_erased_at__isnull=True)
    )
    files = []
    for attachment in attachments:
        log_destruction("intake attachment", str(attachment.pk), "destroyed", rule, by)
        files.append((attachment.file.storage, attachment.file.name))
    attachments.delete()

    def delete_files() -> None:
        for storage, name in files:
            if name:
                storage.delete(name)

    transaction.on_commit(delete_files)
    requests.filter(personal_data_erased_at__isnull=True).update(
        name="",
        email="",
        phone="",
        address="",
        phone_hash="",
        email_hash="",
        personal_data_erased_at=timezone.now(),
    )
    return count


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _i in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _validate(
    data: RequestInput, definitions: IntakeDefinitions
) -> tuple[dict[str, Any], list[tuple[UploadedFile, str]]]:
    errors = Errors()
    text = data.text or ""
    if not text.strip():
        errors.add("text", _("Please write your request."))
    elif len(text) > MAX_TEXT:
        errors.add("text", _("Please write at most %(n)s characters.") % {"n": MAX_TEXT})
    if data.kind not in Kind.values:
        errors.add("kind", _("Choose information, application or complaint."))
    if data.channel not in ChannelUsed.values:
        errors.add("channel", _("Unknown channel."))
    if data.identity_mode not in IdentityMode.values:
        errors.add("identity_mode", _("Choose how you want to be identified."))
    if data.preferred_language not in language_codes():
        errors.add("preferred_language", _("Choose one of the languages offered."))
    bad_groups = [g for g in data.resident_groups if g not in ResidentGroup.values]
    if bad_groups:
        errors.add("resident_groups", _("Unknown group: %(g)s") % {"g": ", ".join(bad_groups)})
    service = None
    if data.service_code:
        service = definitions.service(data.service_code, accepting=True)
        if service is None:
            errors.add(
                "service_code",
                _("There is no service with the code “%(code)s”.") % {"code": data.service_code},
            )
    needs_contact = data.channel in {ChannelUsed.WEB, ChannelUsed.API}
    if (
        needs_contact
        and data.identity_mode != IdentityMode.ANONYMOUS
        and not (data.email or data.phone)
    ):
        errors.add(
            "contact",
            _("Give an email address or a phone number, or choose to stay anonymous."),
        )
    if data.email:
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        try:
            validate_email(data.email)
        except ValidationError:
            errors.add("email", _("This email address is not valid."))
    lat, lon = check_location(data.lat, data.lon, errors)
    place: PinPlace | None = None
    if data.mahalle_id not in (None, ""):
        chosen = Mahalle.objects.filter(pk=data.mahalle_id).values_list("pk", "district_id").first()
        if chosen is None:
            errors.add("mahalle", _("Unknown neighbourhood."))
        else:
            place = PinPlace(mahalle_id=chosen[0], district_id=chosen[1])
    if lat is not None and lon is not None and place is None:
        place = place_at(lat, lon)
    has_location = lat is not None or bool(data.address.strip()) or place is not None
    if (data.require_location or data.kind == Kind.COMPLAINT) and not has_location:
        errors.add(
            "location",
            _("Say where: put a pin on the map, write an address or choose a neighbourhood."),
        )
    attributes = clean_attributes(
        service,
        data.attributes,
        errors,
        questions=definitions.questions.get(service.pk, ()) if service else (),
    )
    if len(data.attachments) > MAX_ATTACHMENTS:
        errors.add("attachments", _("Attach at most %(n)s files.") % {"n": MAX_ATTACHMENTS})
    files = []
    for upload in data.attachments[:MAX_ATTACHMENTS]:
        content_type = check_attachment(upload, errors)
        if content_type:
            files.append((upload, content_type))
    media_url = check_media_url(data.media_url, errors)
    errors.raise_if_any()
    anonymous = data.identity_mode == IdentityMode.ANONYMOUS
    values = {
        "kind": data.kind,
        "service": service,
        "channel": data.channel,
        "text": text,
        "preferred_language": data.preferred_language,
        "interpreter_language": data.interpreter_language.strip()[:60],
        "identity_mode": data.identity_mode,
        "name": "" if anonymous else data.name.strip()[:200],
        "email": "" if anonymous else data.email.strip(),
        "phone": "" if anonymous else data.phone.strip()[:40],
        "phone_hash": "" if anonymous else keyed_hash(data.phone.strip(), "phone"),
        "email_hash": "" if anonymous else keyed_hash(data.email.strip(), "email"),
        "lat": lat,
        "lon": lon,
        "address": data.address.strip()[:300],
        "mahalle_id": place.mahalle_id if place else None,
        "district_id": place.district_id if place else None,
        "resident_groups": sorted(set(data.resident_groups)),
        "attributes": attributes,
        "media_url": media_url,
        "device_id": data.device_id.strip()[:100],
        "account_id": data.account_id.strip()[:100],
        "api_key": data.api_key,
    }
    return values, files


def submit_request(
    data: RequestInput,
    *,
    entered_by: User | None = None,
    definitions: IntakeDefinitions | None = None,
) -> Request:
    """Validate, store durably and return the request (raises :class:`RequestInvalid`).
    ``definitions`` are those the caller has read already in this request, if any."""
    if definitions is None:
        definitions = intake_definitions()
    values, files = _validate(data, definitions)
    values["text_language"] = detect_language(values["text"])
    # The classifier's suggestion routes only when the resident chose no service and it is sure
    # enough; "not sure" sends the request to the triage desk (the rules without a service).
    suggestion = suggest_category(values["text"], definitions=definitions)
    values["suggested_service"] = suggestion.service if suggestion else None
    values["suggestion_probability"] = suggestion.probability if suggestion else None
    values["category_not_sure"] = bool(suggestion and suggestion.not_sure)
    routed_service = values["service"] or values["suggested_service"]
    values["unit_id"] = definitions.unit_id(
        service_id=routed_service.pk if routed_service else None,
        district_id=values["district_id"],
        mahalle_id=values["mahalle_id"],
    )
    sla = routed_service.sla_days if routed_service else DEFAULT_SLA_DAYS
    values["due_at"] = timezone.now() + dt.timedelta(days=sla)
    if entered_by is not None and entered_by.is_authenticated:
        values["entered_by"] = entered_by
    for _attempt in range(5):
        try:
            with transaction.atomic():
                request = Request(tracking_code=new_tracking_code(), **values)
                # Its history's first row is written before its first change, if it has one.
                save_without_first_version(request, force_insert=True)
                for upload, content_type in files:
                    kept = without_metadata(upload, content_type)
                    Attachment.objects.create(
                        request=request,
                        file=kept,
                        original_name=(upload.name or "file")[:200],
                        content_type=content_type,
                        size=kept.size or 0,
                    )
                Event.objects.create(
                    request=request, type=Event.Type.RECEIVED, status=Status.RECEIVED, public=True
                )
                # Stored with the request, sent by a job only after the commit.
                with translation.override(request.preferred_language):
                    notify_resident(
                        request,
                        _("We have received your request. Your tracking code is %(code)s.")
                        % {"code": request.tracking_code},
                    )
            break
        except IntegrityError:  # a tracking-code collision: draw another
            continue
    else:  # pragma: no cover - 32^10 codes
        raise RuntimeError("could not draw a unique tracking code")
    return request


# --- staff -------------------------------------------------------------------------------


def _event(request: Request, type_: str, by: Any, text: str = "", public: bool = False) -> Event:
    return Event.objects.create(
        request=request,
        type=type_,
        status=request.status,
        public=public,
        text=text,
        by=by if getattr(by, "is_authenticated", False) else None,
    )


def _tell_status(request: Request, message: str = "") -> None:
    """Queue the request's new status (and ``message``, if any) for the resident, in their
    language whatever language the staff member works in; sent after the commit."""
    with translation.override(request.preferred_language):
        label = str(request.get_status_display())
        notify_resident(
            request,
            _("Status: %(status)s.") % {"status": label} + (f"\n{message}" if message else ""),
        )


def apply_action(request: Request, action: str, by: Any, message: str = "") -> Request:
    """Run one state-machine transition; ``message`` (if any) is sent to the resident."""
    from .models import ACTIONS

    if action not in ACTIONS:
        raise RequestInvalid({"action": [_("Unknown action.")]})
    try:
        with transaction.atomic():
            getattr(request, action)()
            request.save()
            _event(request, Event.Type.STATUS, by, message, public=True)
            _tell_status(request, message)
    except TransitionNotAllowed:
        raise RequestInvalid(
            {
                "action": [
                    _("A request that is “%(status)s” cannot do that.")
                    % {"status": request.get_status_display()}
                ]
            }
        ) from None
    return request


def assign(request: Request, by: Any, *, unit: Unit | None = None, user: Any = None) -> Request:
    """Give the request to a unit and/or a person (a manual override of the routing)."""
    with transaction.atomic():
        if unit is not None:
            request.unit = unit
        if user is not None:
            request.assigned_to = user
        newly_assigned = request.status in {Status.RECEIVED, Status.TRIAGED}
        if newly_assigned:
            request.assign()
        request.save()
        who = ", ".join(str(x) for x in (unit, user) if x is not None)
        _event(request, Event.Type.ASSIGNMENT, by, who)
        if newly_assigned:
            # The resident sees the step and the unit that has it, never the person.
            _event(request, Event.Type.STATUS, by, str(request.unit or ""), public=True)
            _tell_status(request, str(request.unit or ""))
    return request


def add_note(request: Request, by: Any, text: str) -> Event:
    if not text.strip():
        raise RequestInvalid({"text": [_("The note is empty.")]})
    return _event(request, Event.Type.NOTE, by, text.strip())


def reply(
    request: Request, by: Any, *, text: str = "", template: ReplyTemplate | None = None
) -> Event:
    """A message to the resident, written or from a template in the resident's language."""
    body = text.strip() or (template.text_for(request.preferred_language) if template else "")
    if not body:
        raise RequestInvalid({"text": [_("The reply is empty.")]})
    with transaction.atomic():
        event = _event(request, Event.Type.REPLY, by, body, public=True)
        notify_resident(request, body)
    return event


def resident_update(request: Request, text: str, *, fms_status: str = "OPEN") -> Event:
    """A message from the resident (or a client app on their behalf) on their own request.

    ``fms_status`` follows FixMyStreet's update extension: ``OPEN`` (the problem is still
    there) or ``CLOSED`` (it is fixed). A request waiting for the resident goes back to work;
    a resolved one is closed on ``CLOSED`` and reopened on ``OPEN``. Closed, rejected and
    merged requests take no more updates: a new request is the way.
    """
    errors = Errors()
    if not (text or "").strip():
        errors.add("description", _("Please write your update."))
    elif len(text) > MAX_TEXT:
        errors.add("description", _("Please write at most %(n)s characters.") % {"n": MAX_TEXT})
    if fms_status not in {"OPEN", "CLOSED"}:
        errors.add("status", _("The status must be OPEN or CLOSED."))
    if not (request.is_open or request.status == Status.RESOLVED):
        errors.add(
            "service_request_id",
            _("This request is finished; please send a new request instead."),
        )
    errors.raise_if_any()
    before = request.status
    with transaction.atomic():
        if request.status == Status.WAITING:
            request.start()
        elif request.status == Status.RESOLVED and fms_status == "CLOSED":
            request.close()
        elif request.status == Status.RESOLVED:
            request.reopen()
        request.save()
        event = Event.objects.create(
            request=request, type=Event.Type.RESIDENT, status=request.status, public=True, text=text
        )
        if request.status != before:
            _tell_status(request)
    return event


def confirm_category(request: Request, by: Any, service: Service) -> Request:
    """Staff confirm (or correct) the service: the request becomes training data.

    The classifier is retrained by a background job after the commit, never here.
    """
    from .tasks import train_classifier

    with transaction.atomic():
        request.service = service
        request.category_confirmed = True
        request.save(update_fields=["service", "category_confirmed", "updated_at"])
        _event(request, Event.Type.NOTE, by, _("Category: %(name)s") % {"name": service.name})
        transaction.on_commit(train_classifier.enqueue)
    return request


def merge(duplicate: Request, into: Request, by: Any) -> Request:
    if duplicate.pk == into.pk:
        raise RequestInvalid({"merge": [_("A request cannot be merged with itself.")]})
    if not into.is_open:
        raise RequestInvalid({"merge": [_("Merge only into an open request.")]})
    try:
        with transaction.atomic():
            duplicate.merge()
            duplicate.merged_into = into
            duplicate.save()
            _event(duplicate, Event.Type.MERGE, by, into.tracking_code, public=True)
            _event(into, Event.Type.MERGE, by, duplicate.tracking_code)
            # Only the status: the other request's code opens another resident's page.
            _tell_status(duplicate)
    except TransitionNotAllowed:
        raise RequestInvalid({"merge": [_("This request is already closed.")]}) from None
    return duplicate


def escalate_overdue(now: dt.datetime | None = None) -> int:
    """Flag open requests past their due date (once each); returns how many were escalated."""
    now = now or timezone.now()
    overdue = Request.objects.filter(
        status__in=[s.value for s in selectors.OPEN], due_at__lt=now, escalated_at__isnull=True
    )
    count = 0
    for request in overdue:
        with transaction.atomic():
            request.escalated_at = now
            request.save(update_fields=["escalated_at", "updated_at"])
            _event(request, Event.Type.ESCALATION, None, _("Past its due date."))
            notify_unit(
                request,
                _("Overdue request %(code)s") % {"code": request.tracking_code},
                _("The request %(code)s is past its due date.") % {"code": request.tracking_code},
            )
        count += 1
    return count
