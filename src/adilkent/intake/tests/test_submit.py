"""Submitting a request: validation, durable storage, tracking code, language, routing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from adilkent.guide.models import Service
from adilkent.intake.models import Attachment, Event, Request, RoutingRule, Unit
from adilkent.intake.selectors import demand_rows, possible_duplicates
from adilkent.intake.services import RequestInput, escalate_overdue, submit_request
from adilkent.intake.validation import RequestInvalid
from adilkent.places.models import District

from .factories import make_mahalle

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 6), (40, 120, 200)).save(out, format="PNG")
    return out.getvalue()


PNG = _png()


def test_anonymous_arabic_complaint_is_kept_as_written_and_gets_a_code() -> None:
    text = "القمامة في شارعنا لم تُجمع منذ أيام،  والرائحة سيئة!\n"
    r = submit_request(
        RequestInput(
            text=text,
            kind="complaint",
            identity_mode="anonymous",
            name="Should not be kept",
            email="x@example.org",
            preferred_language="ar",
            lat=38.42,
            lon=27.13,
        )
    )
    stored = Request.objects.get(pk=r.pk)
    assert stored.text == text  # byte for byte, whitespace included
    assert stored.text_language == "ar"
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", stored.tracking_code)
    assert stored.name == "" and stored.email == ""
    assert stored.events.filter(type=Event.Type.RECEIVED, public=True).count() == 1
    assert mail.outbox == []  # anonymous: nobody to write to


def test_identified_request_emails_the_code_in_the_residents_language(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # sent by a job after the commit
        r = submit_request(
            RequestInput(
                text="Bilgi almak istiyorum", email="ayse@example.org", preferred_language="en"
            )
        )
    assert len(mail.outbox) == 1
    assert r.tracking_code in mail.outbox[0].body
    assert "tracking code" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (RequestInput(text="   ", identity_mode="anonymous"), "text"),
        (
            RequestInput(text="Çöp toplanmadı", kind="complaint", identity_mode="anonymous"),
            "location",
        ),
        (RequestInput(text="Merhaba"), "contact"),
        (RequestInput(text="x", identity_mode="anonymous", service_code="nope"), "service_code"),
        (RequestInput(text="x", identity_mode="anonymous", lat="abc", lon="27"), "location"),
        (RequestInput(text="x", identity_mode="anonymous", lat=95, lon=27), "location"),
        (
            RequestInput(text="x", identity_mode="anonymous", preferred_language="de"),
            "preferred_language",
        ),
        (RequestInput(text="x", identity_mode="anonymous", email="not-an-email"), "email"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(data: RequestInput, field: str) -> None:
    with pytest.raises(RequestInvalid) as error:
        submit_request(data)
    assert field in error.value.errors
    assert Request.objects.count() == 0


def test_service_questions_are_checked_against_the_definition() -> None:
    base = {"text": "Annem yatalak", "identity_mode": "anonymous", "service_code": "home-care"}
    with pytest.raises(RequestInvalid) as error:
        submit_request(RequestInput(**base, attributes={}))
    assert "attribute[needs]" in error.value.errors  # required multivaluelist
    with pytest.raises(RequestInvalid) as error:
        submit_request(RequestInput(**base, attributes={"needs": ["cleaning", "flying"]}))
    assert "attribute[needs]" in error.value.errors
    with pytest.raises(RequestInvalid) as error:
        submit_request(RequestInput(**base, attributes={"needs": ["cleaning"], "colour": "x"}))
    assert "attributes" in error.value.errors
    r = submit_request(RequestInput(**base, attributes={"needs": ["cleaning", "self_care"]}))
    assert r.attributes == {"needs": ["cleaning", "self_care"]}
    with pytest.raises(RequestInvalid) as error:
        submit_request(
            RequestInput(
                text="süt",
                identity_mode="anonymous",
                service_code="milk-programme",
                attributes={"children_count": "two"},
            )
        )
    assert "attribute[children_count]" in error.value.errors


def test_attachments_are_checked_by_their_content_and_size() -> None:
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    with pytest.raises(RequestInvalid) as error:
        submit_request(RequestInput(text="x", identity_mode="anonymous", attachments=[fake]))
    assert "photo.jpg" in error.value.errors["attachments"][0]
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (5 * 1024 * 1024), content_type="image/png")
    with pytest.raises(RequestInvalid):
        submit_request(RequestInput(text="x", identity_mode="anonymous", attachments=[big]))
    ok = SimpleUploadedFile("pothole.png", PNG, content_type="application/octet-stream")
    r = submit_request(RequestInput(text="x", identity_mode="anonymous", attachments=[ok]))
    attachment = Attachment.objects.get(request=r)
    assert attachment.content_type == "image/png" and attachment.size == attachment.file.size


def test_pin_finds_the_mahalle_and_the_most_specific_rule_routes_it() -> None:
    District.objects.create(name="Önce", slug="once")  # so that the ids of the two differ
    mahalle = make_mahalle()
    assert mahalle.pk != mahalle.district_id
    service = Service.objects.get(code="him")
    city, local = (
        Unit.objects.create(code="city", name="City"),
        Unit.objects.create(code="l", name="Local"),
    )
    RoutingRule.objects.create(service=service, unit=city)
    RoutingRule.objects.create(service=service, mahalle=mahalle, unit=local)
    inside = submit_request(
        RequestInput(
            text="Çukur var",
            kind="complaint",
            identity_mode="anonymous",
            service_code="him",
            lat=38.42,
            lon=27.13,
        )
    )
    outside = submit_request(
        RequestInput(
            text="Çukur var",
            kind="complaint",
            identity_mode="anonymous",
            service_code="him",
            lat=38.50,
            lon=27.13,
        )
    )
    assert inside.mahalle == mahalle and inside.unit == local
    assert outside.mahalle is None and outside.unit == city
    # the due date follows the service's days to answer
    assert (inside.due_at - inside.created_at).days in {service.sla_days - 1, service.sla_days}


def test_nearby_similar_open_requests_are_offered_as_duplicates() -> None:
    a = submit_request(
        RequestInput(
            text="Sokakta büyük çukur var",
            kind="complaint",
            identity_mode="anonymous",
            lat=38.4200,
            lon=27.1300,
        )
    )
    b = submit_request(
        RequestInput(
            text="Sokakta büyük bir çukur var!",
            kind="complaint",
            identity_mode="anonymous",
            lat=38.4205,
            lon=27.1302,
        )
    )
    far = submit_request(
        RequestInput(
            text="Sokakta büyük çukur var",
            kind="complaint",
            identity_mode="anonymous",
            lat=38.50,
            lon=27.13,
        )
    )
    found = [other for other, _sim, _m in possible_duplicates(b)]
    assert a in found and far not in found


def test_overdue_requests_are_escalated_once() -> None:
    r = submit_request(RequestInput(text="x", identity_mode="anonymous"))
    later = r.due_at + dt.timedelta(minutes=1)
    assert escalate_overdue(r.due_at - dt.timedelta(minutes=1)) == 0
    assert escalate_overdue(later) == 1
    assert escalate_overdue(later) == 0
    assert Request.objects.get(pk=r.pk).escalated_at == later


def test_demand_rows_count_requests_per_mahalle_service_language_and_group() -> None:
    mahalle = make_mahalle()
    for _ in range(2):
        submit_request(
            RequestInput(
                text="Süt gelmedi",
                identity_mode="anonymous",
                service_code="milk-programme",
                mahalle_id=mahalle.pk,
                resident_groups=["refugee", "woman"],
                attributes={"children_count": 1},
            )
        )
    submit_request(
        RequestInput(
            text="Avukat lazım",
            identity_mode="anonymous",
            service_code="legal-aid",
            attributes={"topic": "women"},
        )
    )
    rows = demand_rows()
    milk = [r for r in rows if r["service"] == "milk-programme"]
    assert {(r["group"], r["requests"], r["mahalle"]) for r in milk} == {
        ("refugee", 2, "Test"),
        ("woman", 2, "Test"),
    }
    legal = [r for r in rows if r["service"] == "legal-aid"]
    assert legal == [
        {
            "mahalle_id": None,
            "mahalle": "",
            "district": "",
            "service": "legal-aid",
            "kind": "information",
            "language": "tr",
            "group": "",
            "requests": 1,
        }
    ]


def test_due_dates_are_in_the_future() -> None:
    r = submit_request(RequestInput(text="x", identity_mode="anonymous"))
    assert r.due_at > timezone.now()


def test_routing_reads_the_most_specific_rule_as_its_specificity_orders_them() -> None:
    """Every kind of rule at once (city, service, district, district and service, mahalle,
    mahalle and district, mahalle and service), two of each kind: the unit chosen in SQL is
    the one ``RoutingRule.specificity`` ranks first, the oldest on a tie."""
    from adilkent.intake import selectors

    mahalle = make_mahalle()
    other = make_mahalle(name="Öteki")
    district = mahalle.district
    service, other_service = Service.objects.get(code="him"), Service.objects.get(code="legal-aid")
    kinds = [
        {},
        {"service": service},
        {"district": district},
        {"district": district, "service": service},
        {"mahalle": mahalle},
        {"mahalle": mahalle, "district": district},
        {"mahalle": mahalle, "service": service},
        {"mahalle": other, "service": service},  # never matches: another mahalle
        {"service": other_service},  # never matches: another service
    ]
    rules = []
    for copy in range(2):
        for n, kind in enumerate(kinds):
            unit = Unit.objects.create(code=f"u{copy}{n}", name=f"Unit {copy} {n}")
            rules.append(RoutingRule.objects.create(unit=unit, **kind))

    def expected(**place: Any) -> Unit | None:
        matching = [
            r
            for r in RoutingRule.objects.all()
            if r.service_id in (None, place["service"] and place["service"].pk)
            and r.district_id in (None, place["district"] and place["district"].pk)
            and r.mahalle_id in (None, place["mahalle"] and place["mahalle"].pk)
        ]
        best = max(matching, key=lambda r: (r.specificity, -r.pk), default=None)
        return best.unit if best else None

    seen = set()
    while rules:
        for s in (service, other_service, None):
            for d, m in ((district, mahalle), (district, None), (None, None)):
                want = expected(service=s, district=d, mahalle=m)
                assert selectors.route(s, m, d) == want
                assert selectors.route(s, m and m.pk, d and d.pk) == want
                seen.add(want and want.code)
        rules.pop().delete()  # take the newest away and ask again
    assert len(seen) > 5  # many different rules were chosen on the way
