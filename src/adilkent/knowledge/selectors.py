"""Reads of the knowledge pages: which text to show in a language (the language's own, else
Turkish, else English), the index with each page's languages, the translations still missing,
and the help link of a staff screen."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language, get_language_info, override

from .models import Page, PageText

FALLBACK = ("tr", "en")


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_name(code: str) -> str:
    """The language's name in the active language ("Arabic", "Arapça")."""
    return str(dict(settings.LANGUAGES).get(code, code))


def language_dir(code: str) -> str:
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


def current_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def fallback_order(language: str) -> list[str]:
    """The languages to try for ``language``: itself, then Turkish, then English."""
    order = [language]
    order.extend(code for code in FALLBACK if code not in order)
    return order


def _written(text: PageText | None) -> bool:
    return text is not None and bool(text.body.strip())


@dataclass(frozen=True)
class Shown:
    """The text shown for a page asked for in ``wanted``: ``text`` is in ``text.language``
    (another language when the wanted one is not written), or ``None`` if none is written."""

    page: Page
    wanted: str
    text: PageText | None

    @property
    def language(self) -> str:
        return self.text.language if self.text else self.wanted

    @property
    def fallback(self) -> bool:
        return self.text is not None and self.text.language != self.wanted

    @property
    def title(self) -> str:
        return self.text.title if self.text else self.page.slug

    @property
    def dir(self) -> str:
        return language_dir(self.language)


def _choose(page: Page, texts: dict[str, PageText], wanted: str) -> Shown:
    for code in fallback_order(wanted):
        if _written(texts.get(code)):
            return Shown(page, wanted, texts[code])
    return Shown(page, wanted, None)


def page_find(*, slug: str) -> Page | None:
    return Page.objects.filter(slug=slug).first()


def page_text_shown(*, page: Page, language: str) -> Shown:
    texts = {
        t.language: t
        for t in PageText.objects.filter(page=page, language__in=fallback_order(language))
    }
    return _choose(page, texts, language)


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    lang: str
    dir: str


def page_sources(*, page: Page) -> list[Source]:
    """The page's sources (entries without a title, as the admin might leave, are skipped)."""
    found = []
    for entry in page.sources if isinstance(page.sources, list) else []:
        if not isinstance(entry, dict) or not str(entry.get("title") or "").strip():
            continue
        url = str(entry.get("url") or "")
        lang = str(entry.get("lang") or "")
        found.append(
            Source(
                title=str(entry["title"]).strip(),
                url=url if url.startswith(("https://", "http://")) else "",
                lang=lang,
                dir=language_dir(lang) if lang else "",
            )
        )
    return found


def page_text_of(*, page: Page, language: str) -> PageText | None:
    """The page's own text in ``language`` (no fallback), if any."""
    return PageText.objects.filter(page=page, language=language).first()


@dataclass(frozen=True)
class LanguageState:
    code: str
    name: str
    written: bool
    reviewed: bool


@dataclass(frozen=True)
class Row:
    shown: Shown
    languages: tuple[LanguageState, ...]

    @property
    def page(self) -> Page:
        return self.shown.page


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    rows: tuple[Row, ...]


def pages_overview(*, language: str) -> list[Group]:
    """Every page in its group and order, with its title in ``language`` (or the fallback)
    and, per language of the site, whether its text is written and reviewed."""
    pages = list(Page.objects.prefetch_related("texts"))
    codes = language_codes()
    groups: list[Group] = []
    for key, label in Page.Group.choices:
        rows = []
        for page in (p for p in pages if p.group == key):
            texts = {t.language: t for t in page.texts.all()}
            states = tuple(
                LanguageState(
                    code,
                    language_name(code),
                    _written(texts.get(code)),
                    _written(texts.get(code)) and texts[code].reviewed,
                )
                for code in codes
            )
            rows.append(Row(_choose(page, texts, language), states))
        if rows:
            groups.append(Group(key, str(label), tuple(rows)))
    return groups


def missing_translations(*, groups: list[Group]) -> list[tuple[Row, LanguageState]]:
    """Each (page, language) of the overview without a written text."""
    return [
        (row, state)
        for group in groups
        for row in group.rows
        for state in row.languages
        if not state.written
    ]


@dataclass(frozen=True)
class HelpLink:
    url: str
    title: str
    language: str
    fallback: bool

    @property
    def dir(self) -> str:
        return language_dir(self.language)


def page_link(*, slug: str, language: str) -> HelpLink | None:
    """The link to the page ``slug`` for a reader of ``language``; ``None`` when there is no
    such page or it has no text yet."""
    page = page_find(slug=slug)
    if page is None:
        return None
    shown = page_text_shown(page=page, language=language)
    if shown.text is None:
        return None
    with override(language):
        url = reverse("knowledge:page", args=[page.slug])
    return HelpLink(url, shown.title, shown.language, shown.fallback)
