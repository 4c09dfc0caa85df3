"""Uploaded files are never served from a public path: a view checks who asks, then hands the
file over itself (the demo) or tells the web server to send it (production, nginx's
``X-Accel-Redirect`` to an ``internal`` location, so the worker is not tied up by the bytes).

``ADILKENT_MEDIA_ACCEL_PREFIX`` (e.g. ``/protected-media/``) turns the second mode on; the nginx
configuration in ``deploy/`` maps that prefix onto ``MEDIA_ROOT`` as an internal location.
"""

from __future__ import annotations

import mimetypes
import secrets
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpResponse
from django.utils import timezone

# What a stored file may be shown as in the browser; anything else is downloaded.
_INLINE = {"image/jpeg", "image/png", "image/webp", "application/pdf"}


def random_upload_path(folder: str, original_name: str, content_type: str = "") -> str:
    """A storage name that tells nothing and cannot be guessed: ``folder/YYYY/MM/<random>.ext``
    (the extension from the checked content type, else from the original name)."""
    extension = mimetypes.guess_extension(content_type) if content_type else None
    if not extension:
        suffix = PurePosixPath(original_name).suffix.lower()
        extension = suffix if suffix[1:].isascii() and suffix[1:].isalnum() else ""
    today = timezone.now()
    return f"{folder}/{today:%Y}/{today:%m}/{secrets.token_urlsafe(18)}{extension}"


def protected_file_response(
    stored: FieldFile, *, download_name: str, content_type: str
) -> HttpResponse:
    """The response that sends one stored file to someone already allowed to see it."""
    if not stored.name:
        raise Http404
    prefix = getattr(settings, "MEDIA_ACCEL_PREFIX", "")
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(stored.name)
    else:
        # Without a web server in front (the demo): the bytes themselves (uploads are <= 5 MB).
        try:
            with stored.open("rb") as handle:
                response = HttpResponse(handle.read(), content_type=content_type)
        except FileNotFoundError as missing:
            raise Http404 from missing
    disposition = "inline" if content_type in _INLINE else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename*=UTF-8''{quote(download_name or 'file')}"
    )
    # Residents' files: never cached on the way, never run as a page, never sniffed as one.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response
