"""The knowledge pages: every one through the cases area's checks and audited; any member of
staff reads, only editors write; a language without its own text falls back to Turkish, then
English, shown in that text's language and direction with a note saying so."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from adilkent.cases.audit import AUDITED_MARK
from adilkent.cases.models import AuditEvent
from adilkent.knowledge import urls
from adilkent.knowledge.models import Page, PageText

from .conftest import signed_in

pytestmark = pytest.mark.django_db


def _only(page: Page, *keep: str) -> None:
    PageText.objects.filter(page=page).exclude(language__in=keep).delete()


def test_every_page_is_audited() -> None:
    assert [p.name for p in urls.urlpatterns if not getattr(p.callback, AUDITED_MARK, False)] == []
    served: list[Any] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif namespace == "knowledge":
                served.append(p)

    walk(get_resolver().url_patterns, "")
    assert len(served) == len(urls.urlpatterns) == 3
    assert all(getattr(p.callback, AUDITED_MARK, False) for p in served)


def test_signed_out_or_without_second_factor_is_sent_away(reader: Any, booklet: Any) -> None:
    page = Client().get("/en/staff/knowledge/")
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    half = Client()
    half.force_login(reader)  # password only
    page = half.get("/en/staff/knowledge/interpreter/")
    assert page.status_code == 302 and "/cases/verify/" in page["Location"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DENIED).count() == 2


def test_the_index_lists_the_pages_by_group_with_their_languages(reader: Any, booklet: Any) -> None:
    page = signed_in(reader).get("/en/staff/knowledge/")
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "Starter text written for adilkent; the directorate's editors keep it up to date." in html
    )
    groups = [
        html.index(h) for h in ("Serving a resident", "Protection", "Rights and equal treatment")
    ]
    assert groups == sorted(groups)
    titles = ["Working with an interpreter", "Consent and personal data", "When a child is at risk"]
    assert [html.index(t) for t in titles] == sorted(html.index(t) for t in titles)
    assert html.count("written, not yet reviewed") == 48
    assert "Missing translations" not in html  # for editors only
    assert "/edit/" not in html
    event = AuditEvent.objects.get(object_type="knowledge pages")
    assert (event.action, event.username) == ("view", "ayse")


def test_a_page_in_its_own_language(reader: Any, booklet: Any) -> None:
    client = signed_in(reader)
    html = client.get("/en/staff/knowledge/interpreter/").content.decode()
    assert '<article class="knowledge-text" lang="en" dir="ltr">' in html
    assert "<h1>Working with an interpreter</h1>" in html
    assert "<h2>Before the conversation</h2>" in html
    assert "knowledge-fallback" not in html
    assert "UNHCR, Self-Study Module 3" in html  # the sources, at the bottom
    assert 'lang="tr" dir="ltr"><a href="https://www.mevzuat.gov.tr/' in html
    assert "Not yet reviewed by the directorate." in html
    arabic = client.get("/ar/staff/knowledge/interpreter/").content.decode()
    assert '<article class="knowledge-text" lang="ar" dir="rtl">' in arabic
    assert "<h1>العمل مع مترجم</h1>" in arabic
    assert "knowledge-fallback" not in arabic


def test_a_missing_language_falls_back_to_turkish_with_a_note(reader: Any, booklet: Any) -> None:
    page = Page.objects.get(slug="referrals")
    _only(page, "tr", "en")
    client = signed_in(reader)
    html = client.get("/ar/staff/knowledge/referrals/").content.decode()
    assert '<article class="knowledge-text" lang="tr" dir="ltr">' in html
    assert "<h1>Mülteci Masasına ve diğer birimlere yönlendirme</h1>" in html
    assert 'id="knowledge-fallback"' in html
    # the note itself is in the reader's language (the page's <html lang="ar" dir="rtl">)
    assert '<html lang="ar" dir="rtl">' in html
    assert "لم تُكتب هذه الصفحة بعد باللغة العربية؛ وهي معروضة باللغة التركية." in html
    _only(page, "en")
    english = client.get("/en/staff/knowledge/referrals/").content.decode()
    assert "knowledge-fallback" not in english
    persian = client.get("/fa/staff/knowledge/referrals/").content.decode()
    assert '<article class="knowledge-text" lang="en" dir="ltr">' in persian
    assert "<h1>Referring to the Refugee Desk and other units</h1>" in persian


def test_the_fallback_note_names_both_languages(reader: Any, booklet: Any) -> None:
    _only(Page.objects.get(slug="interpreter"), "tr")
    html = signed_in(reader).get("/en/staff/knowledge/interpreter/").content.decode()
    assert "This page is not yet written in English; shown in Turkish." in html
    assert '<article class="knowledge-text" lang="tr" dir="ltr">' in html


def test_unknown_page_or_language_is_404(editor: Any, booklet: Any) -> None:
    client = signed_in(editor)
    assert client.get("/en/staff/knowledge/no-such-page/").status_code == 404
    assert client.get("/en/staff/knowledge/interpreter/edit/de/").status_code == 404


def test_a_reader_who_is_no_editor_is_refused_the_edit_page(reader: Any, booklet: Any) -> None:
    client = signed_in(reader)
    url = "/en/staff/knowledge/interpreter/edit/ar/"
    assert client.get(url).status_code == 403
    text = PageText.objects.get(page__slug="interpreter", language="ar")
    answer = client.post(url, {"title": "x", "body": "y", "revision": text.revision})
    assert answer.status_code == 403
    assert PageText.objects.get(pk=text.pk).body == text.body
    refused = AuditEvent.objects.filter(
        action=AuditEvent.Action.DENIED, object_type="knowledge page text"
    )
    assert refused.count() == 2
    assert refused.first().reason == "not a knowledge editor"


def test_an_editor_writes_a_text_beside_the_turkish_one(editor: Any, booklet: Any) -> None:
    client = signed_in(editor)
    url = "/en/staff/knowledge/referrals/edit/ar/"
    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'lang="ar" dir="rtl"' in html  # the fields are typed right to left
    assert '<div lang="tr" dir="ltr">' in html
    assert "<h3>Mülteci Masasına ve diğer birimlere yönlendirme</h3>" in html
    text = PageText.objects.get(page__slug="referrals", language="ar")
    answer = client.post(
        url,
        {"title": "الإحالة", "body": "## قبل\n\nنص جديد.", "reviewed": "on",
         "revision": text.revision},
    )  # fmt: skip
    assert answer.status_code == 302 and answer["Location"] == "/en/staff/knowledge/"
    saved = PageText.objects.get(pk=text.pk)
    assert (saved.title, saved.body, saved.reviewed) == ("الإحالة", "## قبل\n\nنص جديد.", True)
    assert saved.updated_by == editor and saved.revision == text.revision + 1
    assert saved.updated_at > text.updated_at
    assert saved.history.count() == 2  # the starter text is kept in the history
    assert AuditEvent.objects.filter(
        action="update", object_type="knowledge page text", object_id="referrals"
    ).exists()
    index = client.get("/en/staff/knowledge/").content.decode()
    assert index.count("written, not yet reviewed") == 47
    assert "The Arabic text of this page is saved." in index


def test_an_editor_writes_a_missing_language(editor: Any, booklet: Any) -> None:
    page = Page.objects.get(slug="child-protection")
    _only(page, "tr", "en", "ar", "fa", "ru")
    client = signed_in(editor)
    index = client.get("/en/staff/knowledge/").content.decode()
    assert "Missing translations" in index
    assert 'href="/en/staff/knowledge/child-protection/edit/uk/">Write in Ukrainian</a>' in index
    answer = client.post(
        "/en/staff/knowledge/child-protection/edit/uk/",
        {"title": "Коли дитина в небезпеці", "body": "Текст.", "revision": ""},
    )
    assert answer.status_code == 302
    assert PageText.objects.get(page=page, language="uk").revision == 1
    assert (
        "Every page is written in every language."
        in client.get("/en/staff/knowledge/").content.decode()
    )


def test_an_empty_text_is_refused_with_what_was_typed(editor: Any, booklet: Any) -> None:
    text = PageText.objects.get(page__slug="referrals", language="ru")
    answer = signed_in(editor).post(
        "/en/staff/knowledge/referrals/edit/ru/",
        {"title": "Новый заголовок", "body": "   ", "revision": text.revision},
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "This field is required." in html or "Write the page" in html
    assert 'value="Новый заголовок"' in html
    assert PageText.objects.get(pk=text.pk).title == text.title


def test_two_editors_at_once_nobody_is_overwritten_unseen(editor: Any, booklet: Any) -> None:
    from .conftest import make_staff

    other = signed_in(make_staff("deniz", editor=True))
    client = signed_in(editor)
    url = "/en/staff/knowledge/interpreter/edit/tr/"
    text = PageText.objects.get(page__slug="interpreter", language="tr")
    assert (
        other.post(
            url, {"title": "Deniz", "body": "Deniz'in metni.", "revision": text.revision}
        ).status_code
        == 302
    )
    late = client.post(url, {"title": "Elif", "body": "Elif'in metni.", "revision": text.revision})
    assert late.status_code == 400
    html = late.content.decode()
    assert "Someone else saved this text while you were editing it." in html
    assert "<p>Deniz'in metni.</p>" in html  # their version, shown beside
    assert "Elif&#x27;in metni." in html  # and what was typed, kept in the form
    assert PageText.objects.get(pk=text.pk).body == "Deniz'in metni."
    # the form now carries the current revision: saving again replaces it, knowingly
    again = client.post(
        url, {"title": "Elif", "body": "Elif'in metni.", "revision": text.revision + 1}
    )
    assert again.status_code == 302
    assert PageText.objects.get(pk=text.pk).body == "Elif'in metni."
