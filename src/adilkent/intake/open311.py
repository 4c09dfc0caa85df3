"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the intake services.

Formats: ``.json`` and ``.xml``. Errors use the specification's list of ``code`` and
``description``. Also the FixMyStreet ``servicerequestupdates`` extension: GET lists the public
updates, POST adds the resident's update to a request.

Two ids. ``service_request_id`` is a **public id**, random and unrelated to the resident's
**tracking code**, which is a bearer secret (it opens the request's status page with the full
text). The POST answers with both, ``service_request_id`` and ``token`` (the tracking code),
to the client that submitted; ``tokens/<tracking code>`` gives the public id. Nothing else
ever shows a tracking code.

What GET publishes (docs/reach.md, "Open data of requests"): only complaints about the city
(no applications, information requests or Refugee Desk services, nothing merged away); the
location coarsened to the centre of a grid cell of ``PUBLIC_GRID_DEGREES`` and the
neighbourhood's name, never the pin or the typed address; no free text of the resident, no
photo link, no names or contacts, and no text of staff either (``status_notes`` and the
updates' ``description`` stay empty: replies and status notes are written to the resident, and
there is no moderation step that would make a text public).

Updates (POST servicerequestupdates) are accepted only from the resident's own client: with
``token`` (the tracking code), or with ``service_request_id`` from the API key that submitted
the request. Any other key gets 404, as if the request did not exist.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree as ET

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from adilkent.core.parsing import ParseError, parse_datetime
from adilkent.guide.models import Service
from adilkent.text import ascii_digits, slugify_tr

from .definitions import intake_definitions
from .models import OPEN_STATUSES, ApiKey, ChannelUsed, Event, IdentityMode, Kind, Request, Status
from .services import RequestInput, resident_update, submit_request
from .validation import RequestInvalid

MAX_RECORDS = 1000
WINDOW = dt.timedelta(days=90)
FMS_STATUS = {
    Status.RECEIVED: "OPEN",
    Status.TRIAGED: "INVESTIGATING",
    Status.ASSIGNED: "ACTION_SCHEDULED",
    Status.IN_PROGRESS: "IN_PROGRESS",
    Status.WAITING: "INVESTIGATING",
    Status.RESOLVED: "FIXED",
    Status.CLOSED: "CLOSED",
    Status.REJECTED: "NO_FURTHER_ACTION",
    Status.MERGED: "DUPLICATE",
}


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def jurisdiction() -> str:
    return str(getattr(settings, "OPEN311_JURISDICTION", "") or slugify_tr(settings.CITY_NAME))


# --- rendering ---------------------------------------------------------------------------


def _xml_value(parent: ET.Element, key: str, value: Any) -> None:
    node = ET.SubElement(parent, key)
    if isinstance(value, bool):
        node.text = "true" if value else "false"
    elif isinstance(value, dict):
        for k, v in value.items():
            _xml_value(node, k, v)
    elif isinstance(value, list):
        child = key[:-1] if key.endswith("s") else key
        for item in value:
            _xml_value(node, child, item)
    elif value is not None:
        node.text = str(value)


def render(data: Any, fmt: str, root: str, item: str, status: int = 200) -> HttpResponse:
    if fmt == "json":
        return JsonResponse(
            data, safe=False, status=status, json_dumps_params={"ensure_ascii": False}
        )
    top = ET.Element(root)
    for entry in data if isinstance(data, list) else [data]:
        element = ET.SubElement(top, item)
        for key, value in entry.items():
            _xml_value(element, key, value)
    body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return render([{"code": status, "description": description}], fmt, "errors", "error", status)


def _guarded(view: Any) -> Any:
    def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        try:
            given = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
            if given and given != jurisdiction():
                raise Open311Error(404, f"jurisdiction_id '{given}' not found")
            response: HttpResponse = view(request, *args, fmt=fmt, **kwargs)
            return response
        except Open311Error as problem:
            return error(fmt, problem.status, problem.description)

    wrapper.__name__ = view.__name__
    return wrapper


