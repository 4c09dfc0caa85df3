"""``{% load source_tags %}{% source_link text %}``: a source as the reader should see it: a
seed document by its title (or what it is), linked to the sources page, followed by the rest of
the text (a quotation); any other source text as it is."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from adilkent.core.seed_documents import seed_document_split

register = template.Library()


@register.simple_tag
def source_link(text: str, language: str = "") -> SafeString:
    """``language``: what a text that names no seed document is written in, if known."""
    document, rest = seed_document_split(text or "")
    if document is None:
        if language:
            return format_html('<span lang="{}" dir="auto">{}</span>', language, text)
        return format_html('<span dir="auto">{}</span>', text)
    url = f"{reverse('core:sources')}#{document.anchor}"
    if document.title:
        link = format_html(
            '<a href="{}"><cite lang="{}" dir="ltr">{}</cite></a>',
            url,
            document.language,
            document.title,
        )
    else:
        link = format_html('<a href="{}">{}</a>', url, document.about)
    if not rest:
        return link
    quote = rest.strip('“”"')
    if not document.language:  # a document in two languages: the quote's is not known
        return format_html('{} <q dir="auto">{}</q>', link, quote)
    return format_html('{} <q dir="auto" lang="{}">{}</q>', link, document.language, quote)


@register.filter
def seed_language(text: str) -> str:
    """The language of the seed document ``text`` names (``""`` if it names none)."""
    document, _rest = seed_document_split(text or "")
    return document.language if document else ""
