"""The mobile employment point's registrations: an entry sent twice arrives once, a person
already registered (same phone, or same name and year of birth) is linked and counted as a
duplicate, every bad field is named with its own message and nothing is stored then; the
staff pages are for the employment unit only."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from adilkent.cases.crypto import keyed_hash
from adilkent.cases.models import AuditEvent
from adilkent.core.tests.factories import log_in_verified, make_district, make_mahalle
from adilkent.employment.mobile import (
    MobileRegistrationInvalid,
    mobile_registration_receive,
    person_key,
    phone_hash,
)
from adilkent.employment.models import MobileRegistration, Profile
from adilkent.enrolment.models import StaffAccess
from adilkent.places.models import Mahalle
from adilkent.programmes.models import Programme

pytestmark = pytest.mark.django_db

PAGE = "/en/employment/mobile/"
SEND = "/en/employment/mobile/send/"
RECEIVED = "/en/employment/mobile/received/"


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Messages are asserted in English (the service speaks the active language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def mahalle(db: None) -> Mahalle:
    return make_mahalle(make_district("Invented District"), "Invented Mahalle")


@pytest.fixture
def staff(db: None, django_user_model: Any) -> Any:
    programme = Programme.objects.create(
        slug="mobile-employment-point", name="Mobile employment point", kind="service"
    )
    user = django_user_model.objects.create_user("mobile-staff", password="x", is_staff=True)
    StaffAccess.objects.create(user=user, role="coordinator", programme=programme)
    return user


@pytest.fixture
def outsider(db: None, django_user_model: Any) -> Any:
    """Staff of another programme: not of the employment unit."""
    programme = Programme.objects.create(slug="test-centres", name="Centres", kind="centres")
    user = django_user_model.objects.create_user("other-staff", password="x", is_staff=True)
    StaffAccess.objects.create(user=user, role="coordinator", programme=programme)
    return user


def _client(user: Any) -> Client:
    client = Client()
    log_in_verified(client, user)
    return client


def entry(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "client_id": uuid.uuid4(),
        "name": "Invented Person",
        "phone": "0555 123 45 67",
        "birth_year": 1990,
        "sex": "woman",
        "mahalle_id": None,
        "skills": "cooking, cleaning",
        "languages": "Turkish, Arabic",
        "cv_consent": True,
        "stop": "Invented Square",
        "entered_at": timezone.now() - dt.timedelta(minutes=20),
        "entered_by": None,
    }
    values.update(changes)
    return values


def receive(**changes: Any) -> tuple[MobileRegistration, bool]:
    return mobile_registration_receive(**entry(**changes))


def errors_of(**changes: Any) -> dict[str, list[str]]:
    with pytest.raises(MobileRegistrationInvalid) as raised:
        receive(**changes)
    return raised.value.errors


# --- the service --------------------------------------------------------------------------


def test_a_new_person_gets_a_profile_with_keyed_hashes_and_the_consent(
    staff: Any, mahalle: Mahalle
) -> None:
    entered = timezone.now() - dt.timedelta(hours=2)
    registration, new = receive(mahalle_id=mahalle.pk, entered_at=entered, entered_by=staff)
    assert new and not registration.duplicate
    profile = registration.profile
    assert (profile.name, profile.phone, profile.birth_year) == (
        "Invented Person",
        "0555 123 45 67",
        1990,
    )
    assert profile.source == Profile.Source.MOBILE and profile.created_by == staff
    assert profile.mahalle == mahalle and profile.sex == "woman"
    assert profile.phone_hash == keyed_hash("05551234567", "phone") == phone_hash("0555 123 45 67")
    assert profile.person_key == keyed_hash("invented person1990", "employment-person")
    assert profile.cv_consent_at == entered
    assert (registration.stop, registration.entered_at, registration.entered_by) == (
        "Invented Square",
        entered,
        staff,
    )


def test_no_consent_no_consent_time_and_no_answer_on_sex_means_unsaid() -> None:
    registration, _new = receive(cv_consent=False, sex="")
    assert registration.profile.cv_consent_at is None
    assert registration.profile.sex == Profile.Sex.UNSAID


def test_the_same_entry_sent_twice_arrives_once() -> None:
    client_id = uuid.uuid4()
    first, new_first = receive(client_id=client_id)
    again, new_again = receive(client_id=client_id, name="Changed On The Way")
    assert (new_first, new_again) == (True, False)
    assert again.pk == first.pk and again.profile.name == "Invented Person"
    assert MobileRegistration.objects.count() == 1 and Profile.objects.count() == 1


def test_an_entry_that_already_arrived_is_acknowledged_even_if_it_is_now_too_old() -> None:
    client_id = uuid.uuid4()
    receive(client_id=client_id)
    _again, new = receive(client_id=client_id, entered_at=timezone.now() - dt.timedelta(days=90))
    assert not new


def test_a_person_with_the_same_phone_is_a_duplicate_linked_to_their_profile() -> None:
    first, _ = receive(phone="0555 123 45 67")
    # the same number written the other usual ways, under another name
    for written in ("+90 (555) 123-45-67", "5551234567", "905551234567"):
        second, new = receive(name="Another Spelling", birth_year=None, phone=written)
        assert new and second.duplicate and second.profile_id == first.profile_id
    assert Profile.objects.count() == 1
    assert MobileRegistration.objects.filter(duplicate=True).count() == 3


def test_a_person_with_the_same_name_and_birth_year_is_a_duplicate() -> None:
    first, _ = receive(name="Ayşe  Yılmaz", birth_year=1985, phone="0555 000 00 01")
    second, new = receive(name="AYŞE YILMAZ", birth_year=1985, phone="0532 999 99 99")
    assert new and second.duplicate and second.profile_id == first.profile_id
    assert Profile.objects.count() == 1


def test_the_same_name_with_another_year_or_no_year_is_another_person() -> None:
    receive(name="Ayşe Yılmaz", birth_year=1985, phone="0555 000 00 01")
    other_year, _ = receive(name="Ayşe Yılmaz", birth_year=1992, phone="0555 000 00 02")
    no_year, _ = receive(name="Ayşe Yılmaz", birth_year=None, phone="0555 000 00 03")
    assert not other_year.duplicate and not no_year.duplicate
    assert Profile.objects.count() == 3
    assert person_key("Ayşe Yılmaz", None) == ""


MESSAGES = {
    "name": ({"name": "  "}, "Enter the person's name."),
    "phone missing": (
        {"phone": ""},
        "Enter a phone number: it is how the employment unit reaches them.",
    ),
    "phone too short": (
        {"phone": "0555 12"},
        "This does not look like a phone number: give 10 to 13 digits, "
        "for example 0555 123 45 67 or +90 555 123 45 67.",
    ),
    "phone too long": ({"phone": "+90 555 123 45 67 890"}, None),
    "phone with letters": ({"phone": "0555 ABC 45 67"}, None),
    "born too early": (
        {"birth_year": 1919},
        f"Enter a year of birth between 1920 and {timezone.localdate().year - 15}.",
    ),
    "too young": ({"birth_year": timezone.localdate().year - 14}, None),
    "sex": (
        {"sex": "unknown"},
        "Choose one of the answers given: woman, man, other, prefers not to say.",
    ),
    "mahalle": ({"mahalle_id": 999_999}, "This neighbourhood is not in the list: choose it again."),
    "entered in the future": (
        {"entered_at": timezone.now() + dt.timedelta(days=1)},  # read at import: keep it far
        "The time of entry is in the future: check the date and time set on this device.",
    ),
    "entered too long ago": (
        {"entered_at": timezone.now() - dt.timedelta(days=31)},
        "This entry was made more than 30 days ago and can no longer be received: "
        "register the person again.",
    ),
}
FIELD_OF = {
    "phone missing": "phone",
    "phone too short": "phone",
    "phone too long": "phone",
    "phone with letters": "phone",
    "born too early": "birth_year",
    "too young": "birth_year",
    "entered in the future": "entered_at",
    "entered too long ago": "entered_at",
}


@pytest.mark.parametrize("case", sorted(MESSAGES))
def test_each_problem_has_its_own_message_and_nothing_is_stored(case: str) -> None:
    changes, message = MESSAGES[case]
    field = FIELD_OF.get(case, case)
    errors = errors_of(**changes)
    assert list(errors) == [field]
    expected = (
        message or MESSAGES[{"phone": "phone too short", "birth_year": "born too early"}[field]][1]
    )
    assert errors[field] == [expected]
    assert MobileRegistration.objects.count() == 0 and Profile.objects.count() == 0


def test_every_problem_is_named_at_once() -> None:
    errors = errors_of(name="", phone="12", birth_year=1800, sex="x", mahalle_id=999_999)
    assert sorted(errors) == ["birth_year", "mahalle", "name", "phone", "sex"]
    assert Profile.objects.count() == 0


def test_a_clock_a_little_ahead_and_the_limits_of_age_are_accepted() -> None:
    youngest = timezone.localdate().year - 15
    registration, _ = receive(
        entered_at=timezone.now() + dt.timedelta(minutes=4), birth_year=youngest
    )
    assert registration.profile.birth_year == youngest
    old, _ = receive(birth_year=1920, phone="0555 777 77 77", name="Oldest Person")
    assert old.profile.birth_year == 1920


def test_a_registration_refused_leaves_an_earlier_profile_untouched() -> None:
    receive()
    errors_of(client_id=uuid.uuid4(), phone="")
    assert MobileRegistration.objects.count() == 1 and Profile.objects.count() == 1


# --- the pages ----------------------------------------------------------------------------


def _json(client: Client, data: dict[str, Any]) -> Any:
    return client.post(SEND, data=json.dumps(data), content_type="application/json")


def device_entry(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "client_id": str(uuid.uuid4()),
        "entered_at": (timezone.now() - dt.timedelta(minutes=3)).isoformat(),
        "name": "Invented Person",
        "phone": "0555 123 45 67",
        "birth_year": "1990",
        "sex": "man",
        "mahalle": "",
        "skills": "welding",
        "languages": "Turkish",
        "cv_consent": True,
        "stop": "Invented Square",
    }
    data.update(changes)
    return data


def test_the_device_sends_an_entry_twice_and_it_arrives_once(staff: Any) -> None:
    client = _client(staff)
    data = device_entry()
    first = _json(client, data)
    assert first.status_code == 201
    assert first.json() == {"client_id": data["client_id"], "duplicate": False, "received": True}
    again = _json(client, data)
    assert again.status_code == 200
    assert again.json() == {"client_id": data["client_id"], "duplicate": False, "received": True}
    registration = MobileRegistration.objects.get()
    assert registration.entered_by == staff and registration.profile.created_by == staff
    assert registration.profile.cv_consent_at is not None
    assert AuditEvent.objects.filter(
        object_type="mobile employment registration", object_id=str(registration.pk)
    ).exists()


def test_the_device_is_told_of_a_duplicate(staff: Any) -> None:
    receive(phone="+90 555 123 45 67")
    answer = _json(_client(staff), device_entry(name="Someone Else", birth_year=None))
    assert answer.status_code == 201 and answer.json()["duplicate"] is True


def test_the_device_gets_every_problem_by_field_and_nothing_is_stored(
    staff: Any, mahalle: Mahalle
) -> None:
    answer = _json(
        _client(staff),
        device_entry(
            name="",
            phone="123",
            birth_year="85x",
            mahalle=str(mahalle.pk + 1000),
            entered_at="yesterday",
            client_id="not-an-id",
        ),
    )
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert sorted(errors) == ["birth_year", "client_id", "entered_at", "mahalle", "name", "phone"]
    assert errors["name"] == ["Enter the person's name."]
    assert errors["birth_year"] == ["Write the year of birth with four digits, for example 1985."]
    assert errors["mahalle"] == ["This neighbourhood is not in the list: choose it again."]
    assert MobileRegistration.objects.count() == 0 and Profile.objects.count() == 0


def test_what_is_not_an_entry_is_refused(staff: Any) -> None:
    client = _client(staff)
    for body in ("[1, 2]", "{not json", '"text"'):
        answer = client.post(SEND, data=body, content_type="application/json")
        assert answer.status_code == 400 and "__all__" in answer.json()["errors"]
    answer = _json(client, device_entry(name=["a", "list"]))
    assert answer.status_code == 400 and answer.json()["errors"]["name"] == ["Send this as text."]


def test_the_send_address_asks_for_the_csrf_token(staff: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    log_in_verified(client, staff)
    answer = client.post(SEND, data=json.dumps(device_entry()), content_type="application/json")
    assert answer.status_code == 403
    page = client.get(PAGE)
    token = page.context["csrf_token"]
    answer = client.post(
        SEND,
        data=json.dumps(device_entry()),
        content_type="application/json",
        headers={"X-CSRFToken": str(token)},
    )
    assert answer.status_code == 201


def test_the_form_page_offers_the_device_queue_and_works_without_a_script(
    staff: Any, mahalle: Mahalle
) -> None:
    client = _client(staff)
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Entries waiting to be sent" in html and "data-mobile-form" in html
    assert "employment/mobile.js" in html and 'type="module"' in html
    assert "It waits here until the connection returns" in html
    assert "Invented Mahalle" in html

    form = {
        "client_id": page.context["client_id"],
        "stop": "Invented Square",
        "name": "Invented Walk-in",
        "phone": "0555 321 00 00",
        "birth_year": "1979",
        "sex": "other",
        "mahalle": str(mahalle.pk),
        "skills": "",
        "languages": "",
        "cv_consent": "on",
    }
    sent = client.post(PAGE, form, follow=True)
    assert sent.redirect_chain[-1][0] == PAGE + "?stop=Invented+Square"
    assert "Invented Walk-in is registered." in sent.content.decode()
    assert 'value="Invented Square"' in sent.content.decode()
    again = client.post(PAGE, form, follow=True)  # the same form sent twice
    assert "nothing was registered twice" in again.content.decode()
    registration = MobileRegistration.objects.get()
    assert registration.profile.mahalle == mahalle and registration.profile.sex == "other"
    assert registration.profile.cv_consent_at is not None


def test_the_form_without_a_script_shows_the_problems_next_to_the_fields(staff: Any) -> None:
    answer = _client(staff).post(
        PAGE, {"name": "", "phone": "12", "birth_year": "1890", "sex": "unsaid", "stop": "S"}
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "Please correct the marked fields." in html
    assert "Enter the person&#x27;s name." in html
    assert 'id="id_phone_error"' in html and 'aria-invalid="true"' in html
    assert 'value="12"' in html  # what was typed is kept
    assert Profile.objects.count() == 0


def test_todays_registrations_with_the_duplicates(staff: Any) -> None:
    receive(name="First Person", phone="0555 111 11 11")
    receive(name="Second Person", phone="0555 222 22 22")
    receive(name="First Person Again", phone="0555 111 11 11")
    page = _client(staff).get(RECEIVED)
    assert page.status_code == 200
    assert (page.context["total"], page.context["new"], page.context["duplicates"]) == (3, 2, 1)
    html = page.content.decode()
    # a duplicate shows the person as first registered
    assert html.count("<bdi>First Person</bdi>") == 2 and "First Person Again" not in html
    assert html.count("yes: linked to the earlier registration") == 1


@pytest.mark.parametrize("path", [PAGE, RECEIVED])
def test_staff_outside_the_employment_unit_get_404(outsider: Any, staff: Any, path: str) -> None:
    assert _client(outsider).get(path).status_code == 404
    assert AuditEvent.objects.filter(user=outsider, action=AuditEvent.Action.DENIED).exists()


def test_staff_outside_the_employment_unit_cannot_send(outsider: Any) -> None:
    answer = _json(_client(outsider), device_entry())
    assert answer.status_code == 404
    assert MobileRegistration.objects.count() == 0


def test_without_the_second_factor_or_logged_out_nothing_is_shown(staff: Any) -> None:
    client = Client()
    assert client.get(PAGE).status_code == 302
    client.force_login(staff)  # no second factor in this session
    answer = client.get(PAGE)
    assert answer.status_code == 302 and "verify" in answer["Location"]
    assert _json(client, device_entry()).status_code == 302
    assert MobileRegistration.objects.count() == 0


def test_the_send_address_takes_only_post(staff: Any) -> None:
    assert _client(staff).get(SEND).status_code == 405


def test_the_stop_of_the_day_comes_from_the_route_plan(staff: Any, mahalle: Mahalle) -> None:
    from django.utils import timezone

    from adilkent.planner.models import PlanRun, RunStatus

    today = timezone.localdate()
    page = _client(staff).get("/en/employment/mobile/").content.decode()
    assert 'list="planned-stops"' not in page  # no plan yet: the field is empty
    # the point is one of the route planner's services (a plan is asked for there)
    assert _client(staff).get("/en/plans/employment-point/").status_code == 200
    PlanRun.objects.create(
        service="employment-point",
        start_date=today,
        status=RunStatus.DONE,
        document={
            "routes": [
                {"date": (today + dt.timedelta(days=1)).isoformat(), "vehicle": "employment-point",
                 "stops": [{"site": "mahalle-999999", "start": "09:00", "end": "15:00"}]},
                {"date": today.isoformat(), "vehicle": "employment-point",
                 "stops": [{"site": f"mahalle-{mahalle.pk}", "start": "09:00", "end": "15:00"}]},
            ]
        },
    )  # fmt: skip
    page = _client(staff).get("/en/employment/mobile/").content.decode()
    assert 'value="Invented Mahalle (Invented District)"' in page
    assert "/en/plans/employment-point/" in page
    # a stop given in the address (the one kept after a registration) wins
    page = _client(staff).get("/en/employment/mobile/?stop=Elsewhere").content.decode()
    assert 'name="stop" value="Elsewhere"' in page
