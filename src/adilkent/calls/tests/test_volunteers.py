"""A volunteer's way through the example call of Eşit İzmir, by the services: screening,
interview, trainings, approval, shifts (a role only after the training it needs, never more
people than a shift needs), hours (never more than the shift lasted), the certificate (once),
withdrawal (future shifts released), and each step refused when it comes out of order.

The example call (``data/calls.yaml``) is loaded as the demo loads it: its first shift is a
workshop from 10:00 to 13:00 needing 2 in "workshops" (which needs the training
"gender-equality-basics") and 1 in "translation"; its second is field work needing 3 in
"field-work" and 1 in "translation". The volunteers are invented."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from adilkent.calls import services
from adilkent.calls.models import (
    Application,
    Assignment,
    Call,
    CallStaff,
    Role,
    Shift,
    Training,
    VolunteerCertificate,
)
from adilkent.calls.seed import load_example_calls
from adilkent.calls.services import CallInvalid
from adilkent.core.tests.factories import make_district, make_mahalle
from adilkent.places.models import Mahalle
from adilkent.programmes.models import Programme

pytestmark = pytest.mark.django_db

SLUG = "esit-izmir-gonullu"


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Messages are asserted in English (the services speak the active language)."""
    with translation.override("en"):
        yield


@dataclass
class Setting:
    call: Call
    mahalle: Mahalle
    workshop: Shift  # 10:00–13:00; workshops 2, translation 1
    field_work: Shift  # 14:00–17:00; field-work 3, translation 1
    roles: dict[str, Role]
    trainings: dict[str, Training]
    coordinator: Any


@pytest.fixture
def setting(db: None, django_user_model: Any) -> Setting:
    Programme.objects.create(slug="esit-izmir-volunteers", name="Eşit İzmir", kind="programme")
    mahalle = make_mahalle(make_district("Konak"), "Alsancak")
    make_district("Bayraklı")
    load_example_calls(today=timezone.localdate())
    call = Call.objects.get(slug=SLUG)
    coordinator = django_user_model.objects.create_user(
        "coordinator", password="x", is_staff=True, first_name="Deniz", last_name="Koordinatör"
    )
    CallStaff.objects.create(call=call, user=coordinator, role=CallStaff.Role.COORDINATOR)
    shifts = list(call.shifts.order_by("starts_at"))
    return Setting(
        call=call,
        mahalle=mahalle,
        workshop=shifts[0],
        field_work=shifts[1],
        roles={r.key: r for r in call.roles.all()},
        trainings={t.key: t for t in call.trainings.all()},
        coordinator=coordinator,
    )


def apply(
    setting: Setting, name: str = "Оксана Вигадана", phone: str = "0555 111 22 33"
) -> Application:
    """An invented volunteer applies in Ukrainian."""
    return services.application_submit(
        call=setting.call,
        language="uk",
        contact_name=name,
        phone=phone,
        email="",
        mahalle_id=setting.mahalle.pk,
        age_band="25-34",
        sex="female",
        answers={
            "roles": ["workshops", "translation"],
            "languages": "українська, English",
            "hours_per_month": "8",
            "motivation": "Хочу допомагати жінкам у моєму районі.",
        },
        consent=True,
        adult=True,
    ).application


def interviewed(setting: Setting, application: Application) -> Application:
    by = setting.coordinator
    if application.status == "submitted":
        services.application_screen(application=application, eligible=True, note="", by=by)
    interview = services.interview_schedule(
        application=application,
        scheduled_at=timezone.now() - dt.timedelta(days=1),
        place="Konak, Eşitlik Müdürlüğü",
        interviewer=by,
    )
    services.interview_record(interview=interview, outcome="passed", notes="Motivated.", by=by)
    return application


def approved(setting: Setting, application: Application) -> Application:
    interviewed(setting, application)
    return services.volunteer_approve(application=application, by=setting.coordinator)


def trained(
    setting: Setting, application: Application, key: str = "gender-equality-basics"
) -> None:
    services.training_complete(
        application=application,
        training=setting.trainings[key],
        completed_on=timezone.localdate(),
        by=setting.coordinator,
    )


def started(shift: Shift, hours_ago: int = 4) -> Shift:
    """Time passes: the shift (3 hours long) began ``hours_ago`` hours ago."""
    length = shift.ends_at - shift.starts_at
    shift.starts_at = timezone.now() - dt.timedelta(hours=hours_ago)
    shift.ends_at = shift.starts_at + length
    shift.save()
    return shift


