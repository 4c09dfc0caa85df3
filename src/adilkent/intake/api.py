"""JSON API of the intake (mounted at /api/v1/intake/): submit, follow, demand figures.

Submitting needs an API key (``X-API-Key`` header), as Open311 does; following a request
needs only its tracking code, as the public status page does.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import APIKeyHeader

from . import selectors
from .models import ApiKey, ChannelUsed
from .services import RequestInput, submit_request
from .validation import RequestInvalid

router = Router(tags=["intake"])


class KeyAuth(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if key and ApiKey.objects.filter(key=key, active=True).exists():
            return key
        return None


class RequestIn(Schema):
    text: str
    kind: str = "information"
    service_code: str = ""
    preferred_language: str = "tr"
    interpreter_language: str = ""
    identity_mode: str = "anonymous"
    name: str = ""
    email: str = ""
    phone: str = ""
    lat: float | None = None
    lon: float | None = None
    address: str = ""
    mahalle_id: int | None = None
    resident_groups: list[str] = []
    attributes: dict[str, Any] = {}


class Receipt(Schema):
    tracking_code: str
    status: str
    text_language: str
    suggested_service: str | None
    due_at: str | None


class ProblemOut(Schema):
    detail: str
    errors: dict[str, list[str]]


class EventOut(Schema):
    at: str
    status: str
    type: str
    text: str


class StatusOut(Schema):
    tracking_code: str
    status: str
    kind: str
    service: str | None
    events: list[EventOut]


class DemandRow(Schema):
    mahalle_id: int | None
    mahalle: str
    district: str
    service: str
    kind: str
    language: str
    group: str
    requests: int


@router.post(
    "/requests", response={201: Receipt, 400: ProblemOut}, auth=KeyAuth(), url_name="intake-submit"
)
def create_request(request: HttpRequest, payload: RequestIn) -> Any:
    data = RequestInput(**payload.dict(), channel=ChannelUsed.API)
    try:
        created = submit_request(data)
    except RequestInvalid as problem:
        return Status(400, {"detail": "invalid request", "errors": problem.errors})
    return Status(
        201,
        {
            "tracking_code": created.tracking_code,
            "status": created.status,
            "text_language": created.text_language,
            "suggested_service": created.suggested_service.code
            if created.suggested_service
            else None,
            "due_at": created.due_at.isoformat() if created.due_at else None,
        },
    )


@router.get("/requests/{code}", response=StatusOut)
def request_status(request: HttpRequest, code: str) -> dict[str, Any]:
    found = selectors.request_by_code(code[:20])
    if found is None:
        raise HttpError(404, "no request has this tracking code")
    return {
        "tracking_code": found.tracking_code,
        "status": found.status,
        "kind": found.kind,
        "service": found.service.code if found.service else None,
        "events": [
            {"at": e.at.isoformat(), "status": e.status, "type": e.type, "text": e.text}
            for e in selectors.public_events(found)
        ],
    }


@router.get("/demand", response=list[DemandRow])
def demand(request: HttpRequest) -> list[dict[str, Any]]:
    """Requests per mahalle, service, kind, language and group (no personal data)."""
    return selectors.demand_rows()
