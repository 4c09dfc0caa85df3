"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the intake services.

Formats: ``.json`` and ``.xml``. Errors use the specification's list of ``code`` and
``description``. ``service_request_id`` is the tracking code; requests are stored before the
answer, so the POST answers with the id at once and ``tokens`` maps a token (the same code)
to it. Also the FixMyStreet ``servicerequestupdates`` extension: GET lists the public
updates, POST adds the resident's update to a request (``api_key``, ``service_request_id``,
``status`` OPEN or CLOSED, ``description``).

Privacy: GET never returns names or contact details, and returns the resident's text only
for complaints about the city (not for applications and information requests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree as ET

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from adilkent.guide.models import Service
from adilkent.text import slugify_tr

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


def request_row(r: Request) -> dict[str, Any]:
    public_text = r.kind == Kind.COMPLAINT and (r.service is None or r.service.group != "refugees")
    notes = r.events.filter(public=True).exclude(text="").order_by("-at").first()
    return {
        "service_request_id": r.tracking_code,
        "status": "open" if r.status in OPEN_STATUSES else "closed",
        "status_notes": notes.text if notes else None,
        "service_name": r.service.name if r.service else None,
        "service_code": r.service.code if r.service else None,
        "description": r.text if public_text else None,
        "agency_responsible": r.unit.name if r.unit else None,
        "service_notice": None,
        "requested_datetime": _iso(r.created_at),
        "updated_datetime": _iso(r.updated_at),
        "expected_datetime": _iso(r.due_at),
        "address": r.address or (str(r.mahalle) if r.mahalle else None),
        "address_id": r.mahalle_id,
        "zipcode": None,
        "lat": r.lat,
        "long": r.lon,
        "media_url": r.media_url or None,
    }


def _date_param(request: HttpRequest, name: str) -> dt.datetime | None:
    raw = request.GET.get(name, "")
    if not raw:
        return None
    value = parse_datetime(raw.replace(" ", "+"))
    if value is None:
        raise Open311Error(400, f"{name} must be a W3C date-time such as 2026-01-01T00:00:00Z")
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _csv(request: HttpRequest, name: str) -> list[str]:
    return [v.strip() for v in request.GET.get(name, "").split(",") if v.strip()]


def _requests_queryset(request: HttpRequest) -> Iterable[Request]:
    base = Request.objects.select_related("service", "unit", "mahalle").order_by("-created_at")
    ids = _csv(request, "service_request_id")
    if ids:
        return list(base.filter(tracking_code__in=ids)[:MAX_RECORDS])
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
    found = (
        Request.objects.select_related("service", "unit", "mahalle")
        .filter(tracking_code=code)
        .first()
    )
    if found is None:
        raise Open311Error(404, f"service_request_id '{code}' not found")
    return render([request_row(found)], fmt, "service_requests", "request")


@_guarded
def token(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if not Request.objects.filter(tracking_code=code).exists():
        raise Open311Error(404, f"token '{code}' not found")
    return render([{"service_request_id": code, "token": code}], fmt, "service_requests", "request")


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
    key = post.get("api_key", "")
    if not key or not ApiKey.objects.filter(key=key, active=True).exists():
        raise Open311Error(403, "invalid api_key")
    code = post.get("service_code", "")
    if not code:
        raise Open311Error(400, "service_code is required")
    if not Service.objects.filter(code=code, accepts_requests=True).exists():
        raise Open311Error(404, f"service_code '{code}' not found")
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
    if address_id is not None and not (address_id.isascii() and address_id.isdigit()):
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
    )
    if not description.strip() and post.get("media_url"):
        data.text = post["media_url"]
    try:
        created = submit_request(data)
    except RequestInvalid as problem:
        first = next(iter(problem.errors.items()))
        names = {"text": "description", "lat": "lat", "location": "lat/long"}
        field = names.get(first[0], first[0])
        return error(fmt, 400, f"{field}: {' '.join(str(m) for m in first[1])}")
    row = {
        "service_request_id": created.tracking_code,
        "service_notice": None,
        "account_id": created.account_id or None,
    }
    return render([row], fmt, "service_requests", "request", status=201)


def _post_update(request: HttpRequest, fmt: str) -> HttpResponse:
    post = request.POST
    key = post.get("api_key", "")
    if not key or not ApiKey.objects.filter(key=key, active=True).exists():
        raise Open311Error(403, "invalid api_key")
    code = post.get("service_request_id", "").strip()
    if not code:
        raise Open311Error(400, "service_request_id is required")
    status = post.get("status", "").strip().upper()
    if status not in {"OPEN", "CLOSED"}:
        raise Open311Error(400, "status is required: OPEN or CLOSED")
    found = Request.objects.filter(tracking_code=code).first()
    if found is None:
        raise Open311Error(404, f"service_request_id '{code}' not found")
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
        "service_request_id": found.tracking_code,
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
        .select_related("request")
        .order_by("at", "id")[:MAX_RECORDS]
    )
    rows = [
        {
            "update_id": str(e.pk),
            "service_request_id": e.request.tracking_code,
            "status": FMS_STATUS.get(Status(e.status), "OPEN"),
            "updated_datetime": _iso(e.at),
            # The resident's own words only for complaints, as in GET requests.
            "description": e.text
            if e.type != Event.Type.RESIDENT or e.request.kind == Kind.COMPLAINT
            else "",
            "media_url": None,
        }
        for e in events
    ]
    return render(rows, fmt, "service_request_updates", "request_update")
