"""Interoperability: the independent `georeport` client reads our live server."""

from __future__ import annotations

import pytest
import requests
from georeport import GeoReport

from adilkent.intake.models import ApiKey

pytestmark = pytest.mark.django_db(transaction=True)


def test_georeport_client_reads_services_definitions_and_requests(live_server) -> None:
    from adilkent.guide.services import load_seed_services

    load_seed_services()
    ApiKey.objects.create(name="client", key="k1")
    root = f"{live_server.url}/open311/v2"
    # A spec-following form-encoded POST (the client has no POST), then read it back.
    posted = requests.post(
        f"{root}/requests.json",
        data={
            "api_key": "k1",
            "jurisdiction_id": "izmir",
            "service_code": "him",
            "lat": "38.42",
            "long": "27.13",
            "description": "Yolda çukur var",
        },
        timeout=60,
    )
    assert posted.status_code == 201, posted.text
    code = posted.json()[0]["service_request_id"]
    for fmt in ("json", "xml"):
        client = GeoReport(root, jurisdiction="izmir", output_format=fmt)
        services = client.get_service_list()
        assert "legal-aid" in {s["service_code"] for s in services}
        definition = client.get_service_definition("legal-aid")
        assert definition["service_code"] == "legal-aid"
        one = client.get_service_request(code)
        assert one["service_request_id"] == code
        assert one["status"] == "open"
        many = client.get_service_requests(service_code="him")
        rows = many if isinstance(many, list) else [many]
        assert code in {r["service_request_id"] for r in rows}