def _iso(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


# --- discovery and services --------------------------------------------------------------


@_guarded
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri("/open311/v2/")
    data = {
        "changeset": _iso(timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)),
        "contact": str(getattr(settings, "OPEN311_CONTACT", "")),
        "key_service": str(getattr(settings, "OPEN311_KEY_SERVICE", "")),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": None,
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return render(data, fmt, "discovery", "discovery") if fmt == "json" else _discovery_xml(data)


def _discovery_xml(data: dict[str, Any]) -> HttpResponse:
    top = ET.Element("discovery")
    for key in ("changeset", "contact", "key_service"):
        _xml_value(top, key, data[key])
    endpoints = ET.SubElement(top, "endpoints")
    for endpoint in data["endpoints"]:
        node = ET.SubElement(endpoints, "endpoint")
        for key in ("specification", "url", "changeset", "type"):
            _xml_value(node, key, endpoint[key])
        formats = ET.SubElement(node, "formats")
        for f in endpoint["formats"]:
            _xml_value(formats, "format", f)
    body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _service_row(service: Service) -> dict[str, Any]:
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": service.summary,
        "metadata": service.attributes.exists(),
        "type": "realtime",
        "keywords": ",".join(service.keywords.split()[:12]),
        "group": service.get_group_display(),
    }


@_guarded
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = [_service_row(s) for s in Service.objects.filter(accepts_requests=True)]
    return render(rows, fmt, "services", "service")


@_guarded
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    service = Service.objects.filter(code=code, accepts_requests=True).first()
    if service is None:
        raise Open311Error(404, f"service_code '{code}' not found")
    attributes: list[dict[str, Any]] = [
        {
            "variable": a.variable,
            "code": a.code,
            "datatype": a.datatype,
            "required": a.required,
            "datatype_description": a.datatype_description or None,
            "order": a.order,
            "description": a.description,
            "values": [{"key": k, "name": n} for k, n in a.choices()],
        }
        for a in service.attributes.all()
    ]
    data = {"service_code": service.code, "attributes": attributes}
    if fmt == "json":
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    top = ET.Element("service_definition")
    _xml_value(top, "service_code", service.code)
    attrs = ET.SubElement(top, "attributes")
    for attribute in attributes:
        node = ET.SubElement(attrs, "attribute")
        for key, value in attribute.items():
            if key == "values":
                values = ET.SubElement(node, "values")
                for v in value:
                    _xml_value(values, "value", v)
            else:
                _xml_value(node, key, value)
    body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


# --- requests ----------------------------------------------------------------------------


# Published locations are the centre of a grid cell this many degrees wide (about 220 m north
# to south and 175 m east to west in İzmir): a street, not a door.
PUBLIC_GRID_DEGREES = 0.002


def publishable() -> Any:
    """Requests Open311 may list: complaints about the city, not merged away, and not about a
    Refugee Desk service (applications and information requests are personal)."""
    return (
        Request.objects.filter(kind=Kind.COMPLAINT, merged_into__isnull=True)
        .exclude(service__group="refugees")
        .select_related("service", "unit", "mahalle")
    )


def coarse(value: float | None) -> float | None:
    if value is None:
        return None
    cell = PUBLIC_GRID_DEGREES
    return round((math.floor(value / cell) + 0.5) * cell, 4)


def request_row(r: Request) -> dict[str, Any]:
    return {
        "service_request_id": r.public_id,
        "status": "open" if r.status in OPEN_STATUSES else "closed",
        "status_notes": None,  # no free text is published (no moderation step yet)
        "service_name": r.service.name if r.service else None,
        "service_code": r.service.code if r.service else None,
        "description": None,
        "agency_responsible": r.unit.name if r.unit else None,
        "service_notice": None,
        "requested_datetime": _iso(r.created_at),
        "updated_datetime": _iso(r.updated_at),
        "expected_datetime": _iso(r.due_at),
        "address": str(r.mahalle) if r.mahalle else None,
        "address_id": r.mahalle_id,
        "zipcode": None,
        "lat": coarse(r.lat),
        "long": coarse(r.lon),
        "media_url": None,
    }


