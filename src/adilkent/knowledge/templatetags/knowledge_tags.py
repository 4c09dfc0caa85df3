"""``{% knowledge_link "interpreter" %}``: a small "Help: <page title>" link from a staff screen
to a knowledge page, in the current language (or the page's fallback language, marked with its
own ``lang`` and ``dir``). Renders nothing if the page does not exist or has no text."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from adilkent.knowledge import selectors

register = template.Library()


@register.simple_tag
def knowledge_link(slug: str) -> SafeString | str:
    link = selectors.page_link(slug=slug, language=selectors.current_language())
    if link is None:
        return ""
    if link.fallback:
        title = format_html(
            '<span lang="{}" dir="{}">{}</span>', link.language, link.dir, link.title
        )
    else:
        title = conditional_escape(link.title)
    label = conditional_escape(_("Help: %(title)s")) % {"title": title}
    return format_html(
        '<p class="knowledge-link"><a href="{}">{}</a></p>',
        link.url,
        mark_safe(label),  # noqa: S308 -- the label and the title are both escaped above
    )
