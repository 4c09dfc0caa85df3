"""Writes of the Red Flag registry. Keyword-only functions; bad input raises
:class:`RedFlagInvalid` with the messages per field (nothing is written then)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from adilkent.intake.validation import Errors, check_attachment, without_metadata
from adilkent.places.models import District, Facility, Mahalle, TransitLine

from . import permissions
from .checklists import checklists
from .models import Answer, Assessment, Flag, Photo, Renewal, Subject

MAX_PHOTOS = 6
DEFAULT_VALIDITY_YEARS = 3


class RedFlagInvalid(Exception):
    """Bad input: ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def _raise(errors: Errors) -> None:
    if errors.found:
        raise RedFlagInvalid(errors.found)


def validity_years() -> int:
    """How long a flag lasts from its grant or renewal (setting ``RED_FLAG_VALIDITY_YEARS``)."""
    return int(getattr(settings, "RED_FLAG_VALIDITY_YEARS", DEFAULT_VALIDITY_YEARS))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- what can be flagged -----------------------------------------------------------------------


def subject_register(
    *,
    kind: str,
    facility: Facility | None = None,
    transit_line: TransitLine | None = None,
    fleet_number: str = "",
    name: str = "",
    address: str = "",
    district: District | None = None,
    mahalle: Mahalle | None = None,
    lon: float | None = None,
    lat: float | None = None,
    is_example: bool = False,
) -> Subject:
    """Register a venue or a vehicle for assessment (the same facility, or the same line and
    fleet number, is registered once: the one already there is returned)."""
    errors = Errors()
    name, address, fleet_number = name.strip(), address.strip(), fleet_number.strip()
    if kind not in Subject.Kind.values:
        errors.add("kind", _("Choose indoor venue, outdoor space or transport vehicle."))
    elif kind == Subject.Kind.VEHICLE:
        if transit_line is None:
            errors.add("transit_line", _("Choose the line the vehicle runs on."))
        if facility is not None:
            errors.add("facility", _("A vehicle is not a facility: choose its line instead."))
    elif facility is None:
        if not name:
            errors.add("name", _("Give the venue's name, or choose a facility from the list."))
        if district is None:
            errors.add("district", _("Choose the district of the venue."))
        if mahalle is not None and district is not None and mahalle.district_id != district.pk:
            errors.add("mahalle", _("This neighbourhood is not in the district chosen."))
        if lon is None or lat is None:
            errors.add("lat", _("Give the venue's latitude and longitude."))
        elif not (-90 <= lat <= 90 and -180 <= lon <= 180):
            errors.add("lat", _("Latitude is between -90 and 90, longitude between -180 and 180."))
    _raise(errors)
    if kind == Subject.Kind.VEHICLE:
        existing = Subject.objects.filter(transit_line=transit_line, fleet_number=fleet_number)
    elif facility is not None:
        existing = Subject.objects.filter(facility=facility)
    else:
        existing = Subject.objects.none()
    found = existing.first()
    if found is not None:
        return found
    return Subject.objects.create(
        kind=kind,
        facility=facility if kind != Subject.Kind.VEHICLE else None,
        transit_line=transit_line if kind == Subject.Kind.VEHICLE else None,
        fleet_number=fleet_number if kind == Subject.Kind.VEHICLE else "",
        name="" if facility is not None or kind == Subject.Kind.VEHICLE else name,
        address=address,
        district=district if facility is None else None,
        mahalle=mahalle if facility is None else None,
        lon=lon if facility is None and kind != Subject.Kind.VEHICLE else None,
        lat=lat if facility is None and kind != Subject.Kind.VEHICLE else None,
        is_example=is_example,
    )


# --- assessments -------------------------------------------------------------------------------