def _date_param(request: HttpRequest, name: str) -> dt.datetime | None:
    raw = request.GET.get(name, "")
    if not raw:
        return None
    try:
        return parse_datetime(raw.replace(" ", "+"), field=name)
    except ParseError as problem:
        raise Open311Error(
            400, f"{name} must be a W3C date-time such as 2026-01-01T00:00:00Z ({problem.message})"
        ) from None


def _csv(request: HttpRequest, name: str) -> list[str]:
    return [v.strip() for v in request.GET.get(name, "").split(",") if v.strip()]


def _requests_queryset(request: HttpRequest) -> Iterable[Request]:
    base = publishable().order_by("-created_at")
    ids = _csv(request, "service_request_id")
    if ids:
        return list(base.filter(public_id__in=ids)[:MAX_RECORDS])
    start, end = _date_param(request, "start_date"), _date_param(request, "end_date")
    if start and end and start > end:
        raise Open311Error(400, "start_date is after end_date")
    if start and end and end - start > WINDOW:
        raise Open311Error(400, "start_date and end_date may not span more than 90 days")
    if start is None:
        end = end or timezone.now()
        start = end - WINDOW
    elif end is None:
        end = start + WINDOW
    queryset = base.filter(created_at__gte=start, created_at__lte=end)
    codes = _csv(request, "service_code")
    if codes:
        queryset = queryset.filter(service__code__in=codes)
    statuses = _csv(request, "status")
    if statuses:
        bad = set(statuses) - {"open", "closed"}
        if bad:
            raise Open311Error(400, "status must be open or closed")
        if statuses == ["open"]:
            queryset = queryset.filter(status__in=OPEN_STATUSES)
        elif statuses == ["closed"]:
            queryset = queryset.exclude(status__in=OPEN_STATUSES)
    return list(queryset[:MAX_RECORDS])


@csrf_exempt
@_guarded
def requests_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    if request.method != "GET":
        raise Open311Error(405, "use GET or POST")
    rows = [request_row(r) for r in _requests_queryset(request)]
    return render(rows, fmt, "service_requests", "request")


