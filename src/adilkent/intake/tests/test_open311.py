"""Open311 GeoReport v2: the specification's endpoints, formats, errors and limits."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

import pytest
from django.utils import timezone

from adilkent.intake.models import ApiKey, ChannelUsed, Request
from adilkent.intake.services import RequestInput, apply_action, submit_request

pytestmark = pytest.mark.django_db
KEY = "test-open311-key"


@pytest.fixture
def api_key() -> str:
    ApiKey.objects.create(name="test client", key=KEY)
    return KEY


def test_services_list_in_json_and_xml(client) -> None:
    rows = client.get("/open311/v2/services.json").json()
    by_code = {r["service_code"]: r for r in rows}
    assert by_code["legal-aid"]["metadata"] is True and by_code["talehouse"]["metadata"] is False
    assert set(by_code["him"]) >= {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    }
    xml = ET.fromstring(client.get("/open311/v2/services.xml").content)
    assert xml.tag == "services"
    assert {s.findtext("service_code") for s in xml.findall("service")} == set(by_code)


def test_service_definition_lists_attributes_with_values(client) -> None:
    data = client.get("/open311/v2/services/home-care.json").json()
    needs = next(a for a in data["attributes"] if a["code"] == "needs")
    assert needs["datatype"] == "multivaluelist" and needs["required"] is True
    assert {v["key"] for v in needs["values"]} == {
        "cleaning",
        "self_care",
        "psychosocial",
        "exercise",
    }
    xml = ET.fromstring(client.get("/open311/v2/services/home-care.xml").content)
    assert xml.tag == "service_definition"
    assert len(xml.findall("attributes/attribute/values/value")) == 4
    missing = client.get("/open311/v2/services/nope.json")
    assert missing.status_code == 404
    assert missing.json() == [{"code": 404, "description": "service_code 'nope' not found"}]


def test_post_form_encoded_with_attributes(client, api_key: str) -> None:
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": api_key,
            "jurisdiction_id": "izmir",
            "service_code": "home-care",
            "lat": "38.42",
            "long": "27.13",
            "description": "Babam yatalak, bakım lazım.",
            "attribute[needs][]": ["cleaning", "exercise"],
            "email": "a@example.org",
            "first_name": "Ali",
            "media_url": "http://127.0.0.1/photo.jpg",
        },
    )
    assert response.status_code == 201, response.content
    answer = response.json()[0]
    stored = Request.objects.get(tracking_code=answer["token"])
    assert answer["service_request_id"] == stored.public_id != stored.tracking_code
    assert stored.channel == ChannelUsed.OPEN311
    assert stored.attributes == {"needs": ["cleaning", "exercise"]}
    assert stored.media_url == "http://127.0.0.1/photo.jpg" and stored.name == "Ali"


@pytest.mark.parametrize(
    ("post", "status", "fragment"),
    [
        (
            {"service_code": "him", "lat": "38.4", "long": "27.1", "description": "x"},
            403,
            "api_key",
        ),
        (
            {"api_key": "wrong", "service_code": "him", "lat": "38.4", "long": "27.1"},
            403,
            "api_key",
        ),
        ({"api_key": KEY, "lat": "38.4", "long": "27.1", "description": "x"}, 400, "service_code"),
        ({"api_key": KEY, "service_code": "nope", "lat": "38.4", "long": "27.1"}, 404, "nope"),
        ({"api_key": KEY, "service_code": "him", "description": "x"}, 400, "location"),
        ({"api_key": KEY, "service_code": "him", "lat": "38.4", "description": "x"}, 400, "long"),
        (
            {"api_key": KEY, "service_code": "him", "lat": "x", "long": "y", "description": "x"},
            400,
            "lat",
        ),
        (
            {
                "api_key": KEY,
                "service_code": "him",
                "address_string": "Alsancak",
                "description": "",
            },
            400,
            "description",
        ),
        (
            {
                "api_key": KEY,
                "service_code": "legal-aid",
                "address_string": "Alsancak",
                "description": "x",
            },
            400,
            "topic",
        ),
        (
            {
                "api_key": KEY,
                "jurisdiction_id": "elsewhere",
                "service_code": "him",
                "address_string": "x",
                "description": "x",
            },
            404,
            "jurisdiction",
        ),
    ],
)
def test_post_errors_follow_the_specification(
    client, api_key: str, post: dict, status: int, fragment: str
) -> None:
    response = client.post("/open311/v2/requests.json", post)
    assert response.status_code == status
    body = response.json()
    assert body[0]["code"] == status and fragment in body[0]["description"]
    assert Request.objects.count() == 0
    xml = client.post("/open311/v2/requests.xml", post)
    assert ET.fromstring(xml.content).findtext("error/code") == str(status)


def test_get_requests_filters_window_and_privacy(client) -> None:
    complaint = submit_request(
        RequestInput(
            text="Çukur var",
            kind="complaint",
            identity_mode="identified",
            name="Ayşe",
            email="a@example.org",
            address="Alsancak",
            service_code="him",
        )
    )
    application = submit_request(
        RequestInput(
            text="Kişisel durumum",
            kind="application",
            identity_mode="anonymous",
            service_code="legal-aid",
            attributes={"topic": "women"},
        )
    )
    body = client.get("/open311/v2/requests.json").content.decode()
    rows = client.get("/open311/v2/requests.json").json()
    by_id = {r["service_request_id"]: r for r in rows}
    assert by_id[complaint.public_id]["description"] is None  # no free text is published
    assert by_id[complaint.public_id]["address"] is None  # the typed address is not either
    assert application.public_id not in by_id  # applications are personal: not listed
    for secret in ("Ayşe", "Çukur var", "Alsancak", complaint.tracking_code, "Kişisel"):
        assert secret not in body
    assert client.get("/open311/v2/requests.json?service_code=legal-aid").json() == []
    apply_action(complaint, "reject", None)
    closed = client.get("/open311/v2/requests.json?status=closed").json()
    assert [r["service_request_id"] for r in closed] == [complaint.public_id]
    # outside the default 90-day window
    Request.objects.filter(pk=complaint.pk).update(
        created_at=timezone.now() - dt.timedelta(days=91)
    )
    assert complaint.public_id not in {
        r["service_request_id"] for r in client.get("/open311/v2/requests.json").json()
    }
    assert (
        client.get(
            "/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"
        ).status_code
        == 400
    )
    assert client.get("/open311/v2/requests.json?start_date=yesterday").status_code == 400
    assert client.get("/open311/v2/requests.json?status=maybe").status_code == 400
    one = client.get(f"/open311/v2/requests/{complaint.public_id}.xml")
    assert ET.fromstring(one.content).findtext("request/service_request_id") == complaint.public_id
    assert client.get("/open311/v2/requests/NOPE-NOPE.json").status_code == 404
    # the bearer code is no public id, and an application has none to look up
    assert client.get(f"/open311/v2/requests/{complaint.tracking_code}.json").status_code == 404
    assert client.get(f"/open311/v2/requests/{application.public_id}.json").status_code == 404
    assert (
        client.get(f"/open311/v2/tokens/{complaint.tracking_code}.json").json()[0][
            "service_request_id"
        ]
        == complaint.public_id
    )


def test_get_requests_is_capped_at_1000(client) -> None:
    base = submit_request(
        RequestInput(text="x", kind="complaint", address="Konak", identity_mode="anonymous")
    )
    fields = {
        f.name: getattr(base, f.name)
        for f in Request._meta.concrete_fields
        if f.name not in {"id", "tracking_code", "public_id"}
    }
    Request.objects.bulk_create(
        [
            Request(tracking_code=f"B{i:04d}-XXXXX", public_id=f"p{i:05d}", **fields)
            for i in range(1001)
        ]
    )
    assert len(client.get("/open311/v2/requests.json").json()) == 1000


def test_service_request_updates_extension(client) -> None:
    r = submit_request(
        RequestInput(text="x", kind="complaint", address="Konak", identity_mode="anonymous")
    )
    apply_action(r, "triage", None, "Bakıyoruz")
    rows = client.get("/open311/v2/servicerequestupdates.json").json()
    mine = [u for u in rows if u["service_request_id"] == r.public_id]
    assert [u["status"] for u in mine] == ["OPEN", "INVESTIGATING"]
    assert mine[1]["description"] == ""  # staff's words to the resident are not published
    assert r.tracking_code not in str(rows)


def test_discovery(client) -> None:
    data = client.get("/open311/v2/discovery.json").json()
    assert data["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert (
        ET.fromstring(client.get("/open311/v2/discovery.xml").content).findtext(
            "endpoints/endpoint/type"
        )
        == "production"
    )


def _update(client, **form: str):
    return client.post("/open311/v2/servicerequestupdates.json", form)


def test_post_an_update_from_the_resident(client, api_key: str) -> None:
    r = submit_request(
        RequestInput(text="Çukur", kind="complaint", address="Konak", identity_mode="anonymous")
    )
    apply_action(r, "assign", None)
    apply_action(r, "wait_for_resident", None, "Fotoğraf gönderebilir misiniz?")
    answer = _update(
        client,
        api_key=api_key,
        token=r.tracking_code,
        status="OPEN",
        description="Çukur hâlâ orada, dün bir bisikletli düştü.",
    )
    assert answer.status_code == 201, answer.content
    row = answer.json()[0]
    assert row["service_request_id"] == r.public_id and row["update_id"]
    assert Request.objects.get(pk=r.pk).status == "in_progress"  # back to work
    rows = client.get("/open311/v2/servicerequestupdates.json").json()
    mine = [u for u in rows if u["update_id"] == row["update_id"]]
    assert mine[0]["description"] == ""  # the resident's words stay on their status page
    status_page = client.get(f"/ar/requests/track/?code={r.tracking_code}").content.decode()
    assert "Çukur hâlâ orada" in status_page


@pytest.mark.parametrize(("fms", "expected"), [("CLOSED", "closed"), ("OPEN", "in_progress")])
def test_an_update_on_a_resolved_request_closes_or_reopens_it(
    client, api_key: str, fms: str, expected: str
) -> None:
    r = submit_request(
        RequestInput(
            text="Işık yanmıyor", kind="complaint", address="Buca", identity_mode="anonymous"
        )
    )
    for action in ("assign", "resolve"):
        apply_action(r, action, None)
    answer = _update(client, api_key=api_key, token=r.tracking_code, status=fms, description="x")
    assert answer.status_code == 201, answer.content
    assert Request.objects.get(pk=r.pk).status == expected


def test_update_errors_follow_the_specification(client, api_key: str) -> None:
    r = submit_request(RequestInput(text="Bilgi", identity_mode="anonymous"))
    good = {"api_key": api_key, "token": r.tracking_code, "status": "OPEN"}
    cases = [
        ({**good, "api_key": "wrong", "description": "x"}, 403, "api_key"),
        ({**good, "token": "", "description": "x"}, 400, "service_request_id"),
        ({**good, "status": "FIXED", "description": "x"}, 400, "status"),
        ({**good, "token": "NOPE1-NOPE2", "description": "x"}, 404, "not found"),
        ({**good, "description": "  "}, 400, "description"),
    ]
    for form, status, words in cases:
        answer = _update(client, **form)
        assert answer.status_code == status, (form, answer.content)
        assert words in answer.json()[0]["description"]
        assert answer.json()[0]["code"] == status
    xml = client.post("/open311/v2/servicerequestupdates.xml", {**good, "api_key": "wrong"})
    assert ET.fromstring(xml.content).findtext("error/code") == "403"
    apply_action(r, "reject", None)
    finished = _update(client, **good, description="Hâlâ bekliyorum")
    assert finished.status_code == 400
    assert finished.json()[0]["description"].startswith("service_request_id:")
    assert r.events.filter(type="resident").count() == 0  # nothing half-written


def test_updates_of_non_complaints_are_not_published(client, api_key: str) -> None:
    r = submit_request(RequestInput(text="Başvuru", kind="application", identity_mode="anonymous"))
    answer = _update(
        client,
        api_key=api_key,
        token=r.tracking_code,
        status="OPEN",
        description="Telefonum değişti: 0555 000 00 00",
    )
    assert answer.status_code == 201
    rows = client.get("/open311/v2/servicerequestupdates.json").json()
    mine = [u for u in rows if u["update_id"] == answer.json()[0]["update_id"]]
    assert mine == []  # an application is not public at all
    assert "0555" not in str(rows)


def test_get_publishes_no_pin_no_bearer_code_and_no_private_kind(client, api_key: str) -> None:
    from adilkent.intake.open311 import PUBLIC_GRID_DEGREES

    posted = client.post(
        "/open311/v2/requests.json",
        {"api_key": api_key, "service_code": "him", "lat": "38.437512", "long": "27.142387",
         "description": "Evimin önündeki lamba", "address_string": "Kıbrıs Şehitleri Cd. 12/3",
         "media_url": "http://127.0.0.1/me.jpg"},
    )  # fmt: skip
    assert posted.status_code == 201, posted.content
    created = posted.json()[0]
    refugee = submit_request(
        RequestInput(
            text="Kimliğim yok", kind="complaint", identity_mode="anonymous",
            service_code="refugee-desk", lat=38.41, lon=27.13,
        )
    )  # fmt: skip
    body = client.get("/open311/v2/requests.json").content.decode()
    rows = client.get("/open311/v2/requests.json").json()
    row = next(r for r in rows if r["service_request_id"] == created["service_request_id"])
    for secret in ("38.4375", "27.1423", "Evimin", "Kıbrıs", "me.jpg", created["token"]):
        assert secret not in body
    assert abs(row["lat"] - 38.437512) <= PUBLIC_GRID_DEGREES
    assert abs(row["long"] - 27.142387) <= PUBLIC_GRID_DEGREES
    assert row["lat"] != 38.437512 and row["media_url"] is None
    assert refugee.public_id not in body and refugee.tracking_code not in body


def test_only_the_submitting_client_or_the_bearer_may_update(client, api_key: str) -> None:
    from adilkent.intake.models import ApiKey

    ApiKey.objects.create(name="Another client", key="another-key")
    created = client.post(
        "/open311/v2/requests.json",
        {"api_key": api_key, "service_code": "him", "lat": "38.43", "long": "27.14",
         "description": "Lamba yanmıyor"},
    ).json()[0]  # fmt: skip
    other = _update(
        client, api_key="another-key", service_request_id=created["service_request_id"],
        status="CLOSED", description="kapatıyorum",
    )  # fmt: skip
    assert other.status_code == 404
    found = Request.objects.get(public_id=created["service_request_id"])
    assert found.events.filter(type="resident").count() == 0
    own = _update(
        client, api_key=api_key, service_request_id=created["service_request_id"],
        status="OPEN", description="Hâlâ yanmıyor",
    )  # fmt: skip
    assert own.status_code == 201, own.content
    bearer = _update(
        client, api_key="another-key", token=created["token"], status="OPEN", description="ek"
    )
    assert bearer.status_code == 201, bearer.content
