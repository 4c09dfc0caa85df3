"""Values every page needs: the city, the text direction, the language switcher's entries."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, get_language_bidi, get_language_info


def site(request: HttpRequest) -> dict[str, object]:
    code = get_language() or settings.LANGUAGE_CODE
    languages = [
        {"code": c, "name_local": get_language_info(c)["name_local"], "current": c == code}
        for c, _name in settings.LANGUAGES
    ]
    return {
        "CITY_NAME": settings.CITY_NAME,
        "TEXT_DIR": "rtl" if get_language_bidi() else "ltr",
        "LANGUAGE_CHOICES": languages,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }
