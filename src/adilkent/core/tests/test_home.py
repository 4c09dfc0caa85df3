"""The home page leads with what residents come to do, in every language and in plain Turkish;
the navigation folds into disclosures that work without JavaScript."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import resolve, reverse
from django.utils import translation

from adilkent.readability import EASY, atesman

LANGUAGES = [code for code, _name in settings.LANGUAGES]

# The tasks in the order the page offers them (link text, then where it leads).
TASK_LINKS = [
    ("report", "Report a problem or make a request", ("intake:new", ())),
    ("help", "Get help in your language", ("guide:detail", ("refugee-desk",))),
    ("follow", "Follow my request", ("intake:track", ())),
    ("near", "Find a service near me", ("guide:list", ())),
]
MOBILE_LINKS = [
    ("Milk for children (Süt Kuzusu)", ("planner:service", ("milk",))),
    ("Mobile library", ("planner:service", ("library",))),
    ("Legal aid vehicle", ("legalaid:schedule", ())),
]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


# --- a small HTML tree, enough to find elements by tag and class ----------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join(" ".join(parts).split())

    def walk(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def find_all(self, test: Callable[[Node], bool]) -> list[Node]:
        return [node for node in self.walk() if test(node)]

    def one(self, test: Callable[[Node], bool]) -> Node:
        found = self.find_all(test)
        assert len(found) == 1, f"expected one element, found {len(found)}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    return builder.root


def with_class(name: str, tag: str | None = None) -> Callable[[Node], bool]:
    return lambda node: name in node.classes and (tag is None or node.tag == tag)


def home(client: Client, language: str) -> Node:
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    return parse(response.content.decode())


# --- the tasks ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_leads_with_the_residents_tasks(client: Client, language: str) -> None:
    page = home(client, language)
    main = page.one(lambda n: n.tag == "main")
    headings = [n.attrs.get("id") for n in main.find_all(lambda n: n.tag == "h2")]
    assert headings[:2] == ["tasks-title", "summary-title"], "the tasks come before the figures"

    tasks = main.one(with_class("tasks", "section"))
    links = tasks.find_all(with_class("task__link", "a"))
    with translation.override(language):
        expected = [(key, translation.gettext(name)) for key, name, _url in TASK_LINKS]
        mobile = [translation.gettext(name) for name, _url in MOBILE_LINKS]
        urls = [reverse(name, args=args) for _k, _n, (name, args) in TASK_LINKS]
        if language != "en":
            assert all(
                text != name for (_k, text), (_, name, _u) in zip(expected, TASK_LINKS, strict=True)
            )
    assert [(a.attrs["data-task"], a.text) for a in links] == expected
    assert [a.attrs["href"] for a in links] == urls
    assert all(url.startswith(f"/{language}/") for url in urls)
    mobile_list = tasks.one(lambda n: n.attrs.get("data-task") == "mobile")
    assert [a.text for a in mobile_list.find_all(lambda n: n.tag == "a")] == mobile
    # The icons are decoration: hidden from assistive technology.
    icons = tasks.find_all(lambda n: n.tag == "svg")
    assert len(icons) == 5 and all(svg.attrs.get("aria-hidden") == "true" for svg in icons)


def test_every_task_link_opens_a_page(client: Client) -> None:
    tasks = home(client, "ar").one(with_class("tasks", "section"))
    hrefs = [a.attrs["href"] for a in tasks.find_all(lambda n: n.tag == "a")]
    with translation.override("ar"):
        expected = [reverse(name, args=args) for _k, _n, (name, args) in TASK_LINKS]
        expected += [reverse(name, args=args) for _n, (name, args) in MOBILE_LINKS]
    assert set(expected) <= set(hrefs)
    for href in hrefs:
        assert href.startswith("/ar/")
        resolve(href)
        assert client.get(href).status_code == 200, href


def test_the_report_task_opens_the_request_form(client: Client) -> None:
    tasks = home(client, "ar").one(with_class("tasks", "section"))
    report = tasks.one(lambda n: n.attrs.get("data-task") == "report")
    form = parse(client.get(report.attrs["href"]).content.decode())
    assert form.find_all(with_class("intake-form", "form"))


# --- the navigation -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/ar/", "/tr/places/"])
def test_navigation_folds_into_closed_disclosures(client: Client, path: str) -> None:
    response = client.get(path)
    page = parse(response.content.decode())
    language = path.split("/")[1]
    body = page.one(lambda n: n.tag == "body")
    skip = body.find_all(lambda n: n.tag == "a")[0]
    assert skip.attrs["href"] == "#main" and "skip-link" in skip.classes
    assert page.one(lambda n: n.tag == "main").attrs["id"] == "main"

    menu = page.one(with_class("site-menu--nav", "details"))
    languages = page.one(with_class("site-menu--language", "details"))
    for disclosure in (menu, languages):
        assert "open" not in disclosure.attrs, "closed until the resident opens it"
        assert disclosure.find_all(lambda n: n.tag == "summary")
    with translation.override(language):
        assert menu.one(lambda n: n.tag == "summary").text == translation.gettext("Menu")
        main_name = translation.gettext("Main")
    nav = menu.one(lambda n: n.tag == "nav")
    assert nav.attrs["aria-label"] == main_name
    assert len(nav.find_all(lambda n: n.tag == "a")) >= 8
    # The language toggle names the current language in that language.
    summary = languages.one(lambda n: n.tag == "summary")
    current = summary.one(lambda n: n.attrs.get("lang") == language)
    assert current.text == {"ar": "العربيّة", "tr": "Türkçe"}[language]
    assert len(languages.find_all(lambda n: n.attrs.get("name") == "language")) == len(LANGUAGES)


# --- plain Turkish --------------------------------------------------------------------------


def _as_sentences(texts: list[str]) -> str:
    return " ".join(t if t[-1] in ".!?…" else t + "." for t in texts)


def test_the_home_pages_turkish_is_easy_to_read(client: Client) -> None:
    """Ateşman's score is at least 70 ("easy") for the introduction, for every sentence that
    explains a task, and for each task as a resident reads it (its link or title, its note and
    its further links, each a sentence)."""
    page = home(client, "tr")
    intro = page.one(with_class("home-intro")).text
    tasks = page.find_all(with_class("task", "li"))
    assert len(tasks) == 5
    scored = {intro: atesman(intro)}
    for task in tasks:
        notes = [n.text for n in task.find_all(with_class("task__note"))]
        scored.update({note: atesman(note) for note in notes})
        parts = [n.text for n in task.find_all(lambda n: n.tag in {"a", "h3"} or n.tag == "p")]
        passage = _as_sentences(list(dict.fromkeys(parts)))
        scored[passage] = atesman(passage)
    hard = {text: round(score, 1) for text, score in scored.items() if score < EASY}
    assert not hard, f"Turkish texts below {EASY} (Ateşman): {hard}"
    assert "Sorun bildirin" in _as_sentences(list(scored)), "the page is in Turkish"
