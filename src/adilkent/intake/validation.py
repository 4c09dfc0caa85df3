"""Checks of what a resident or a client sends, with specific, translated messages."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from adilkent.core.parsing import ParseError, parse_date, parse_datetime, parse_float
from adilkent.guide.models import AttributeType, Service, ServiceAttribute

MAX_TEXT = 5000
# Numbers residents give as answers (children in the household, years, amounts).
MAX_ANSWER_NUMBER = 10**9
# Images larger than this (in pixels) are refused before they are decoded in full.
MAX_IMAGE_PIXELS = 40_000_000
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
            problem = _content_problem(upload, content_type)
            upload.seek(0)
            if problem:
                errors.add("attachments", f"{name}: {problem}")
                return None
            return content_type
    errors.add(
        "attachments",
        _("%(name)s is not a photo (JPEG, PNG, WebP) or a PDF document.") % {"name": name},
    )
    return None


# Markup that makes a file a web page too (a PDF/HTML polyglot would run as a page if it were
# ever served or saved as HTML).
_MARKUP = (b"<html", b"<script", b"<body", b"<!doctype", b"<iframe", b"<svg")
_PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


def without_metadata(upload: UploadedFile, content_type: str) -> UploadedFile | ContentFile:
    """A photo as it will be kept: turned upright as the camera noted, then written again
    without its metadata (EXIF with the place it was taken and the camera's serial, XMP, text
    chunks), keeping the colour profile. PDFs are kept as they came (their document
    information is not read or changed here)."""
    if content_type not in _PILLOW_FORMATS:
        return upload
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as opened:
        profile = opened.info.get("icc_profile")
        image = ImageOps.exif_transpose(opened)  # a copy, without the orientation tag
        out = io.BytesIO()
        options: dict[str, Any] = {"icc_profile": profile} if profile else {}
        if content_type == "image/png":
            image.save(out, format="PNG", optimize=True, **options)
        else:
            if content_type == "image/jpeg" and image.mode not in {"RGB", "L", "CMYK"}:
                image = image.convert("RGB")
            image.save(out, format=_PILLOW_FORMATS[content_type], quality=90, **options)
    upload.seek(0)
    return ContentFile(out.getvalue(), name=upload.name or "photo")


def _content_problem(upload: UploadedFile, content_type: str) -> str | None:
    """Why a file whose first bytes look right is still refused, or ``None``: images must be
    readable by Pillow as the type they claim, with at most MAX_IMAGE_PIXELS pixels (checked
    from the header, before decoding); PDFs must end as PDFs and carry no web-page markup."""
    if content_type == "application/pdf":
        data = upload.read(MAX_ATTACHMENT_BYTES + 1)
        lowered = data.lower()
        if any(marker in lowered for marker in _MARKUP):
            return _("the PDF also contains web-page code and is refused.")
        if b"%%EOF" not in data[-2048:]:
            return _("the PDF is incomplete or damaged.")
        return None
    from PIL import Image

    too_large = _("the photo has more than %(n)s million pixels.") % {
        "n": MAX_IMAGE_PIXELS // 1_000_000
    }
    try:
        with Image.open(upload) as image:
            if image.format != _PILLOW_FORMATS[content_type]:
                return _("the photo is not the type its first bytes say.")
            if image.width * image.height > MAX_IMAGE_PIXELS:
                return too_large
            image.verify()
    except Image.DecompressionBombError:  # Pillow's own limit, met while reading the header
        return too_large
    except Exception:
        return _("the photo cannot be read; it may be damaged.")
    return None


def check_media_url(url: str, errors: Errors) -> str:
    """A photo link must be an http(s) address (no ``javascript:``, ``data:`` or files)."""
    from urllib.parse import urlsplit

    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or len(url) > 500:
        errors.add("media_url", _("The photo link must be a web address starting with https://."))
        return ""
    return url


def check_location(lat: Any, lon: Any, errors: Errors) -> tuple[float | None, float | None]:
    if lat in (None, "") and lon in (None, ""):
        return None, None
    try:
        lat_f = parse_float(lat, field="lat", minimum=-90, maximum=90)
        lon_f = parse_float(lon, field="long", minimum=-180, maximum=180)
    except ParseError:
        errors.add("location", _("The map position must be two numbers (latitude and longitude)."))
        return None, None
    if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180):
        errors.add("location", _("The map position is not a valid latitude and longitude."))
        return None, None
    return lat_f, lon_f


def clean_attributes(
    service: Service | None,
    answers: dict[str, Any],
    errors: Errors,
    *,
    questions: Iterable[ServiceAttribute] | None = None,
) -> dict[str, Any]:
    """Answers checked against the service definition; unknown questions are refused.
    ``questions`` are the service's questions when the caller has them already."""
    if service is None:
        if answers:
            errors.add("attributes", _("Answers were sent without choosing a service."))
        return {}
    cleaned: dict[str, Any] = {}
    if questions is None:
        questions = service.attributes.all()
    attributes = {a.code: a for a in questions}
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
                number = parse_float(
                    value, field=key, minimum=-MAX_ANSWER_NUMBER, maximum=MAX_ANSWER_NUMBER
                )
            except ParseError as problem:
                errors.add(key, f"“{str(value)[:40]}”: {problem.message}")
                continue
            cleaned[code] = int(number) if number.is_integer() else number
        elif attribute.datatype == AttributeType.DATETIME:
            text = str(value)
            parsed: dt.date | None
            try:
                parsed = (
                    parse_date(text, field=key)
                    if len(text.strip()) == 10
                    else parse_datetime(text, field=key)
                )
            except ParseError:
                parsed = None
            if parsed is None:
                errors.add(
                    key, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": str(value)[:40]}
                )
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
