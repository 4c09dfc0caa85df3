"""Checks of what a resident or a client sends, with specific, translated messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from adilkent.guide.models import AttributeType, Service

MAX_TEXT = 5000
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 3
# Accepted file types, recognised by their first bytes (the name and the browser can lie).
_SIGNATURES = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "application/pdf": (b"%PDF-",),
    "image/webp": (b"RIFF",),
}


class RequestInvalid(Exception):
    """Bad input: ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class Errors:
    found: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.found.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.found:
            raise RequestInvalid(self.found)


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def check_attachment(upload: UploadedFile, errors: Errors) -> str | None:
    """The file's real type if it is accepted, else ``None`` with the reason recorded."""
    name = upload.name or "?"
    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        errors.add(
            "attachments",
            _("%(name)s is larger than %(limit)s MB.") % {"name": name, "limit": 5},
        )
        return None
    head = upload.read(16)
    upload.seek(0)
    for content_type, prefixes in _SIGNATURES.items():
        if any(head.startswith(p) for p in prefixes):
            if content_type == "image/webp" and head[8:12] != b"WEBP":
                continue
            return content_type
    errors.add(
        "attachments",
        _("%(name)s is not a photo (JPEG, PNG, WebP) or a PDF document.") % {"name": name},
    )
    return None


def check_location(lat: Any, lon: Any, errors: Errors) -> tuple[float | None, float | None]:
    if lat in (None, "") and lon in (None, ""):
        return None, None
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        errors.add("location", _("The map position must be two numbers (latitude and longitude)."))
        return None, None
    if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180):
        errors.add("location", _("The map position is not a valid latitude and longitude."))
        return None, None
    return lat_f, lon_f


def clean_attributes(
    service: Service | None, answers: dict[str, Any], errors: Errors
) -> dict[str, Any]:
    """Answers checked against the service definition; unknown questions are refused."""
    if service is None:
        if answers:
            errors.add("attributes", _("Answers were sent without choosing a service."))
        return {}
    cleaned: dict[str, Any] = {}
    attributes = {a.code: a for a in service.attributes.all()}
    for code in answers:
        if code not in attributes:
            errors.add(
                "attributes",
                _("The service has no question “%(code)s”.") % {"code": code},
            )
    for code, attribute in attributes.items():
        value = answers.get(code)
        empty = value in (None, "", []) or (isinstance(value, list) and not any(value))
        if empty:
            if attribute.required:
                errors.add(
                    f"attribute[{code}]",
                    _("Please answer: %(question)s") % {"question": attribute.description},
                )
            continue
        key = f"attribute[{code}]"
        if attribute.datatype == AttributeType.NUMBER:
            try:
                number = float(str(value).replace(",", "."))
            except ValueError:
                errors.add(key, _("“%(value)s” is not a number.") % {"value": value})
                continue
            cleaned[code] = int(number) if number.is_integer() else number
        elif attribute.datatype == AttributeType.DATETIME:
            text = str(value)
            parsed: dt.date | None = parse_datetime(text) or parse_date(text)
            if parsed is None:
                errors.add(key, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value})
                continue
            cleaned[code] = parsed.isoformat()
        elif attribute.datatype == AttributeType.SINGLE:
            if str(value) not in attribute.value_keys():
                errors.add(key, _("“%(value)s” is not one of the choices.") % {"value": value})
                continue
            cleaned[code] = str(value)
        elif attribute.datatype == AttributeType.MULTI:
            values = value if isinstance(value, list) else str(value).split(",")
            bad = [str(v) for v in values if str(v) not in attribute.value_keys()]
            if bad:
                errors.add(
                    key, _("“%(value)s” is not one of the choices.") % {"value": ", ".join(bad)}
                )
                continue
            cleaned[code] = [str(v) for v in values]
        else:
            text = str(value)
            limit = 300 if attribute.datatype == AttributeType.STRING else MAX_TEXT
            if len(text) > limit:
                errors.add(key, _("Please write at most %(n)s characters.") % {"n": limit})
                continue
            cleaned[code] = text
    return cleaned