@_guarded
def request_detail(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    found = publishable().filter(public_id=code).first()
    if found is None:
        raise Open311Error(404, f"service_request_id '{code}' not found")
    return render([request_row(found)], fmt, "service_requests", "request")


@_guarded
def token(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    found = Request.objects.filter(tracking_code=code).first()
    if found is None:
        raise Open311Error(404, f"token '{code}' not found")
    row = {"service_request_id": found.public_id, "token": code}
    return render([row], fmt, "service_requests", "request")


def _attributes(post: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for key in post:
        if key.startswith("attribute[") and key.endswith("[]"):
            answers[key[len("attribute[") : -3]] = post.getlist(key)
        elif key.startswith("attribute[") and key.endswith("]"):
            values = post.getlist(key)
            answers[key[len("attribute[") : -1]] = values if len(values) > 1 else values[0]
    return answers


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    post = request.POST
    definitions = intake_definitions()
    api_key = definitions.api_key(post.get("api_key", ""))
    if api_key is None:
        raise Open311Error(403, "invalid api_key")
    code = post.get("service_code", "")
    if not code:
        raise Open311Error(400, "service_code is required")
    has_point = bool(post.get("lat")) and bool(post.get("long"))
    if not (has_point or post.get("address_string") or post.get("address_id")):
        raise Open311Error(
            400, "a location is required: lat and long, address_string or address_id"
        )
    if bool(post.get("lat")) != bool(post.get("long")):
        raise Open311Error(400, "lat and long must be given together")
    name = " ".join(p for p in (post.get("first_name", ""), post.get("last_name", "")) if p).strip()
    identified = bool(name or post.get("email") or post.get("phone"))
    address_id = post.get("address_id") or None
    if address_id is not None and not ascii_digits(address_id):
        raise Open311Error(400, "address_id must be a neighbourhood id")
    locale = (post.get("locale") or "")[:2].lower()
    languages = [c for c, _n in settings.LANGUAGES]
    description = post.get("description", "")
    data = RequestInput(
        text=description,
        kind=Kind.COMPLAINT,
        service_code=code,
        channel=ChannelUsed.OPEN311,
        preferred_language=locale if locale in languages else settings.LANGUAGE_CODE,
        identity_mode=IdentityMode.IDENTIFIED if identified else IdentityMode.ANONYMOUS,
        name=name,
        email=post.get("email", ""),
        phone=post.get("phone", ""),
        lat=post.get("lat") or None,
        lon=post.get("long") or None,
        address=post.get("address_string", ""),
        mahalle_id=int(address_id) if address_id else None,
        attributes=_attributes(post),
        media_url=post.get("media_url", ""),
        device_id=post.get("device_id", ""),
        account_id=post.get("account_id", ""),
        require_location=True,
        api_key=api_key,
    )
    if not description.strip() and post.get("media_url"):
        data.text = post["media_url"]
    try:
        created = submit_request(data, definitions=definitions)
    except RequestInvalid as problem:
        if "service_code" in problem.errors:
            raise Open311Error(404, f"service_code '{code}' not found") from None
        first = next(iter(problem.errors.items()))
        names = {"text": "description", "lat": "lat", "location": "lat/long"}
        field = names.get(first[0], first[0])
        return error(fmt, 400, f"{field}: {' '.join(str(m) for m in first[1])}")
    row = {
        "service_request_id": created.public_id,
        "token": created.tracking_code,
        "service_notice": None,
        "account_id": created.account_id or None,
    }
    return render([row], fmt, "service_requests", "request", status=201)


def _post_update(request: HttpRequest, fmt: str) -> HttpResponse:
    post = request.POST
    key = post.get("api_key", "")
    api_key = ApiKey.objects.filter(key=key, active=True).first() if key else None
    if api_key is None:
        raise Open311Error(403, "invalid api_key")
    bearer = post.get("token", "").strip()
    code = post.get("service_request_id", "").strip()
    if not (code or bearer):
        raise Open311Error(400, "service_request_id (or the request's token) is required")
    status = post.get("status", "").strip().upper()
    if status not in {"OPEN", "CLOSED"}:
        raise Open311Error(400, "status is required: OPEN or CLOSED")
    if bearer:  # the resident's own tracking code
        found = Request.objects.filter(tracking_code=bearer).first()
    else:  # the public id, from the client that submitted the request only
        found = Request.objects.filter(public_id=code, api_key=api_key).first()
    if found is None:
        raise Open311Error(404, f"service_request_id '{code or bearer}' not found")
    text = post.get("description", "")
    if not text.strip() and post.get("media_url"):
        text = post["media_url"]
    try:
        event = resident_update(found, text, fms_status=status)
    except RequestInvalid as problem:
        field, messages = next(iter(problem.errors.items()))
        return error(fmt, 400, f"{field}: {' '.join(str(m) for m in messages)}")
    row = {
        "update_id": str(event.pk),
        "service_request_id": found.public_id,
        "status": FMS_STATUS.get(Status(found.status), "OPEN"),
    }
    return render([row], fmt, "service_request_updates", "request_update", status=201)


@csrf_exempt
@_guarded
def service_request_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    """FixMyStreet's extension: public updates in a time window (default the last 90 days);
    POST adds one from the resident's client."""
    if request.method == "POST":
        return _post_update(request, fmt)
    if request.method != "GET":
        raise Open311Error(405, "use GET or POST")
    start, end = _date_param(request, "start_date"), _date_param(request, "end_date")
    end = end or timezone.now()
    start = start or end - WINDOW
    if end - start > WINDOW or start > end:
        raise Open311Error(400, "start_date and end_date must be in order and within 90 days")
    events = (
        Event.objects.filter(public=True, at__gte=start, at__lte=end)
        .filter(request__in=publishable().values("pk"))
        .select_related("request")
        .order_by("at", "id")[:MAX_RECORDS]
    )
    rows = [
        {
            "update_id": str(e.pk),
            "service_request_id": e.request.public_id,
            "status": FMS_STATUS.get(Status(e.status), "OPEN"),
            "updated_datetime": _iso(e.at),
            # The step and its status only: neither staff's words nor the resident's.
            "description": "",
            "media_url": None,
        }
        for e in events
    ]
    return render(rows, fmt, "service_request_updates", "request_update")
