"""The assessment checklists, read from ``data/checklists.yaml`` (an example list, see there)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from adilkent.core.l10n import name_in_language

DATA = Path(__file__).parent / "data" / "checklists.yaml"


@dataclass(frozen=True)
class Item:
    key: str
    names: dict[str, str]
    required: bool

    @property
    def name(self) -> str:
        return name_in_language(self.names)


@dataclass(frozen=True)
class Checklist:
    key: str
    names: dict[str, str]
    items: tuple[Item, ...]

    @property
    def name(self) -> str:
        return name_in_language(self.names)


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return data


@cache
def checklists() -> dict[str, Checklist]:
    data = _data()
    return {
        key: Checklist(
            key,
            spec["name"],
            tuple(
                Item(i["key"], data["items"][i["key"]], bool(i["required"])) for i in spec["items"]
            ),
        )
        for key, spec in data["checklists"].items()
    }


def checklist(key: str) -> Checklist:
    return checklists()[key]


def item_names(key: str) -> dict[str, str]:
    names: dict[str, str] = _data()["items"].get(key, {"en": key})
    return names


def notice() -> str:
    """The example notice (not the municipality's official list), in the reader's language."""
    return name_in_language(_data()["notice"])
