"""Intake at the vehicle opens a legal-aid case with the Refugee Desk's own services."""

from __future__ import annotations

from django.urls import reverse

from adilkent.cases.models import Case, ConsentRecord, DuplicateCandidate, Person
from adilkent.cases.services import people
from adilkent.cases.tests.conftest import invented
from adilkent.legalaid.models import Appointment, AppointmentStatus

from .conftest import Vehicle


def _post(vehicle: Vehicle, who: str, key: str, **data: str):  # type: ignore[no-untyped-def]
    url = reverse("legalaid:intake", args=[vehicle.appointments[key].pk])
    return vehicle.client(who).post(url, {"gender": "undisclosed", **data})


def test_a_lawyer_records_attendance_and_opens_a_case_for_a_new_person(vehicle: Vehicle) -> None:
    response = _post(
        vehicle, "lawyer1", "bahariye",
        outcome="advice", consent="on", person="new", given_name="Invented", family_name="Bahariye",
        birth_year="1988", nationality="af", note="Invented note about the residence permit",
    )  # fmt: skip
    assert response.status_code == 302
    appointment = Appointment.objects.get(pk=vehicle.appointments["bahariye"].pk)
    assert appointment.status == AppointmentStatus.ATTENDED
    assert appointment.outcome == "advice"
    case = Case.objects.get(pk=appointment.case_id)
    assert case.case_type.code == "legal-aid"
    assert case.assigned_to == vehicle.users["lawyer1"]
    assert case.state == "closed" and case.outcome == "resolved"  # advice given: nothing more
    assert "Invented note about the residence permit" in case.summary
    person = case.person
    assert (person.given_name, person.family_name, person.nationality) == (
        "Invented", "Bahariye", "AF",
    )  # fmt: skip
    assert person.phone == appointment.phone and person.phone_hash == appointment.phone_hash
    assert person.preferred_language == appointment.preferred_language
    assert ConsentRecord.objects.filter(person=person, purpose="case_management").exists()


def test_follow_up_keeps_the_case_open(vehicle: Vehicle) -> None:
    _post(vehicle, "lawyer1", "bahariye", outcome="follow_up", consent="on", given_name="Invented")
    case = Appointment.objects.get(pk=vehicle.appointments["bahariye"].pk).case
    assert case is not None and case.state == "in_progress"


def test_without_consent_only_the_outcome_is_recorded(vehicle: Vehicle) -> None:
    people_before = Person.objects.count()
    response = _post(vehicle, "lawyer1", "bahariye", outcome="not_legal", given_name="Invented")
    assert response.status_code == 302
    appointment = Appointment.objects.get(pk=vehicle.appointments["bahariye"].pk)
    assert (appointment.status, appointment.outcome, appointment.case) == (
        "attended", "not_legal", None,
    )  # fmt: skip
    assert Person.objects.count() == people_before


def test_the_desk_finds_the_existing_person_by_phone(vehicle: Vehicle) -> None:
    appointment = vehicle.appointments["bahariye"]
    known, _ = people.register_person(
        invented("Knownperson", phone=appointment.phone), vehicle.users["caseworker"]
    )
    page = vehicle.client("caseworker").get(reverse("legalaid:intake", args=[appointment.pk]))
    assert f'value="{known.pk}"' in page.content.decode()
    # the lawyer may not browse the registry: no candidate, a new registration proposes a merge
    lawyer_page = vehicle.client("lawyer1").get(reverse("legalaid:intake", args=[appointment.pk]))
    assert str(known.pk) not in lawyer_page.content.decode()
    _post(
        vehicle, "caseworker", "bahariye", outcome="follow_up", consent="on", person=str(known.pk)
    )
    case = Appointment.objects.get(pk=appointment.pk).case
    assert case is not None and case.person_id == known.pk
    assert Person.objects.filter(pk=known.pk).count() == 1


def test_a_new_registration_like_a_known_person_is_proposed_as_a_duplicate(
    vehicle: Vehicle,
) -> None:
    appointment = vehicle.appointments["bahariye"]
    known, _ = people.register_person(
        invented("Invented", "Bahariye", phone=appointment.phone), vehicle.users["caseworker"]
    )
    _post(
        vehicle, "lawyer1", "bahariye",
        outcome="follow_up", consent="on", given_name="Invented", family_name="Bahariye",
    )  # fmt: skip
    case = Appointment.objects.get(pk=appointment.pk).case
    assert case is not None and case.person_id != known.pk
    proposal = DuplicateCandidate.objects.get(person=case.person)
    assert proposal.existing_id == known.pk and proposal.status == "proposed"


def test_clear_errors_and_no_second_intake(vehicle: Vehicle) -> None:
    response = _post(vehicle, "lawyer1", "bahariye", outcome="", consent="on")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Choose the outcome." in text and "Write the person&#x27;s given name." in text
    _post(vehicle, "lawyer1", "bahariye", outcome="advice")
    again = _post(vehicle, "lawyer1", "bahariye", outcome="advice")
    assert "not waiting for intake any more" in again.content.decode()


def test_a_person_who_did_not_come(vehicle: Vehicle) -> None:
    appointment = vehicle.appointments["yamanlar"]
    vehicle.client("lawyer2").post(reverse("legalaid:no-show", args=[appointment.pk]))
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.NO_SHOW


def test_the_data_protection_officer_reads_but_takes_no_intake(vehicle: Vehicle) -> None:
    response = _post(vehicle, "dpo", "bahariye", outcome="advice")
    assert response.status_code == 403
    assert Appointment.objects.get(pk=vehicle.appointments["bahariye"].pk).status == "booked"


def test_erasing_the_person_erases_their_appointments_contact_details(vehicle: Vehicle) -> None:
    from adilkent.cases.models import DestructionLog
    from adilkent.cases.services.protection import anonymise_person

    _post(vehicle, "lawyer1", "bahariye", outcome="follow_up", consent="on", given_name="Invented")
    appointment = Appointment.objects.get(pk=vehicle.appointments["bahariye"].pk)
    assert appointment.case is not None and appointment.name
    anonymise_person(appointment.case.person, "data subject's request", "dpo")
    appointment.refresh_from_db()
    assert (appointment.name, appointment.phone, appointment.phone_hash) == ("", "", "")
    assert appointment.erased_at is not None
    assert DestructionLog.objects.filter(
        record_type="legal aid appointment", record_id=str(appointment.pk)
    ).exists()
    # other people's appointments keep theirs
    others = Appointment.objects.exclude(pk=appointment.pk)
    assert others.exists() and all(a.name and a.erased_at is None for a in others)


def test_the_daily_retention_run_reaches_past_appointments(vehicle: Vehicle) -> None:
    import datetime as dt

    from django.utils import timezone

    from adilkent.cases.services.protection import apply_retention

    last_stop = max(a.stop.date for a in Appointment.objects.select_related("stop"))
    later = timezone.now() + dt.timedelta(days=(last_stop - timezone.localdate()).days + 400)
    done = apply_retention(now=later)
    assert done["legal_aid_appointments"] == Appointment.objects.count() > 0
    assert not Appointment.objects.exclude(name="").exists()
