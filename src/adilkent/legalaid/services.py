"""Writes of the Legal Aid Vehicle: publishing stops from a plan, booking, cancelling, intake.

Booking is safe under concurrency: the stop's row is locked (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's write transactions are serial already), the seat is chosen, and a
unique constraint on (stop, time, seat) among active appointments refuses whatever slipped
through. Intake at the vehicle uses the Refugee Desk's own services to find or register the
person and open a legal-aid case.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adilkent.cases.crypto import keyed_hash
from adilkent.cases.models import Case, CaseType, Person
from adilkent.cases.models.casework import Outcome as CaseOutcome
from adilkent.cases.selectors import visible_people
from adilkent.cases.services import casework, people
from adilkent.places.models import Mahalle
from adilkent.planner.models import PlanRun, RunStatus, Service

from . import conf, selectors
from .models import Appointment, AppointmentStatus, Outcome, Stop, StopStatus, Topic

PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")
RECEIPT_ALPHABET = "ACDEFHJKLMNPRTUVWXY34679"  # no 0/O, 1/I, 2/Z, 5/S, 8/B look-alikes
RECEIPT_PURPOSE = "legal-aid-receipt"
PHONE_PURPOSE = "phone"  # the same keyed hash as a person's phone in the cases registry


# --- publishing the plan's stops -------------------------------------------------------------


@dataclass
class PublishReport:
    run_id: int | None
    created: list[Stop] = field(default_factory=list)
    unchanged: list[Stop] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # plan stops that are not a known mahalle

    def summary(self) -> str:
        if self.run_id is None:
            return "no finished Legal Aid Vehicle plan: nothing published"
        text = (
            f"plan {self.run_id}: {len(self.created)} stops created, "
            f"{len(self.unchanged)} unchanged"
        )
        if self.skipped:
            text += f", {len(self.skipped)} skipped ({'; '.join(self.skipped)})"
        return text


def parse_clock(text: str) -> dt.time:
    try:
        hours, minutes = text.strip().split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"{text!r} is not a time of day like 09:30") from None


def quarter_hour(time: dt.time, up: bool) -> dt.time:
    """``time`` moved to a quarter hour (later if ``up``, else earlier): 09:39 → 09:45."""
    minutes = time.hour * 60 + time.minute
    minutes = -(-minutes // 15) * 15 if up else minutes // 15 * 15
    minutes = min(minutes, 23 * 60 + 45)
    return dt.time(minutes // 60, minutes % 60)


@transaction.atomic
def publish_stops(
    run: PlanRun | None = None,
    *,
    slot_minutes: int | None = None,
    seats_per_slot: int | None = None,
    start_time: str | None = None,
    end_time: str | None = None,
) -> PublishReport:
    """Create a stop for every (mahalle, day) of the latest finished legal-aid plan.

    Idempotent: a stop that already exists for the mahalle and day is left as it is (its
    bookings and lawyers stay), and reported as unchanged. Hours are the plan's, within
    quarter hours (start rounded up, end down), unless ``start_time``/``end_time`` (or the
    settings) give them.
    """
    if run is None:
        run = (
            PlanRun.objects.filter(service=Service.LEGAL_AID, status=RunStatus.DONE)
            .order_by("-finished_at", "-pk")
            .first()
        )
    report = PublishReport(run.pk if run else None)
    if run is None:
        return report
    if run.service != Service.LEGAL_AID or run.status != RunStatus.DONE:
        raise ValueError(f"plan run {run.pk} is not a finished Legal Aid Vehicle plan")
    minutes = slot_minutes if slot_minutes is not None else conf.slot_minutes()
    seats = seats_per_slot if seats_per_slot is not None else conf.seats_per_slot()
    if minutes <= 0 or seats <= 0:
        raise ValueError("the appointment length and the seats per slot must be positive")
    start_text, end_text = start_time or conf.start_time(), end_time or conf.end_time()
    fixed_start = parse_clock(start_text) if start_text else None
    fixed_end = parse_clock(end_text) if end_text else None
    for route in (run.document or {}).get("routes", []):
        day = dt.date.fromisoformat(route["date"])
        for planned in route["stops"]:
            site = str(planned["site"])
            pk = int(site.split("-")[1]) if site.startswith("mahalle-") else None
            mahalle = Mahalle.objects.filter(pk=pk).first() if pk else None
            if mahalle is None:
                report.skipped.append(f"{site} on {day.isoformat()}: no such mahalle")
                continue
            if selectors.is_public_holiday(day):
                report.skipped.append(f"{site} on {day.isoformat()}: a public holiday")
                continue
            # residents remember 09:45 better than the plan's arrival at 09:39
            begin = fixed_start or quarter_hour(parse_clock(planned["start"]), up=True)
            finish = fixed_end or quarter_hour(parse_clock(planned["end"]), up=False)
            if finish <= begin:
                report.skipped.append(f"{site} on {day.isoformat()}: ends before it starts")
                continue
            stop, created = Stop.objects.get_or_create(
                mahalle=mahalle,
                date=day,
                defaults={
                    "start_time": begin,
                    "end_time": finish,
                    "slot_minutes": minutes,
                    "seats_per_slot": seats,
                    "plan_run": run,
                },
            )
            (report.created if created else report.unchanged).append(stop)
    return report


# --- booking and cancelling (public) ---------------------------------------------------------


class BookingError(ValidationError):
    """A booking refused for a reason the resident can act on (the message says which)."""


@dataclass(frozen=True)
class BookingRequest:
    slot_time: dt.time
    name: str
    phone: str
    preferred_language: str
    topic: str
    interpreter_needed: bool = False


def new_receipt_code() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def receipt_hash(code: str) -> str:
    return keyed_hash(code, RECEIPT_PURPOSE)


def book(
    stop_id: int, request: BookingRequest, now: dt.datetime | None = None
) -> tuple[Appointment, str]:
    """Book one seat of one slot; returns the appointment and the receipt code to show.

    The code is shown once and stored only as a keyed hash.
    """
    name, phone = request.name.strip(), request.phone.strip()
    if not name:
        raise BookingError(_("Write your name."), code="name")
    if not phone:
        raise BookingError(
            _("Write a phone number: the lawyers call it if the stop changes."), code="phone"
        )
    if not PHONE.match(phone):
        raise BookingError(
            _("A phone number has 7 to 20 digits, spaces, brackets or dashes."), code="phone"
        )
    if request.topic not in Topic.values:
        raise BookingError(_("Choose what your question is about."), code="topic")
    for _attempt in range(3):
        try:
            return _book_once(stop_id, request, name, phone, now)
        except IntegrityError:
            continue  # a seat or a receipt code was taken at the same moment: look again
    raise BookingError(
        _("This time was just booked by someone else. Choose another time."), code="slot_full"
    )


@transaction.atomic
def _book_once(
    stop_id: int, request: BookingRequest, name: str, phone: str, now: dt.datetime | None
) -> tuple[Appointment, str]:
    stop = Stop.objects.select_for_update().filter(pk=stop_id).first()
    if stop is None:
        raise BookingError(_("There is no such stop."), code="no_stop")
    if stop.status == StopStatus.CANCELLED:
        raise BookingError(_("This stop was cancelled. Choose another stop."), code="cancelled")
    if selectors.is_public_holiday(stop.date):
        raise BookingError(
            _("The vehicle does not go out on a public holiday. Choose another stop."),
            code="holiday",
        )
    if selectors.is_past(stop, now=now) or stop.status == StopStatus.HELD:
        raise BookingError(
            _("This stop has already taken place. Choose a later stop."), code="past"
        )
    if request.slot_time not in stop.slots:
        raise BookingError(_("Choose one of the times of this stop."), code="slot")
    if selectors.is_past(stop, request.slot_time, now):
        raise BookingError(_("This time has already passed. Choose a later time."), code="past")
    taken = set(
        selectors.active_bookings(stop)
        .filter(slot_time=request.slot_time)
        .values_list("seat", flat=True)
    )
    free = [seat for seat in range(1, stop.seats_per_slot + 1) if seat not in taken]
    if not free:
        if not selectors.free_slots(stop, now):
            raise BookingError(_("This stop is fully booked."), code="stop_full")
        raise BookingError(
            _("This time was just booked by someone else. Choose another time."),
            code="slot_full",
        )
    code = new_receipt_code()
    with transaction.atomic():  # a savepoint: a lost race leaves the outer transaction usable
        appointment = Appointment.objects.create(
            stop=stop,
            slot_time=request.slot_time,
            seat=free[0],
            name=name,
            phone=phone,
            phone_hash=keyed_hash(phone, PHONE_PURPOSE),
            preferred_language=request.preferred_language,
            interpreter_needed=request.interpreter_needed,
            topic=request.topic,
            receipt_hash=receipt_hash(code),
        )
    return appointment, code


def find_by_receipt(code: str) -> Appointment | None:
    digest = receipt_hash(code)
    if not digest:
        return None
    return (
        Appointment.objects.select_related("stop__mahalle__district")
        .filter(receipt_hash=digest, erased_at__isnull=True)
        .first()
    )


@transaction.atomic
def cancel_by_receipt(code: str, now: dt.datetime | None = None) -> Appointment:
    appointment = find_by_receipt(code)
    if appointment is None:
        raise BookingError(
            _("No appointment has this code. Check the code on your confirmation."),
            code="unknown_code",
        )
    if appointment.status == AppointmentStatus.CANCELLED:
        raise BookingError(_("This appointment is already cancelled."), code="already")
    if appointment.status != AppointmentStatus.BOOKED or selectors.is_past(
        appointment.stop, appointment.slot_time, now
    ):
        raise BookingError(
            _("This appointment has already taken place and cannot be cancelled."), code="past"
        )
    appointment.status = AppointmentStatus.CANCELLED
    appointment.cancelled_at = timezone.now()
    appointment.save(update_fields=["status", "cancelled_at"])
    return appointment


# --- intake at the vehicle (staff) -----------------------------------------------------------


@dataclass
class IntakeData:
    outcome: str
    note: str = ""
    consent: bool = False  # the person agrees that the Refugee Desk keeps a case
    existing_person_id: uuid.UUID | None = None
    new_person: people.PersonData | None = None


def matching_people(appointment: Appointment, by: Any) -> list[Person]:
    """People the staff member may already see whose phone number is the appointment's."""
    if not appointment.phone_hash:
        return []
    return list(
        visible_people(by).filter(phone_hash=appointment.phone_hash, merged_into__isnull=True)
    )


