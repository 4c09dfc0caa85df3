"""HİM's service map (``intake/data/service_map.yaml``): the city matters residents write about
beyond the directorate's own services, the unit that answers each and its time to answer.

Reading and checking the file needs no database; ``manage.py load_units`` writes what it holds
(guide services of group "city", units, one city-wide routing rule per service).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data" / "service_map.yaml"
LANGUAGES = ("tr", "en", "ar", "fa", "ru", "uk")
TEXT_FIELDS = ("name", "summary", "keywords")
ORDER_FROM = 200
"""City services come after the directorate's own in the guide (whose orders are below 100)."""


class ServiceMapError(ValueError):
    """The map file is not what ``load_units`` can load; the message says where and why."""


@dataclass(frozen=True)
class MapUnit:
    code: str
    name: str
    source: str
    to_confirm: bool


@dataclass(frozen=True)
class ServiceMap:
    units: list[MapUnit]
    services: list[dict[str, Any]]
    """Guide entries in the seed format of ``guide.seed_data`` plus ``unit`` (a unit code)."""
    sla_days: int
    sla_source: str


def _source_text(source: dict[str, Any]) -> str:
    if "law" in source:
        return str(source["law"])
    if "data" in source:
        note = str(source.get("note") or "open data")
        return f"{note} ({source['data']})"
    if "seed" in source:
        return f"{source['seed']}: “{source['quote']}”"
    raise ServiceMapError("a unit's source needs one of law, data or seed")


def _texts(item: dict[str, Any], field: str, where: str) -> dict[str, str]:
    texts = item.get(field)
    if not isinstance(texts, dict):
        raise ServiceMapError(f"{where}: {field} is missing")
    missing = [lang for lang in LANGUAGES if not str(texts.get(lang) or "").strip()]
    if missing:
        raise ServiceMapError(f"{where}: {field} has no text in {', '.join(missing)}")
    return {lang: str(texts[lang]).strip() for lang in LANGUAGES}


def service_map_read(*, path: Path = DATA) -> ServiceMap:
    """The map in ``path``, checked: every service names a unit of the file and has its texts
    in the six languages; raises :class:`ServiceMapError` naming the first problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ServiceMapError(f"{path.name} is not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise ServiceMapError(f"{path.name}: expected units, services, sla and how_to_apply")
    try:
        sla_days, sla_source = int(data["sla"]["days"]), str(data["sla"]["source"])
    except (KeyError, TypeError, ValueError) as error:
        raise ServiceMapError(f"{path.name}: sla needs days (a number) and source") from error
    units: list[MapUnit] = []
    for item in data.get("units") or []:
        source = item.get("source") or {}
        units.append(
            MapUnit(
                code=str(item["code"]),
                name=str(item["name"]),
                source=_source_text(source),
                to_confirm=bool(source.get("to_confirm", False)),
            )
        )
    by_code = {unit.code: unit for unit in units}
    how_to_apply = _texts(data, "how_to_apply", path.name)
    services: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, item in enumerate(data.get("services") or [], start=1):
        code = str(item.get("code") or "")
        where = f"{path.name}: service {code or number}"
        if not code or code in seen:
            raise ServiceMapError(f"{where}: a service needs a code of its own")
        seen.add(code)
        unit = by_code.get(str(item.get("unit")))
        if unit is None:
            raise ServiceMapError(f"{where}: unit {item.get('unit')!r} is not among the units")
        entry: dict[str, Any] = {
            "code": code,
            "group": "city",
            "order": ORDER_FROM + number,
            "channels": list(item.get("channels") or ["online"]),
            "sla_days": int(item.get("sla_days") or sla_days),
            "source_file": unit.source[:200],
            "source_note": f"{unit.name}; {sla_source}"[:300],
            "responsible_unit": dict.fromkeys(LANGUAGES, unit.name),
            "how_to_apply": how_to_apply,
            "unit": unit.code,
        }
        for field in TEXT_FIELDS:
            entry[field] = _texts(item, field, where)
        services.append(entry)
    return ServiceMap(units=units, services=services, sla_days=sla_days, sla_source=sla_source)
