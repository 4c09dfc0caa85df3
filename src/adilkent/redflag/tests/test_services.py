"""The Red Flag's rules: an assessment's result follows from the required items; a flag is
granted only by a coordinator on a passed assessment, lasts three years, is renewed by a new
passed assessment made before it expires, and is withdrawn with a reason."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from adilkent.redflag import services
from adilkent.redflag.models import Flag, Subject
from adilkent.redflag.services import RedFlagInvalid

from .conftest import TODAY, Setting, answers_for, assess

pytestmark = pytest.mark.django_db


def test_a_required_item_not_met_fails_the_assessment_an_optional_one_does_not(
    setting: Setting,
) -> None:
    assert assess(setting, TODAY, fail="accessible_toilet").passed is False  # required
    assert assess(setting, TODAY, fail="signage").passed is True  # not required
    answers = answers_for("indoor")
    answers["lift"] = ("na", "one level")
    recorded = services.assessment_record(
        subject=setting.subject, assessor=setting.assessor, visited_on=TODAY,
        answers=answers, today=TODAY,
    )  # fmt: skip
    assert recorded.passed is True
    assert recorded.answers.get(item_key="lift").note == "one level"


def test_an_assessment_needs_an_assessor_every_answer_and_a_past_date(setting: Setting) -> None:
    answers = answers_for("indoor")
    del answers["door_width"]
    with pytest.raises(RedFlagInvalid) as refused:
        services.assessment_record(
            subject=setting.subject, assessor=setting.coordinator,
            visited_on=TODAY + dt.timedelta(days=1), answers=answers, today=TODAY,
        )  # fmt: skip
    assert set(refused.value.errors) == {"assessor", "visited_on", "item-door_width"}
    assert "Doors wide enough" in refused.value.errors["item-door_width"][0]


def test_the_flag_is_refused_without_a_passed_assessment(setting: Setting) -> None:
    failed = assess(setting, TODAY, fail="step_free_entrance")
    with pytest.raises(RedFlagInvalid) as refused:
        services.flag_grant(assessment=failed, coordinator=setting.coordinator, today=TODAY)
    assert refused.value.errors["assessment"] == [
        "A flag is granted only on a passed assessment; this one did not pass."
    ]
    assert not Flag.objects.exists()


def test_only_a_coordinator_grants(setting: Setting) -> None:
    passed = assess(setting, TODAY)
    with pytest.raises(RedFlagInvalid) as refused:
        services.flag_grant(assessment=passed, coordinator=setting.assessor, today=TODAY)
    assert "coordinator" in refused.value.errors


def test_a_flag_lasts_three_years_and_one_place_has_one_flag_in_force(setting: Setting) -> None:
    flag = services.flag_grant(
        assessment=assess(setting, TODAY), coordinator=setting.coordinator, today=TODAY
    )
    assert (flag.granted_on, flag.expires_on) == (TODAY, dt.date(2029, 6, 1))
    assert flag.in_force(dt.date(2029, 6, 1)) and not flag.in_force(dt.date(2029, 6, 2))
    with pytest.raises(RedFlagInvalid) as refused:
        services.flag_grant(
            assessment=assess(setting, TODAY), coordinator=setting.coordinator, today=TODAY
        )
    assert refused.value.errors["assessment"] == [
        "This place already has a flag in force: renew it instead."
    ]


def test_a_new_passed_assessment_before_expiry_renews_the_flag(setting: Setting) -> None:
    flag = services.flag_grant(
        assessment=assess(setting, TODAY), coordinator=setting.coordinator, today=TODAY
    )
    later = dt.date(2029, 3, 1)
    renewal = services.flag_renew(
        flag=flag, assessment=assess(setting, later), coordinator=setting.coordinator, today=later
    )
    flag.refresh_from_db()
    assert (renewal.previous_expiry, flag.expires_on) == (dt.date(2029, 6, 1), dt.date(2032, 3, 1))
    # the same assessment cannot renew it twice, nor an older one
    with pytest.raises(RedFlagInvalid) as refused:
        services.flag_renew(
            flag=flag, assessment=renewal.assessment, coordinator=setting.coordinator, today=later
        )
    assert refused.value.errors["assessment"] == [
        "Renewal needs a new assessment, made after the last one."
    ]


def test_an_expired_flag_is_not_renewed_nor_on_a_failed_assessment(setting: Setting) -> None:
    flag = services.flag_grant(
        assessment=assess(setting, TODAY), coordinator=setting.coordinator, today=TODAY
    )
    failed = assess(setting, dt.date(2027, 1, 1), fail="ramp_gradient")
    with pytest.raises(RedFlagInvalid) as refused:
        services.flag_renew(
            flag=flag, assessment=failed, coordinator=setting.coordinator,
            today=dt.date(2027, 1, 2),
        )  # fmt: skip
    assert refused.value.errors["assessment"] == ["A flag is renewed only on a passed assessment."]
    late = dt.date(2029, 7, 1)
    with pytest.raises(RedFlagInvalid) as refused:
        services.flag_renew(
            flag=flag, assessment=assess(setting, dt.date(2029, 5, 1)),
            coordinator=setting.coordinator, today=late,
        )  # fmt: skip
    assert refused.value.errors["flag"] == [
        "The flag has expired: grant a new one on a passed assessment."
    ]


def test_withdrawal_needs_a_reason_and_ends_the_flag(setting: Setting) -> None:
    flag = services.flag_grant(
        assessment=assess(setting, TODAY), coordinator=setting.coordinator, today=TODAY
    )
    with pytest.raises(RedFlagInvalid) as refused:
        services.flag_withdraw(flag=flag, coordinator=setting.coordinator, reason=" ", today=TODAY)
    assert refused.value.errors == {"reason": ["Give the reason for the withdrawal."]}
    day = dt.date(2026, 9, 1)
    services.flag_withdraw(
        flag=flag, coordinator=setting.coordinator, reason="The ramp was removed.", today=day
    )
    flag.refresh_from_db()
    assert flag.withdrawn_reason == "The ramp was removed."
    assert not flag.in_force(day)
    with pytest.raises(RedFlagInvalid):
        services.flag_renew(
            flag=flag, assessment=assess(setting, day), coordinator=setting.coordinator, today=day
        )
    # a new flag may then be granted on a new passed assessment
    again = services.flag_grant(
        assessment=assess(setting, day), coordinator=setting.coordinator, today=day
    )
    assert again.in_force(day)


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "InventedCamera"  # Make
    exif[0x8825] = {2: (38.0, 25.0, 0.0)}  # GPS: a latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_photos_are_checked_and_kept_without_metadata(setting: Setting) -> None:
    raw = _jpeg_with_gps()
    assert b"InventedCamera" in raw
    recorded = services.assessment_record(
        subject=setting.subject, assessor=setting.assessor, visited_on=TODAY,
        answers=answers_for("indoor"), today=TODAY,
        photos=[SimpleUploadedFile("ramp.jpg", raw, content_type="image/jpeg")],
    )  # fmt: skip
    photo = recorded.photos.get()
    kept = photo.file.read()
    assert photo.content_type == "image/jpeg" and kept.startswith(b"\xff\xd8\xff")
    assert b"InventedCamera" not in kept
    assert not photo.public
    with pytest.raises(RedFlagInvalid) as refused:
        services.assessment_record(
            subject=setting.subject, assessor=setting.assessor, visited_on=TODAY,
            answers=answers_for("indoor"), today=TODAY,
            photos=[SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF", "application/pdf")],
        )  # fmt: skip
    assert refused.value.errors["photos"] == ["report.pdf is not a photo (JPEG, PNG, WebP)."]


def test_a_vehicle_is_registered_on_its_line_once(setting: Setting) -> None:
    from adilkent.core.tests.factories import make_line

    line = make_line("202", "Cumaovası - Havalimanı")
    bus = services.subject_register(kind="vehicle", transit_line=line, fleet_number="1234")
    assert services.subject_register(kind="vehicle", transit_line=line, fleet_number="1234") == bus
    assert bus.display_name == "202 Cumaovası - Havalimanı · 1234"
    with pytest.raises(RedFlagInvalid) as refused:
        services.subject_register(kind="vehicle")
    assert refused.value.errors == {"transit_line": ["Choose the line the vehicle runs on."]}
    with pytest.raises(RedFlagInvalid) as refused:
        services.subject_register(kind=Subject.Kind.OUTDOOR, name="Invented square")
    assert set(refused.value.errors) == {"district", "lat"}
