"""Values every page needs: the city, the text direction, the language switcher's entries."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_bidi, get_language_info
from django.utils.translation import gettext as _


def data_attribution() -> str:
    """Short credits of the data on maps (the footer gives the long form)."""
    return " · ".join(
        [
            "TÜİK ADNKS 2025",
            "cagriozkurt/TurkeyGeoJSON",
            _("İzmir Metropolitan Municipality open data"),
            "AFAD",
            _("© OpenStreetMap contributors, ODbL"),
        ]
    )


def site(request: HttpRequest) -> dict[str, object]:
    code = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    languages = []
    for c, _name in settings.LANGUAGES:
        info = get_language_info(c)
        languages.append(
            {
                "code": c,
                "name_local": info["name_local"],
                "dir": "rtl" if info["bidi"] else "ltr",
                "current": c == code,
                "url": translate_url(path, c),
            }
        )
    return {
        "CITY_NAME": settings.CITY_NAME,
        "TEXT_DIR": "rtl" if get_language_bidi() else "ltr",
        "LANGUAGE_CHOICES": languages,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "DATA_ATTRIBUTION": data_attribution(),
    }