def messages(error: pytest.ExceptionInfo[CallInvalid]) -> str:
    return " ".join(m for ms in error.value.errors.values() for m in ms)


def test_a_volunteer_goes_from_application_to_certificate(setting: Setting) -> None:
    by = setting.coordinator
    application = apply(setting)
    assert application.status == "submitted"

    services.application_screen(application=application, eligible=True, note="18+, Konak", by=by)
    assert application.status == "eligible" and application.screened_by == by

    when = timezone.now() + dt.timedelta(days=2)
    interview = services.interview_schedule(
        application=application, scheduled_at=when, place="Konak", interviewer=by
    )
    assert interview.outcome == "pending" and interview.interviewer == by
    services.interview_record(interview=interview, outcome="passed", notes="Speaks uk, en.", by=by)
    interview.refresh_from_db()
    assert application.status == "interviewed" and interview.notes == "Speaks uk, en."

    trained(setting, application)
    services.volunteer_approve(application=application, by=by)
    assert application.status == "approved" and application.decided_by == by

    assignment = services.volunteer_assign(
        application=application, shift=setting.workshop, role=setting.roles["workshops"]
    )
    started(setting.workshop)
    assignment.refresh_from_db()
    services.hours_record(assignment=assignment, hours="2,5", by=by)
    assignment.refresh_from_db()
    assert assignment.hours == Decimal("2.50") and assignment.hours_recorded_by == by

    certificate = services.volunteer_certificate_issue(application=application, by=by)
    assert certificate.hours == Decimal("2.50")
    assert certificate.holder_name == "Оксана Вигадана"
    assert certificate.language == "uk"
    assert certificate.issued_on == timezone.localdate()


def test_a_role_that_needs_a_training_is_refused_before_it_and_allowed_after(
    setting: Setting,
) -> None:
    application = approved(setting, apply(setting))
    assert {r.key for r in services.roles_open_to(application)} == {"translation", "social-media"}
    with pytest.raises(CallInvalid) as refused:
        services.volunteer_assign(
            application=application, shift=setting.workshop, role=setting.roles["workshops"]
        )
    assert refused.value.errors == {
        "role": ["The role “Майстер-класи” needs the training “Основи гендерної рівності” first."]
    }  # named in the volunteer's language (Ukrainian)
    assert not Assignment.objects.exists()

    trained(setting, application)
    assert "workshops" in {r.key for r in services.roles_open_to(application)}
    assignment = services.volunteer_assign(
        application=application, shift=setting.workshop, role=setting.roles["workshops"]
    )
    assert (assignment.shift, assignment.role) == (setting.workshop, setting.roles["workshops"])


def test_a_shift_full_in_a_role_takes_nobody_more_in_it(setting: Setting) -> None:
    first = approved(setting, apply(setting))
    second = approved(setting, apply(setting, "Invented Second", "0555 111 22 44"))
    translation_role = setting.roles["translation"]  # the workshop needs 1 translator
    services.volunteer_assign(application=first, shift=setting.workshop, role=translation_role)
    with pytest.raises(CallInvalid) as refused:
        services.volunteer_assign(application=second, shift=setting.workshop, role=translation_role)
    assert messages(refused) == "This shift already has everyone it needs in this role."
    # a role the shift does not need at all
    with pytest.raises(CallInvalid) as refused:
        services.volunteer_assign(
            application=second, shift=setting.workshop, role=setting.roles["social-media"]
        )
    assert messages(refused) == "This shift needs nobody in this role."
    # the other shift still needs a translator
    services.volunteer_assign(application=second, shift=setting.field_work, role=translation_role)
    assert Assignment.objects.filter(role=translation_role).count() == 2


def test_hours_are_recorded_only_once_the_shift_began_and_never_beyond_its_length(
    setting: Setting,
) -> None:
    application = approved(setting, apply(setting))
    assignment = services.volunteer_assign(
        application=application, shift=setting.workshop, role=setting.roles["translation"]
    )
    by = setting.coordinator
    with pytest.raises(CallInvalid) as refused:
        services.hours_record(assignment=assignment, hours="2", by=by)
    assert messages(refused) == "Hours are recorded once the shift has started."

    started(setting.workshop)
    assignment.refresh_from_db()
    for too_many in ("3.5", "17", "-1"):
        with pytest.raises(CallInvalid) as refused:
            services.hours_record(assignment=assignment, hours=too_many, by=by)
        assert messages(refused) == "Between 0 and 3 hours, the length of the shift."
    with pytest.raises(CallInvalid) as refused:
        services.hours_record(assignment=assignment, hours="three", by=by)
    assert messages(refused) == "Enter the hours as a number, e.g. 3.5."
    assignment.refresh_from_db()
    assert assignment.hours is None

    services.hours_record(assignment=assignment, hours="3", by=by)
    assignment.refresh_from_db()
    assert assignment.hours == Decimal("3.00")


