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


def service_translation_update(
    *,
    service: Any,
    language: str,
    texts: dict[str, str],
    attribute_texts: dict[int, dict[str, str]] | None = None,
    option_names: dict[int, dict[int, str]] | None = None,
) -> None:
    """Write the ``language`` texts of ``service`` and of its questions, and nothing else.

    ``texts`` maps translated fields of the service (``name``, ``summary``…) to their text;
    ``attribute_texts`` maps a question's id to its ``description``/``datatype_description``;
    ``option_names`` maps a question's id to {position of the answer option: its name}. An
    empty text removes the language's own text (readers then see the fallback). Only the
    ``<field>_<language>`` columns and ``names[language]`` of the options are changed, under
    a row lock, so editors of other languages working at the same time keep their texts;
    ``Service.save`` refreshes the search text.
    """
    from django.db import transaction

    from .models import TRANSLATED_FIELDS, Service, ServiceAttribute

    if language not in _languages():
        raise ValueError(f"unknown language {language!r}")
    unknown = set(texts) - set(TRANSLATED_FIELDS)
    if unknown:
        raise ValueError(f"not translated fields: {sorted(unknown)}")
    attribute_texts = attribute_texts or {}
    option_names = option_names or {}
    with transaction.atomic():
        locked = Service.objects.select_for_update().get(pk=service.pk)
        attributes = {
            a.pk: a
            for a in ServiceAttribute.objects.select_for_update().filter(
                service=locked, pk__in=set(attribute_texts) | set(option_names)
            )
        }
        missing = (set(attribute_texts) | set(option_names)) - set(attributes)
        if missing:
            raise ValueError(f"questions not of this service: {sorted(missing)}")
        columns = [f"{field}_{language}" for field in texts]
        for field, text in texts.items():
            setattr(locked, f"{field}_{language}", text.strip())
        locked.save(update_fields=[*columns, "search_text"])
        for pk, attribute in attributes.items():
            changed = []
            for field, text in attribute_texts.get(pk, {}).items():
                if field not in ("description", "datatype_description"):
                    raise ValueError(f"not a translated field of a question: {field!r}")
                setattr(attribute, f"{field}_{language}", text.strip())
                changed.append(f"{field}_{language}")
            names = option_names.get(pk, {})
            if names:
                values = [dict(v) if isinstance(v, dict) else v for v in attribute.values]
                for index, text in names.items():
                    if not (0 <= index < len(values)) or not isinstance(values[index], dict):
                        raise ValueError(f"no answer option {index} in {attribute}")
                    own = dict(values[index].get("names") or {})
                    if text.strip():
                        own[language] = text.strip()
                    else:
                        own.pop(language, None)
                    values[index]["names"] = own
                attribute.values = values
                changed.append("values")
            if changed:
                attribute.save(update_fields=changed)
    service.refresh_from_db()
