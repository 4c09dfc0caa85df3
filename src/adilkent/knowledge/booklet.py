"""The starter booklet in ``data/booklet.yaml``, read and checked.

It is text written for adilkent as a starting point, not the municipality's own booklet; the
directorate's editors change it on the pages. Each page has a slug, a group, an order, the
staff screens that link to it (``used_in``), its sources, and a title and a Markdown body per
language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from .models import Page

DATA = Path(__file__).parent / "data" / "booklet.yaml"


class BookletInvalid(ValueError):
    """The booklet file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class SeedText:
    language: str
    title: str
    body: str


@dataclass(frozen=True)
class SeedPage:
    slug: str
    group: str
    order: int
    used_in: str
    sources: tuple[dict[str, str], ...]
    texts: tuple[SeedText, ...]


def _text(where: str, value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BookletInvalid(f"{where}: {name} must be a non-empty text")
    return value.strip()


def _source(where: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise BookletInvalid(f"{where}: a source must have a title (and may have url, lang)")
    found = {"title": _text(where, value.get("title"), "the source's title")}
    url = value.get("url")
    if url is not None:
        if not isinstance(url, str) or not url.startswith("https://"):
            raise BookletInvalid(f"{where}: a source's url must start with https://")
        found["url"] = url
    if value.get("lang") is not None:
        found["lang"] = _text(where, value.get("lang"), "the source's lang")
    return found


def _page(n: int, spec: Any, languages: set[str]) -> SeedPage:
    if not isinstance(spec, dict):
        raise BookletInvalid(f"page {n}: not a mapping")
    slug = _text(f"page {n}", spec.get("slug"), "slug")
    where = f"page {slug!r}"
    group = spec.get("group")
    if group not in Page.Group.values:
        raise BookletInvalid(f"{where}: group must be one of {', '.join(Page.Group.values)}")
    order = spec.get("order")
    if not isinstance(order, int) or order < 0:
        raise BookletInvalid(f"{where}: order must be a whole number, 0 or more")
    texts = spec.get("texts")
    if not isinstance(texts, dict) or not texts:
        raise BookletInvalid(f"{where}: texts must give a title and body per language")
    unknown = set(texts) - languages
    if unknown:
        raise BookletInvalid(f"{where}: languages not in settings.LANGUAGES: {sorted(unknown)}")
    return SeedPage(
        slug=slug,
        group=str(group),
        order=order,
        used_in=str(spec.get("used_in") or "").strip(),
        sources=tuple(_source(where, s) for s in spec.get("sources") or ()),
        texts=tuple(
            SeedText(
                language=code,
                title=_text(f"{where} [{code}]", text.get("title"), "title"),
                body=_text(f"{where} [{code}]", text.get("body"), "body"),
            )
            for code, text in texts.items()
        ),
    )


def booklet_read(path: Path = DATA) -> list[SeedPage]:
    """The pages of the booklet file at ``path``; ``BookletInvalid`` names the first fault."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise BookletInvalid(f"{path}: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("pages"), list):
        raise BookletInvalid(f"{path}: expected a mapping with a list of pages")
    languages = {code for code, _name in settings.LANGUAGES}
    pages = [_page(n, spec, languages) for n, spec in enumerate(data["pages"], start=1)]
    slugs = [p.slug for p in pages]
    repeated = sorted({s for s in slugs if slugs.count(s) > 1})
    if repeated:
        raise BookletInvalid(f"{path}: slugs used twice: {repeated}")
    return pages