def test_withdrawal_releases_the_shifts_to_come_and_keeps_the_hours_served(
    setting: Setting,
) -> None:
    application = approved(setting, apply(setting))
    translation_role = setting.roles["translation"]
    served = services.volunteer_assign(
        application=application, shift=setting.workshop, role=translation_role
    )
    services.volunteer_assign(
        application=application, shift=setting.field_work, role=translation_role
    )
    started(setting.workshop, hours_ago=30)
    served.refresh_from_db()
    services.hours_record(assignment=served, hours="3", by=setting.coordinator)

    services.application_withdraw(application=application)
    application.refresh_from_db()
    assert application.status == "withdrawn" and application.withdrawn_at is not None
    assert list(application.assignments.values_list("shift_id", flat=True)) == [setting.workshop.pk]
    # the field work's place is free again for someone else
    other = approved(setting, apply(setting, "Invented Other", "0555 111 22 55"))
    services.volunteer_assign(application=other, shift=setting.field_work, role=translation_role)
    # the hours served still earn the certificate
    certificate = services.volunteer_certificate_issue(
        application=application, by=setting.coordinator
    )
    assert certificate.hours == Decimal("3.00")


def test_the_certificate_is_issued_once(setting: Setting) -> None:
    application = approved(setting, apply(setting))
    assignment = services.volunteer_assign(
        application=application, shift=setting.workshop, role=setting.roles["translation"]
    )
    started(setting.workshop)
    assignment.refresh_from_db()
    services.hours_record(assignment=assignment, hours="3", by=setting.coordinator)
    first = services.volunteer_certificate_issue(application=application, by=setting.coordinator)
    again = services.volunteer_certificate_issue(application=application, by=setting.coordinator)
    assert again.pk == first.pk and again.code == first.code
    assert VolunteerCertificate.objects.count() == 1


def test_steps_out_of_order_are_refused_with_a_message(setting: Setting) -> None:
    by = setting.coordinator
    application = apply(setting)
    workshop, translation_role = setting.workshop, setting.roles["translation"]

    def refused(step: Any) -> str:
        with pytest.raises(CallInvalid) as error:
            step()
        return messages(error)

    assert (
        refused(
            lambda: services.interview_schedule(
                application=application, scheduled_at=timezone.now(), place="Konak", interviewer=by
            )
        )
        == "Scheduling an interview is not possible for an application that is received."
    )
    assert (
        refused(lambda: services.volunteer_approve(application=application, by=by))
        == "Approving is not possible for an application that is received."
    )
    assert (
        refused(
            lambda: services.application_screen(
                application=application, eligible=False, note="", by=by
            )
        )
        == "Say why the application is not eligible."
    )

    services.application_screen(application=application, eligible=True, note="", by=by)
    assert (
        refused(lambda: services.volunteer_approve(application=application, by=by))
        == "Approving is not possible for an application that is passed screening."
    )
    assert (
        refused(lambda: trained(setting, application))
        == "Recording a training is not possible for an application that is passed screening."
    )
    assert (
        refused(
            lambda: services.volunteer_assign(
                application=application, shift=workshop, role=translation_role
            )
        )
        == "Assigning to a shift is not possible for an application that is passed screening."
    )
    assert (
        refused(
            lambda: services.application_screen(
                application=application, eligible=True, note="", by=by
            )
        )
        == "Screening is not possible for an application that is passed screening."
    )

    interviewed(setting, application)
    assert (
        refused(lambda: services.volunteer_certificate_issue(application=application, by=by))
        == "Issuing a certificate is not possible for an application that is interviewed."
    )
    services.volunteer_approve(application=application, by=by)
    assert (
        refused(lambda: services.volunteer_certificate_issue(application=application, by=by))
        == "No hours are recorded for this volunteer yet."
    )
    assert refused(
        lambda: services.training_complete(
            application=application, training=setting.trainings["field-safety"],
            completed_on=timezone.localdate() + dt.timedelta(days=1), by=by,
        )
    ) == "A training cannot be completed in the future."  # fmt: skip

    services.application_withdraw(application=application)
    assert (
        refused(lambda: services.application_withdraw(application=application))
        == "Withdrawing is not possible for an application that is withdrawn."
    )
    application.refresh_from_db()
    assert application.status == "withdrawn"
