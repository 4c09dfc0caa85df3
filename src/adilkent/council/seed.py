"""The City Council and its bodies as the seed documents name them (``data/council.yaml``),
loaded idempotently: a body is found by its short name and its names, purpose, parent,
programme, age limits and source are brought up to date; nothing else is touched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from adilkent.programmes.models import Programme

from .models import Body

DATA = Path(__file__).parent / "data" / "council.yaml"


def _save(spec: dict[str, Any], kind: str, parent: Body | None, order: int, source: str) -> Body:
    programme_slug = spec.get("programme") or (
        parent.programme.slug if parent is not None and parent.programme is not None else ""
    )
    body, _created = Body.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "kind": kind,
            "parent": parent,
            "name": spec["name"],
            "purpose": spec.get("purpose", {}),
            "programme": Programme.objects.filter(slug=programme_slug).first(),
            "min_age": spec.get("min_age"),
            "max_age": spec.get("max_age", parent.max_age if parent is not None else None),
            "source": spec.get("source", source)[:300],
            "order": order,
        },
    )
    return body


@transaction.atomic
def load_council(path: Path = DATA) -> list[Body]:
    """Create or update the bodies of ``path``; returns them, parents first."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    loaded: list[Body] = []
    by_slug: dict[str, Body] = {}
    for n, spec in enumerate(data["bodies"]):
        parent = (
            by_slug.get(spec.get("parent", ""))
            or Body.objects.filter(slug=spec.get("parent", "")).first()
        )
        body = _save(spec, spec["kind"], parent, n * 100, spec.get("source", ""))
        by_slug[body.slug] = body
        loaded.append(body)
        for kind, key in ((Body.Kind.WORKING_GROUP, "working_groups"),
                          (Body.Kind.COMMITTEE, "committees")):  # fmt: skip
            for m, child in enumerate(spec.get(key, []), 1):
                loaded.append(_save(child, kind, body, n * 100 + m, body.source))
    return loaded
