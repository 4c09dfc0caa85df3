"""The starter booklet and ``load_knowledge``: eight pages in all six languages, loaded again
at will without changing what an editor wrote; a starter text nobody touched follows a newer
file."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from adilkent.knowledge import services
from adilkent.knowledge.booklet import BookletInvalid, booklet_read
from adilkent.knowledge.models import Page, PageText

pytestmark = pytest.mark.django_db

SLUGS = {
    "interpreter",
    "consent-and-data",
    "referrals",
    "child-protection",
    "gender-based-violence",
    "accessible-service",
    "legal-status-basics",
    "discrimination-and-hate-speech",
}
LANGUAGES = {code for code, _name in settings.LANGUAGES}


def load() -> str:
    out = io.StringIO()
    call_command("load_knowledge", stdout=out)
    return out.getvalue()


def test_the_file_has_the_eight_pages_in_six_languages_with_sources() -> None:
    pages = booklet_read()
    assert {p.slug for p in pages} == SLUGS
    for page in pages:
        assert {t.language for t in page.texts} == LANGUAGES == {"tr", "en", "ar", "fa", "ru", "uk"}
        assert page.sources, page.slug
        for text in page.texts:
            words = len(re.findall(r"[^\s#*-]+", text.body))
            assert 150 <= words <= 300, (page.slug, text.language, words)


def test_no_telephone_number_but_112() -> None:
    for page in booklet_read():
        for text in page.texts:
            numbers = {str(int(n)) for n in re.findall(r"\b(1\d\d)\b", text.body)}
            assert numbers <= {"112"}, (page.slug, text.language, numbers)


def test_load_knowledge_creates_8_pages_times_6_languages() -> None:
    out = load()
    assert Page.objects.count() == 8
    assert PageText.objects.count() == 48
    for page in Page.objects.all():
        assert set(page.texts.values_list("language", flat=True)) == LANGUAGES
    assert "8 created" in out and "48 created" in out
    interpreter = PageText.objects.get(page__slug="interpreter", language="en")
    assert interpreter.title == "Working with an interpreter"
    assert interpreter.updated_by is None
    assert interpreter.reviewed is False  # starter text, not reviewed by the directorate


def test_loading_again_changes_nothing() -> None:
    load()
    before = {t.pk: (t.title, t.body, t.revision, t.updated_at) for t in PageText.objects.all()}
    out = load()
    after = {t.pk: (t.title, t.body, t.revision, t.updated_at) for t in PageText.objects.all()}
    assert after == before
    assert "0 created" in out and "48 unchanged" in out


def test_loading_again_never_overwrites_an_editors_text(editor: object) -> None:
    load()
    page = Page.objects.get(slug="referrals")
    text = PageText.objects.get(page=page, language="ar")
    services.page_text_save(
        page=page, language="ar", title="عنوان المحرر", body="نص كتبه المحرر.",
        reviewed=True, editor=editor, revision=text.revision,
    )  # fmt: skip
    # and a newer file with a different Arabic text for the same page
    pages = [
        replace(p, texts=tuple(replace(t, body=t.body + "\n\nمزيد.") for t in p.texts))
        if p.slug == "referrals"
        else p
        for p in booklet_read()
    ]
    report = services.booklet_load(pages=pages)
    text.refresh_from_db()
    assert (text.title, text.body, text.reviewed) == ("عنوان المحرر", "نص كتبه المحرر.", True)
    assert report.texts_kept_edited == 1
    # the other languages of the page were untouched starter texts: they follow the file
    assert report.texts_refreshed == 5
    assert PageText.objects.get(page=page, language="tr").body.endswith("مزيد.")


def test_a_text_changed_outside_the_editor_form_is_kept_too() -> None:
    load()
    text = PageText.objects.get(page__slug="interpreter", language="ru")
    PageText.objects.filter(pk=text.pk).update(body="Исправлено вручную.")
    pages = [
        replace(p, texts=tuple(replace(t, body=t.body + " +") for t in p.texts))
        for p in booklet_read()
    ]
    report = services.booklet_load(pages=pages)
    text.refresh_from_db()
    assert text.body == "Исправлено вручную."
    assert report.texts_kept_edited == 1
    assert report.texts_refreshed == 47


def test_a_page_missing_from_the_database_is_created_again() -> None:
    load()
    Page.objects.filter(slug="child-protection").delete()
    out = load()
    assert Page.objects.filter(slug="child-protection").exists()
    assert "1 created" in out and "6 created" in out


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "booklet.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_file_is_refused_with_where_and_why(tmp_path: Path) -> None:
    unknown = _write(
        tmp_path,
        "pages:\n  - slug: x\n    group: practice\n    order: 1\n"
        "    texts:\n      de: {title: T, body: B}\n",
    )
    with pytest.raises(BookletInvalid, match=r"page 'x'.*\['de'\]"):
        booklet_read(unknown)
    empty_body = _write(
        tmp_path,
        "pages:\n  - slug: x\n    group: practice\n    order: 1\n"
        "    texts:\n      tr: {title: T, body: ''}\n",
    )
    with pytest.raises(CommandError, match=r"page 'x' \[tr\]: body"):
        call_command("load_knowledge", file=empty_body, stdout=io.StringIO())
    assert not Page.objects.exists()
    bad_group = _write(tmp_path, "pages:\n  - {slug: x, group: other, order: 1, texts: {}}\n")
    with pytest.raises(BookletInvalid, match="group must be one of"):
        booklet_read(bad_group)
    plain_http = _write(
        tmp_path,
        "pages:\n  - slug: x\n    group: practice\n    order: 1\n"
        "    sources: [{title: S, url: 'http://example.org'}]\n"
        "    texts:\n      tr: {title: T, body: B}\n",
    )
    with pytest.raises(BookletInvalid, match="https://"):
        booklet_read(plain_http)


def test_knowledge_editor_command_gives_and_takes_the_role(reader: object) -> None:
    from adilkent.knowledge import permissions

    out = io.StringIO()
    call_command("knowledge_editor", "ayse", stdout=out)
    assert permissions.edits(reader)
    assert "ayse is a knowledge editor" in out.getvalue()
    call_command("knowledge_editor", "ayse", stdout=out)  # twice is fine
    call_command("knowledge_editor", "ayse", "--remove", stdout=out)
    assert not permissions.edits(reader)
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        call_command("knowledge_editor", "nobody", stdout=out)
