"""Writes of the service guide: loading the services the seed documents name, and the city
services of HİM's service map (``intake/data/service_map.yaml``, loaded by ``load_units``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation

from adilkent.text import fold

from .seed_data import SERVICES

_TEXT_FIELDS = (
    "name",
    "summary",
    "description",
    "eligibility",
    "documents",
    "how_to_apply",
    "fees",
    "hours",
    "responsible_unit",
    "keywords",
)


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _translated(field: str, texts: dict[str, str]) -> dict[str, str]:
    values = {f"{field}_{lang}": texts.get(lang, "") for lang in _languages()}
    values[field] = texts.get("tr") or texts.get("en", "")
    return values


def load_seed_services(service_model: Any = None, attribute_model: Any = None) -> int:
    """Create or update the seeded services (idempotent); returns how many were written.

    The models may be the historical ones of a data migration; ``search_text`` is filled here
    because historical models do not run ``Service.save``.
    """
    if service_model is None or attribute_model is None:
        from .models import Service, ServiceAttribute

        service_model, attribute_model = Service, ServiceAttribute
    # With the real models, assigning ``name`` writes the *active* language's column
    # (django-modeltranslation): make that the default language, whose text it is.
    with translation.override(settings.LANGUAGE_CODE):
        _load(service_model, attribute_model)
    return len(SERVICES)


def _values(entry: dict[str, Any]) -> dict[str, Any]:
    """The model fields of one service entry (seed or map), ``search_text`` included."""
    values: dict[str, Any] = {
        "group": entry["group"],
        "order": entry["order"],
        "channels": entry["channels"],
        "sla_days": entry["sla_days"],
        "source_file": entry["source_file"],
        "source_note": entry["source_note"],
        "accepts_requests": True,
    }
    parts = [entry["code"]]
    for field in _TEXT_FIELDS:
        texts = entry.get(field, {})
        values.update(_translated(field, texts))
        parts.extend(t for t in texts.values() if t)
    values["search_text"] = fold(" \n".join(parts))
    return values


def city_services_create(*, entries: list[dict[str, Any]]) -> int:
    """Create the city services of HİM's service map that the guide does not have yet.

    ``entries`` are in the seed format (``group`` "city"); a service already there, edited by
    staff or not, is left as it is. Returns how many were created.
    """
    from .models import Service

    made = 0
    with translation.override(settings.LANGUAGE_CODE):
        for entry in entries:
            if Service.objects.filter(code=entry["code"]).exists():
                continue
            Service.objects.create(code=entry["code"], **_values(entry))
            made += 1
    return made


def _load(service_model: Any, attribute_model: Any) -> None:
    for entry in SERVICES:
        service, _created = service_model.objects.update_or_create(
            code=entry["code"], defaults=_values(entry)
        )
        for attribute in entry.get("attributes", []):
            defaults: dict[str, Any] = {
                "datatype": attribute["datatype"],
                "required": attribute["required"],
                "order": attribute["order"],
                "values": attribute.get("values", []),
                "variable": True,
            }
            defaults.update(_translated("description", attribute["description"]))
            attribute_model.objects.update_or_create(
                service=service, code=attribute["code"], defaults=defaults
            )