def assessment_record(
    *,
    subject: Subject,
    assessor: Any,
    visited_on: dt.date | None,
    answers: Mapping[str, tuple[str, str]],
    note: str = "",
    photos: Sequence[UploadedFile] = (),
    photos_public: bool = False,
    today: dt.date,
    is_example: bool = False,
) -> Assessment:
    """Record a visit: ``answers`` maps each item of the subject's checklist to (answer,
    note). The result follows from the required items: passed when none is "does not meet"."""
    errors = Errors()
    if not permissions.assesses(assessor):
        errors.add("assessor", _("Only a Red Flag assessor records assessments."))
    if visited_on is None:
        errors.add("visited_on", _("Give the date of the visit."))
    elif visited_on > today:
        errors.add("visited_on", _("The date of the visit cannot be in the future."))
    checklist = checklists()[subject.kind]
    for item in checklist.items:
        result, item_note = answers.get(item.key, ("", ""))
        if result not in Answer.Result.values:
            errors.add(
                f"item-{item.key}",
                _("Answer “%(item)s”: meets, does not meet or not applicable.")
                % {"item": item.name},
            )
        elif len(item_note) > 500:
            errors.add(f"item-{item.key}", _("The note is longer than 500 characters."))
    if len(photos) > MAX_PHOTOS:
        errors.add("photos", _("At most %(n)s photos per visit.") % {"n": MAX_PHOTOS})
    checked: list[tuple[UploadedFile, str]] = []
    for upload in photos:
        content_type = check_attachment(upload, errors)
        if content_type is None:
            continue
        if not content_type.startswith("image/"):
            errors.add(
                "photos",
                _("%(name)s is not a photo (JPEG, PNG, WebP).") % {"name": upload.name or "?"},
            )
            continue
        checked.append((upload, content_type))
    found = {("photos" if k == "attachments" else k): v for k, v in errors.found.items()}
    if found:
        raise RedFlagInvalid(found)
    assert visited_on is not None
    required_failed = any(
        item.required and answers[item.key][0] == Answer.Result.FAILS for item in checklist.items
    )
    with transaction.atomic():
        assessment = Assessment.objects.create(
            subject=subject,
            checklist=checklist.key,
            visited_on=visited_on,
            assessor=assessor,
            passed=not required_failed,
            note=note.strip(),
            is_example=is_example,
        )
        Answer.objects.bulk_create(
            Answer(
                assessment=assessment,
                item_key=item.key,
                required=item.required,
                result=answers[item.key][0],
                note=answers[item.key][1].strip(),
                position=n,
            )
            for n, item in enumerate(checklist.items)
        )
        for upload, content_type in checked:
            kept = without_metadata(upload, content_type)
            photo = Photo(
                assessment=assessment,
                original_name=(upload.name or "photo")[:200],
                content_type=content_type,
                size=kept.size or 0,
                public=photos_public,
            )
            photo.file.save(upload.name or "photo", kept, save=False)
            photo.save()
    return assessment


# --- flags -------------------------------------------------------------------------------------


def _coordinator(user: Any, errors: Errors) -> None:
    if not permissions.coordinates(user):
        errors.add("coordinator", _("Only a Red Flag coordinator grants, renews or withdraws."))


def flag_grant(*, assessment: Assessment, coordinator: Any, today: dt.date) -> Flag:
    """Grant the flag on a passed assessment; it expires after :func:`validity_years`."""
    errors = Errors()
    _coordinator(coordinator, errors)
    if not assessment.passed:
        errors.add(
            "assessment", _("A flag is granted only on a passed assessment; this one did not pass.")
        )
    if Flag.objects.filter(assessment=assessment).exists():
        errors.add("assessment", _("A flag was already granted on this assessment."))
    if any(f.in_force(today) for f in Flag.objects.filter(subject=assessment.subject)):
        errors.add("assessment", _("This place already has a flag in force: renew it instead."))
    _raise(errors)
    return Flag.objects.create(
        subject=assessment.subject,
        assessment=assessment,
        granted_on=today,
        expires_on=add_years(today, validity_years()),
        granted_by=coordinator,
        is_example=assessment.is_example,
    )


def flag_renew(*, flag: Flag, assessment: Assessment, coordinator: Any, today: dt.date) -> Renewal:
    """Extend a flag in force on a new passed assessment made before it expires: it then
    expires :func:`validity_years` after the renewal."""
    errors = Errors()
    _coordinator(coordinator, errors)
    if flag.withdrawn_on is not None:
        errors.add("flag", _("A withdrawn flag cannot be renewed: grant a new one."))
    elif today > flag.expires_on:
        errors.add("flag", _("The flag has expired: grant a new one on a passed assessment."))
    last = max(
        [flag.assessment.visited_on, *(r.assessment.visited_on for r in flag.renewals.all())]
    )
    if assessment.subject_id != flag.subject_id:
        errors.add("assessment", _("The assessment is of another place."))
    elif not assessment.passed:
        errors.add("assessment", _("A flag is renewed only on a passed assessment."))
    elif assessment.visited_on <= last:
        errors.add("assessment", _("Renewal needs a new assessment, made after the last one."))
    elif assessment.visited_on > flag.expires_on:
        errors.add("assessment", _("The assessment was made after the flag expired."))
    _raise(errors)
    new_expiry = add_years(today, validity_years())
    with transaction.atomic():
        renewal = Renewal.objects.create(
            flag=flag,
            assessment=assessment,
            renewed_on=today,
            previous_expiry=flag.expires_on,
            new_expiry=new_expiry,
            renewed_by=coordinator,
        )
        flag.expires_on = new_expiry
        flag.save(update_fields=["expires_on"])
    return renewal


def flag_withdraw(*, flag: Flag, coordinator: Any, reason: str, today: dt.date) -> Flag:
    """Withdraw a flag, with the reason (public on the place's page)."""
    errors = Errors()
    _coordinator(coordinator, errors)
    if flag.withdrawn_on is not None:
        errors.add("flag", _("The flag was already withdrawn."))
    if not reason.strip():
        errors.add("reason", _("Give the reason for the withdrawal."))
    _raise(errors)
    flag.withdrawn_on = today
    flag.withdrawn_reason = reason.strip()
    flag.withdrawn_by = coordinator
    flag.save(update_fields=["withdrawn_on", "withdrawn_reason", "withdrawn_by"])
    return flag