@transaction.atomic
def record_intake(appointment: Appointment, by: Any, data: IntakeData) -> Case | None:
    """Mark the appointment attended with its outcome and, with consent, open a legal-aid case.

    The person is the chosen existing record (one the staff member may see) or a new
    registration (which proposes merges with likely duplicates for the desk to confirm).
    Without consent the appointment is recorded as attended with its outcome, and no
    person or case is stored.
    """
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.status != AppointmentStatus.BOOKED:
        raise ValidationError(_("This appointment is not waiting for intake any more."))
    if data.outcome not in Outcome.values:
        raise ValidationError(_("Choose the outcome."))
    case: Case | None = None
    if data.consent:
        if data.existing_person_id is not None:
            person = visible_people(by).filter(pk=data.existing_person_id).first()
            if person is None:
                raise ValidationError(_("Choose a person from the list, or register a new one."))
        elif data.new_person is not None and data.new_person.given_name.strip():
            person, _duplicates = people.register_person(data.new_person, by)
        else:
            raise ValidationError(_("Write the person's given name."))
        people.record_consent(person, "case_management", by, how="Legal Aid Vehicle intake")
        summary = f"{Topic(appointment.topic).label}: {data.note.strip()}".strip(": ")
        case = casework.open_case(
            person, CaseType.objects.get(code="legal-aid"), by, summary=summary
        )
        casework.transition(case, "start")
        if data.outcome == Outcome.ADVICE:
            casework.transition(case, "close", outcome=CaseOutcome.RESOLVED)
    appointment.status = AppointmentStatus.ATTENDED
    appointment.outcome = data.outcome
    appointment.case = case
    appointment.attended_at = timezone.now()
    appointment.recorded_by = by
    appointment.save(update_fields=["status", "outcome", "case", "attended_at", "recorded_by"])
    return case


def mark_no_show(appointment: Appointment, by: Any) -> Appointment:
    if appointment.status != AppointmentStatus.BOOKED:
        raise ValidationError(_("This appointment is not waiting for intake any more."))
    appointment.status = AppointmentStatus.NO_SHOW
    appointment.recorded_by = by
    appointment.save(update_fields=["status", "recorded_by"])
    return appointment


# --- retention -------------------------------------------------------------------------------


def erase_contact_details(appointments: Any) -> int:
    """Erase name and phone of the given appointments (those not yet erased)."""
    count = 0
    for appointment in appointments.filter(erased_at__isnull=True):
        appointment.name = ""
        appointment.phone = ""
        appointment.phone_hash = ""
        appointment.erased_at = timezone.now()
        appointment.save(update_fields=["name", "phone", "phone_hash", "erased_at"])
        count += 1
    return count


def erase_old_contact_details(today: dt.date | None = None, days: int | None = None) -> int:
    """Erase name and phone of appointments ``days`` after their stop (the case keeps its own
    copy when one was opened). Returns how many appointments were erased."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=conf.retention_days() if days is None else days)
    return erase_contact_details(Appointment.objects.filter(stop__date__lt=cutoff))
