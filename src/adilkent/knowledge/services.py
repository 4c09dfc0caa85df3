"""Writes of the knowledge pages: loading the starter booklet, saving a page's text, giving and
taking the editor's role. Keyword-only functions; bad input raises :class:`KnowledgeInvalid`
with the messages per field (nothing is written then)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .booklet import SeedPage, SeedText
from .models import KnowledgeEditor, Page, PageText

MAX_TITLE = 200
MAX_BODY = 30_000


class KnowledgeInvalid(Exception):
    """Bad input: ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def text_hash(*, title: str, body: str) -> str:
    """The hash that tells whether a text is still exactly as a seed loaded it."""
    return hashlib.sha256(f"{title}\n\x00\n{body}".encode()).hexdigest()


# --- the starter booklet ------------------------------------------------------------------------


@dataclass
class LoadReport:
    pages_created: int = 0
    texts_created: int = 0
    texts_refreshed: int = 0
    texts_unchanged: int = 0
    texts_kept_edited: int = 0


def _seed_text(page: Page, seed: SeedText, report: LoadReport) -> None:
    digest = text_hash(title=seed.title, body=seed.body)
    text = PageText.objects.select_for_update().filter(page=page, language=seed.language).first()
    if text is None:
        PageText.objects.create(
            page=page, language=seed.language, title=seed.title, body=seed.body,
            seed_hash=digest,
        )  # fmt: skip
        report.texts_created += 1
        return
    if text.seed_hash == digest:
        report.texts_unchanged += 1
        return
    untouched = (
        text.updated_by_id is None
        and bool(text.seed_hash)
        and text_hash(title=text.title, body=text.body) == text.seed_hash
    )
    if not untouched:
        # an editor wrote or changed this text: theirs stays
        report.texts_kept_edited += 1
        return
    text.title, text.body, text.seed_hash = seed.title, seed.body, digest
    text.revision += 1
    text.reviewed = False
    text.updated_at = timezone.now()
    text.save()
    report.texts_refreshed += 1


@transaction.atomic
def booklet_load(*, pages: Sequence[SeedPage]) -> LoadReport:
    """Create the pages and texts that are missing; refresh a text only while it is still the
    starter text exactly as loaded and no editor has saved it; never touch an edited text.
    A page's group, order, ``used_in`` and sources follow the file."""
    report = LoadReport()
    for seed in pages:
        page, created = Page.objects.update_or_create(
            slug=seed.slug,
            defaults={
                "group": seed.group,
                "order": seed.order,
                "used_in": seed.used_in,
                "sources": list(seed.sources),
            },
        )
        report.pages_created += int(created)
        for text in seed.texts:
            _seed_text(page, text, report)
    return report


# --- editing ------------------------------------------------------------------------------------


def _language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@transaction.atomic
def page_text_save(
    *,
    page: Page,
    language: str,
    title: str,
    body: str,
    reviewed: bool,
    editor: Any,
    revision: int | None,
) -> PageText:
    """Write ``page``'s text in ``language`` as ``editor``. ``revision`` is the revision the
    editor started from (``None``: there was no text yet); if someone saved in between, the
    save is refused so that nobody's work is overwritten unseen."""
    errors: dict[str, list[str]] = {}
    if not permissions.edits(editor):
        errors.setdefault("__all__", []).append(_("Only the knowledge pages' editors can do this."))
    if language not in _language_codes():
        errors.setdefault("__all__", []).append(_("This language is not one of the site's."))
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        errors.setdefault("title", []).append(_("Write the page's title."))
    elif len(title) > MAX_TITLE:
        errors.setdefault("title", []).append(
            _("The title is too long: at most %(n)d characters.") % {"n": MAX_TITLE}
        )
    if not body:
        errors.setdefault("body", []).append(_("Write the page's text."))
    elif len(body) > MAX_BODY:
        errors.setdefault("body", []).append(
            _("The text is too long: at most %(n)d characters.") % {"n": MAX_BODY}
        )
    text = PageText.objects.select_for_update().filter(page=page, language=language).first()
    current = text.revision if text else None
    if not errors and current != revision:
        errors["__all__"] = [
            _(
                "Someone else saved this text while you were editing it. Their version is "
                "shown beside your form; save again to replace it with yours."
            )
        ]
    if errors:
        raise KnowledgeInvalid(errors)
    if text is None:
        text = PageText(page=page, language=language, revision=0)
    text.title, text.body, text.reviewed = title, body, bool(reviewed)
    text.revision += 1
    text.updated_at = timezone.now()
    text.updated_by = editor
    text.save()
    return text


# --- the editor's role --------------------------------------------------------------------------


def knowledge_editor_grant(*, user: Any) -> KnowledgeEditor:
    editor, _created = KnowledgeEditor.objects.get_or_create(user=user)
    return editor


def knowledge_editor_remove(*, user: Any) -> int:
    removed, _by_model = KnowledgeEditor.objects.filter(user=user).delete()
    return removed
