"""The intake's definitions (API keys, services, questions, routing rules), kept per process:
a change is seen by the very next request, and a request reads none of those tables."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from adilkent.core.versions import version_bump
from adilkent.guide.models import AttributeType, Service, ServiceAttribute
from adilkent.intake import definitions
from adilkent.intake.models import ApiKey, Request, RoutingRule, Unit

pytestmark = pytest.mark.django_db
KEY = "test-definitions-key"
TABLES = ("intake_apikey", "guide_service", "guide_serviceattribute", "intake_routingrule")


def _post(client, **extra: str):
    form = {
        "api_key": KEY,
        "jurisdiction_id": "izmir",
        "service_code": "him",
        "lat": "38.42",
        "long": "27.13",
        "description": "Sokak lambası yanmıyor.",
        **extra,
    }
    return client.post("/open311/v2/requests.json", form)


@pytest.fixture
def key() -> ApiKey:
    return ApiKey.objects.create(name="test client", key=KEY)


def test_a_post_reads_none_of_the_definition_tables(client, key: ApiKey) -> None:
    assert _post(client).status_code == 201  # the first builds the definitions
    with CaptureQueriesContext(connection) as queries:
        response = _post(client)
    assert response.status_code == 201, response.content
    statements = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in statements if any(f'"{t}"' in s for t in TABLES)], statements
    assert any('"core_dataversion"' in s for s in statements)


def test_a_key_switched_off_is_refused_at_once(client, key: ApiKey) -> None:
    assert _post(client).status_code == 201
    key.active = False
    key.save()
    assert _post(client).status_code == 403
    key.active = True
    key.save()
    assert _post(client).status_code == 201
    key.delete()
    assert _post(client).status_code == 403


def test_a_service_closed_to_requests_is_refused_at_once(client, key: ApiKey) -> None:
    assert _post(client).status_code == 201
    service = Service.objects.get(code="him")
    service.accepts_requests = False
    service.save()
    response = _post(client)
    assert response.status_code == 404 and b"him" in response.content


def test_a_new_required_question_is_asked_at_once(client, key: ApiKey) -> None:
    assert _post(client).status_code == 201
    ServiceAttribute.objects.create(
        service=Service.objects.get(code="him"),
        code="floor",
        datatype=AttributeType.NUMBER,
        required=True,
        description="Which floor?",
    )
    assert _post(client).status_code == 400
    response = _post(client, **{"attribute[floor]": "3"})
    assert response.status_code == 201, response.content
    assert Request.objects.get(tracking_code=response.json()[0]["token"]).attributes == {"floor": 3}


def test_a_new_routing_rule_routes_the_next_request(client, key: ApiKey) -> None:
    first = _post(client)
    unit = Unit.objects.create(code="test-desk", name="Test desk")
    RoutingRule.objects.create(service=Service.objects.get(code="him"), unit=unit)
    second = _post(client)
    routed = {
        r.tracking_code: r.unit_id
        for r in Request.objects.filter(
            tracking_code__in=[first.json()[0]["token"], second.json()[0]["token"]]
        )
    }
    assert routed[second.json()[0]["token"]] == unit.pk != routed[first.json()[0]["token"]]


def test_a_change_by_another_process_is_seen_by_its_version(client, key: ApiKey) -> None:
    """Here a change that no signal saw (``QuerySet.update``), as a process sees another's:
    only through the version row."""
    assert _post(client).status_code == 201
    ApiKey.objects.filter(pk=key.pk).update(active=False)
    assert _post(client).status_code == 201  # the version has not changed (for up to a minute)
    version_bump(name=definitions.NAME)
    assert _post(client).status_code == 403
