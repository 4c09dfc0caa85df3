"""A page's Markdown as HTML, with markdown-it-py (CommonMark).

Raw HTML is off: ``<script>`` or ``<b>`` typed by an editor is shown as typed, escaped, so no
sanitiser is needed (decisions/0012). Links are kept; markdown-it refuses ``javascript:``,
``vbscript:``, ``file:`` and non-image ``data:`` addresses. The page's own title is its ``h1``,
so the text's highest heading becomes ``h2`` (whether the editor wrote ``#`` or ``##``) and
the heading order stays right."""

from __future__ import annotations

from functools import cache

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def markdown_html(text: str, *, top: int = 2) -> SafeString:
    """The HTML of ``text`` (Markdown), safe to put in a page; its highest heading becomes
    ``h{top}`` and the others follow it."""
    parser = _parser()
    tokens = parser.parse(text or "")
    headings = [t for t in tokens if t.type in {"heading_open", "heading_close"}]
    if headings:
        offset = top - min(int(t.tag[1]) for t in headings)
        for token in headings:
            token.tag = f"h{max(1, min(int(token.tag[1]) + offset, 6))}"
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open" and str(child.attrGet("href")).startswith("http"):
                child.attrSet("rel", "noopener noreferrer")
    html = parser.renderer.render(tokens, parser.options, {})
    return mark_safe(html)  # noqa: S308 -- markdown-it escapes everything; raw HTML is off
