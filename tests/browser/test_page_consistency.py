"""Every public page is written in its reader's language, with one digit system and one date
order.

The public pages are walked in the six languages, each in a browser whose own locale is the
page's language (so a script that asked the browser for its default digits would show them).
After the page's scripts have run, the visible text (``document.body.innerText``) must:

- use one digit system: Latin (0-9), Arabic-Indic (U+0660-U+0669) or Persian (U+06F0-U+06F9),
  never two (decision 0016 chooses Latin in all six languages);
- write its dates in one order: not a day before its month in one place and after it in
  another ("6 March 2026" beside "March 6, 2026", "25.03.2026" beside "03/25/2026"), and not a
  year before its month in one place and after it in another ("March 2022" beside
  "2022 March");
- hold no text in another language that is not marked with its ``lang``: on the Arabic,
  Persian, Russian and Ukrainian pages no word in Latin letters, on the Turkish page no English
  sentence, on the English page no Turkish sentence (told by their small words). Proper names
  are allowed: the names of the places, facilities and stops of the served data, acronyms, and
  anything inside ``translate="no"`` (codes, the names of organisations and sources).

The pages come from the URL confs (``adilkent/urls.py`` and each app's ``urls.py``): every
public page that needs no id, and the pages whose id is read from the first links of a list
page of the demo data. Staff pages (behind a login) are not walked.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pytest
from babel import Locale

from adilkent.text import fold

from .conftest import PageSession, ServedDatabase
from .staff import shell

pytestmark = pytest.mark.browser

LANGUAGES = ["tr", "en", "ar", "fa", "ru", "uk"]
BROWSER_LOCALE = {
    "tr": "tr-TR",
    "en": "en-GB",
    "ar": "ar-EG",
    "fa": "fa-IR",
    "ru": "ru-RU",
    "uk": "uk-UA",
}

# Public pages that need no id (paths after /<language>/), in the order of the URL confs.
PAGES = [
    "",  # core: home
    "sources/",  # core: the documents the services and programmes are written from
    "places/",  # the places explorer and its map
    "access/",
    "access/siting/",
    "plans/",
    "programmes/",
    "programmes/coverage/",
    "programmes/checklists/",
    "programmes/action-plan/",
    "programmes/open-data/",
    "services/",
    "requests/",
    "requests/track/",
    "legal-aid/",
    "legal-aid/cancel/",
    "enrolment/",
    "enrolment/status/",
    "courses/",
    "employment/funnel/",
    "report/",
    "report/follow/",
    "calls/",
    "calls/follow/",
    "calls/grants/",
    "calls/volunteers/figures/",
    "council/",
    "council/recommendations/",
    "red-flag/",
    "red-flag/step-free/",
    "surveys/",
    "accounts/login/",
]

# Pages with an id: (the page whose links name them, the link's path, how many to open).
LINKED = [
    (r"places/", r"places/(?!geo/)[a-z0-9-]+/", 1),
    (r"places/[a-z0-9-]+/", r"places/[a-z0-9-]+/[a-z0-9-]+/", 1),
    (r"access/", r"access/\d+/", 1),
    (r"access/", r"access/\d+/report/", 1),
    (r"plans/", r"plans/(?!start/)[a-z0-9-]+/", 20),
    (r"plans/milk/", r"plans/milk/details/", 1),
    (r"programmes/", r"programmes/p/[^/]+/", 1),
    (r"programmes/coverage/", r"programmes/coverage/[a-z0-9-]+/", 1),
    (r"services/", r"services/[a-z0-9-]+/", 1),
    (r"services/", r"services/legal-aid[a-z0-9-]*/", 1),
    (r"legal-aid/", r"legal-aid/stops/\d+/book/", 1),
    (r"enrolment/", r"enrolment/\d+/apply/", 1),
    (r"enrolment/", r"enrolment/\d+/lottery/", 1),
    (r"courses/", r"courses/\d+/", 1),
    (r"calls/", r"calls/(?!follow/|grants/|volunteers/)[a-z0-9-]+/", 5),
    (r"council/", r"council/body/[^/]+/", 1),
    (r"council/.*", r"council/draw/\d+/", 1),
    (r"red-flag/", r"red-flag/place/[^/]+/", 1),
    (r"surveys/", r"surveys/(?!staff/)[a-z0-9-]+/", 1),
    (r"surveys/", r"surveys/[a-z0-9-]+/results/", 1),
    (r"surveys/[a-z0-9-]+/results/", r"surveys/[a-z0-9-]+/results/\d+/", 1),
]

# --- what the visible text holds -------------------------------------------------------------

DIGIT_SYSTEMS = {
    "Latin": "0123456789",
    "Arabic-Indic": "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",
    "Persian": "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
}
TO_LATIN = str.maketrans(DIGIT_SYSTEMS["Arabic-Indic"] + DIGIT_SYSTEMS["Persian"], "0123456789" * 2)
SPACE = r"[\s\u00a0\u202f\u200e\u200f]+"
SEP = r"[\s\u00a0\u202f\u200e\u200f,،]*"  # a comma (Latin or Arabic) and spaces, or nothing


def digit_systems(text: str) -> dict[str, list[str]]:
    """The digit systems the text uses, each with up to five of the words it is used in."""
    found: dict[str, list[str]] = {}
    for word in re.findall(r"\S+", text):
        for name, digits in DIGIT_SYSTEMS.items():
            if any(c in digits for c in word):
                samples = found.setdefault(name, [])
                if len(samples) < 5 and word not in samples:
                    samples.append(word)
    return found


def month_names(language: str) -> list[str]:
    """The month names CLDR gives the language (as Django's and the browser's formats use
    them), wide and abbreviated, in their forms inside a date and standing alone."""
    months = Locale.parse(language).months
    names = {
        name.rstrip(".")
        for context in ("format", "stand-alone")
        for width in ("wide", "abbreviated")
        for name in months[context][width].values()
    }
    if language == "en":
        names.add("Sept")  # Django's "N" format (en "N j, Y") writes September as "Sept."
    return sorted(names, key=len, reverse=True)


@dataclass
class DateOrders:
    """Each order a page writes its dates in, with examples."""

    day_first: list[str] = field(default_factory=list)  # 6 March 2026, 25.03.2026
    month_first: list[str] = field(default_factory=list)  # March 6, 2026, 03/25/2026, 2026-03-25
    year_first: list[str] = field(default_factory=list)  # 2026 March, 2026-03-25
    year_last: list[str] = field(default_factory=list)  # March 2026, 6 March 2026

    def mixed(self) -> list[str]:
        problems = []
        if self.day_first and self.month_first:
            problems.append(
                f"day first {self.day_first[:3]} and month first {self.month_first[:3]}"
            )
        if self.year_first and self.year_last:
            problems.append(f"year first {self.year_first[:3]} and year last {self.year_last[:3]}")
        return problems


def date_orders(text: str, language: str) -> DateOrders:
    """The orders of the dates written in the text (in the language's month names, or in
    figures when a day above 12 tells the day from the month)."""
    text = text.translate(TO_LATIN)
    month = "(?:" + "|".join(re.escape(name) for name in month_names(language)) + r")\.?"
    day = r"(?<![\d.,/-])(?:[12]\d|3[01]|0?[1-9])(?![\d:])"
    year = r"(?<![\d.,/-])(?:19|20)\d\d(?![\d.,/:-]?\d)"
    after = r"(?!\w)"
    patterns = [
        ("ymd", rf"{year}{SPACE}{month}{SPACE}{day}"),
        ("dmy", rf"{day}\.?{SPACE}{month}{SEP}{SPACE}{year}"),
        ("mdy", rf"(?<!\w){month}{SPACE}{day}{SEP}{year}"),
        ("ym", rf"{year}{SPACE}{month}{after}"),
        ("my", rf"(?<!\w){month}{SEP}{SPACE}{year}"),
        (
            "numeric_ymd",
            r"(?<![\d.,/-])(?:19|20)\d\d(?P<s1>[./-])\d{1,2}(?P=s1)\d{1,2}(?![\d.,/-]?\d)",
        ),
        (
            "numeric_dmy",
            r"(?<![\d.,/-])(?P<a>\d{1,2})(?P<s2>[./-])(?P<b>\d{1,2})(?P=s2)(?:19|20)\d\d(?![\d.,/-]?\d)",
        ),
    ]
    combined = "|".join(f"(?P<{name}>{pattern})" for name, pattern in patterns)
    orders = DateOrders()
    for match in re.finditer(combined, text):
        kind = match.lastgroup or ""
        shown = match.group(0)
        if kind == "ymd":
            orders.year_first.append(shown)
            orders.month_first.append(shown)
        elif kind == "dmy":
            orders.day_first.append(shown)
            orders.year_last.append(shown)
        elif kind == "mdy":
            orders.month_first.append(shown)
            orders.year_last.append(shown)
        elif kind == "ym":
            orders.year_first.append(shown)
        elif kind == "my":
            orders.year_last.append(shown)
        elif kind == "numeric_ymd":
            orders.year_first.append(shown)
            orders.month_first.append(shown)
        elif kind == "numeric_dmy":
            first, second = int(match.group("a")), int(match.group("b"))
            orders.year_last.append(shown)
            if first > 12 >= second:
                orders.day_first.append(shown)
            elif second > 12 >= first:
                orders.month_first.append(shown)
    return orders


def page_problems(text: str, language: str) -> list[str]:
    problems = []
    systems = digit_systems(text)
    if len(systems) > 1:
        problems.append(
            "two digit systems: "
            + "; ".join(f"{name} {systems[name]}" for name in DIGIT_SYSTEMS if name in systems)
        )
    problems += [f"dates in two orders: {p}" for p in date_orders(text, language).mixed()]
    return problems


# --- text in another language -----------------------------------------------------------------

LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’-]*[A-Za-z\u00c0-\u024f]")
# Proper names that are the same in every language, besides the served data's place names:
# the names of programmes and organisations as the translations keep them in Latin letters
# (the programmes' Turkish names in brackets), and of file formats and licences.
PROPER_NAMES = {
    fold(name)
    for name in [
        "adilkent",
        "İzmir",
        "Türkiye",
        "OpenStreetMap",
        "ODbL",
        "cagriozkurt",
        "TurkeyGeoJSON",
        "GeoJSON",
        "km",
        "Mh",
        "Cittaslow",
        "Metropolis",
        "WRI",
        "Go-For",
        "Barosu",
        "İZDENİZ",
        "zabıta",
        "Köyler",
        "Word",
        "WebP",
        "Süt",
        "Kuzusu",
        "Yuvamız",
        "Güçlenme",
        "Durakları",
        "Güçlendirme",
        "Tohumları",
        "Meslek",
        "Fabrikası",
        "Altın",
        "İğne",
        "Adettendir",
        "Üretiyoruz",
        "Mahalle",
        "Bostanları",
        "Mutfağı",
        "Mülteci",
        "Masası",
        "Elim",
        "Elini",
        "Sende",
        "Ver",
        "Masal",
        "Evi",
        "Evleri",
        "Metro",
    ]
}
# Small words that tell an English sentence in a Turkish page, and a Turkish one in an English
# page; two of them in one text make it a sentence of that language.
SMALL_WORDS = {
    "tr": {
        "the",
        "and",
        "of",
        "to",
        "is",
        "are",
        "for",
        "with",
        "from",
        "this",
        "that",
        "by",
        "or",
    },
    "en": {"ve", "bir", "bu", "için", "ile", "olarak", "veya", "gibi", "daha", "çok", "her"},
}


def is_name(word: str, names: set[str]) -> bool:
    """``names``: the served data's place names, folded (``adilkent.text.fold``)."""
    bare = word.strip("'’-")
    acronym = bare.isupper() and len(bare) <= 6  # HİM, AFAD, ÇOGEM, CSV
    return acronym or fold(bare) in names or fold(bare) in PROPER_NAMES


def foreign_texts(texts: Iterable[str], language: str, names: set[str]) -> list[str]:
    """The texts (unmarked, in the page's language by its markup) written in another one."""
    found = []
    for text in texts:
        if language in SMALL_WORDS:
            words = [w.casefold() for w in LATIN_WORD.findall(text)]
            if len(SMALL_WORDS[language].intersection(words)) >= 2:
                found.append(text)
        elif any(not is_name(w, names) for w in LATIN_WORD.findall(text)):
            found.append(text)
    return found


# The visible text nodes whose nearest ``lang`` is the page's own (not marked as another).
UNMARKED_TEXTS = """(language) => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const text = node.nodeValue.trim();
    const element = node.parentElement;
    if (!text || !element) continue;
    if (element.closest("script, style, noscript, template, [translate=no], [data-source-text]")) continue;
    if (!element.checkVisibility()) continue;
    const marked = element.closest("[lang]");
    if (marked && marked.getAttribute("lang").split("-")[0] !== language) continue;
    out.push(text);
  }
  return out;
}"""

NAMES_CODE = """
import re
from adilkent.places.models import District, Facility, Mahalle, TransitLine, TransitStop
from adilkent.text import fold
words = set()
for model in (District, Mahalle, Facility, TransitLine, TransitStop):
    for name in model.objects.values_list("name", flat=True).iterator():
        words.update(fold(w) for w in re.findall(r"[^\\W\\d_]+", name or ""))
print("NAMES|" + "|".join(sorted(words)) + "|END")
"""


@pytest.fixture(scope="module")
def place_names(
    served_database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory
) -> set[str]:
    """The words of the served data's place, facility and stop names (proper names)."""
    output = shell(served_database, tmp_path_factory, NAMES_CODE, "page-consistency-names")
    found = re.findall(r"^NAMES\|(.*)\|END$", output, re.MULTILINE)  # not the echoed code
    assert found, output
    return set(found[-1].split("|"))


# --- the checker on known texts (no browser needed, but kept with the walk it serves) --------


def test_the_checker_finds_mixed_digits_and_date_orders() -> None:
    assert page_problems("Nüfus 4.503.964 · 6 Mart 2026 · Mart 2026", "tr") == []
    mixed_digits = page_problems("السكان ٤٬٥٠٣ · 12 مارس 2026", "ar")
    assert len(mixed_digits) == 1 and "Arabic-Indic" in mixed_digits[0]
    assert "Persian" in page_problems("۱۲ · 12", "fa")[0]
    # "March 2022" beside "2022 March" (issue 21's Turkish programme page)
    assert page_problems("Mart 2022 … 2022 Mart", "tr") == [
        "dates in two orders: year first ['2022 Mart'] and year last ['Mart 2022']"
    ]
    # month first beside day first, numeric and in words
    assert page_problems("March 6, 2026 and 25.03.2026", "en")[0].startswith(
        "dates in two orders: day first ['25.03.2026'] and month first ['March 6, 2026']"
    )
    assert page_problems("03/25/2026 · 6 марта 2026 г.", "ru") != []
    # one order, also in Persian digits and Arabic commas; an ambiguous 03.04.2026 says nothing
    assert page_problems("۶ مارس ۲۰۲۶ · مارس ۲۰۲۶ · 03.04.2026", "fa") == [
        "two digit systems: Latin ['03.04.2026']; Persian ['۶', '۲۰۲۶']"
    ]
    assert page_problems("6 مارس، 2026 · مارس 2026", "ar") == []
    # not dates: a year alone, a mahalle named after a day, numbers and times
    assert page_problems("2026 · 29 Ekim · 4.503.964 · 10:30 · 2024-2025 · Mayıs ayı", "tr") == []


def test_the_checker_finds_text_in_another_language() -> None:
    names = {"karsiyaka", "buca"}
    assert (
        foreign_texts(["حي Karşıyaka في Buca", "HİM (153) · ÇOGEM", "adilkent"], "ar", names) == []
    )
    assert foreign_texts(["جزء من Vocational Factory"], "fa", names) == [
        "جزء من Vocational Factory"
    ]
    assert foreign_texts(["Örnek kurs"], "ru", names) == ["Örnek kurs"]
    assert foreign_texts(["Free of charge for the residents"], "tr", names) == [
        "Free of charge for the residents"
    ]
    assert foreign_texts(["Ücretsiz · Karşıyaka ve Buca", "Buca"], "tr", names) == []
    assert foreign_texts(["Kadınlar ve çocuklar için bir hizmet"], "en", names) == [
        "Kadınlar ve çocuklar için bir hizmet"
    ]
    assert foreign_texts(["The Karşıyaka and Buca centres"], "en", names) == []


# --- the walk --------------------------------------------------------------------------------


# A page whose scripts fetch data and write text from it (maps, offline forms).
# The visible text, without what a page quotes word for word from a source document
# (``data-source-text``: the checklist's original form writes "2022 March" and "March 2020").
VISIBLE_TEXT = """() => {
  const quoted = [...document.querySelectorAll("[data-source-text]")];
  quoted.forEach((element) => { element.dataset.shownAs = element.style.display; element.style.display = "none"; });
  const text = document.body.innerText;
  quoted.forEach((element) => { element.style.display = element.dataset.shownAs; });
  return text;
}"""
SCRIPTED = "!!document.querySelector('[data-map], script[type=module], script[src*=\"map\"]')"


def links_of(session: PageSession) -> list[str]:
    hrefs: list[str] = session.page.eval_on_selector_all(
        "a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    return hrefs


def linked_pages(path: str, hrefs: Iterable[str], language: str, seen: set[str]) -> list[str]:
    found: list[str] = []
    prefix = f"/{language}/"
    for source, target, count in LINKED:
        if not re.fullmatch(source, path):
            continue
        taken = 0
        for href in hrefs:
            if taken >= count or not href.startswith(prefix):
                continue
            rest = href[len(prefix) :].split("#")[0].split("?")[0]
            if re.fullmatch(target, rest) and rest not in seen and rest not in found:
                found.append(rest)
                taken += 1
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_is_in_its_language_with_one_digit_system_and_date_order(
    open_page: Callable[..., PageSession], language: str, place_names: set[str]
) -> None:
    session = open_page(locale=BROWSER_LOCALE[language])
    queue = list(PAGES)
    seen: set[str] = set(queue)
    problems: dict[str, list[str]] = {}
    walked: list[str] = []
    started = time.monotonic()
    while queue:
        path = queue.pop(0)
        url = f"/{language}/{path}"
        response = session.page.goto(session.base_url + url, wait_until="load")
        if session.page.evaluate(SCRIPTED):
            session.page.wait_for_load_state("networkidle")  # its scripts fetch and write
        walked.append(url)
        if response is None or response.status != 200:
            problems[url] = [f"status {response.status if response else 'none'}"]
            continue
        assert session.html_attribute("lang") == language, url
        text: str = session.page.evaluate(VISIBLE_TEXT)
        found = page_problems(text, language)
        unmarked = session.page.evaluate(UNMARKED_TEXTS, language)
        found += [
            f"not marked as another language: {t[:80]!r}"
            for t in foreign_texts(unmarked, language, place_names)
        ]
        if found:
            problems[url] = found
        for extra in linked_pages(path, links_of(session), language, seen):
            seen.add(extra)
            queue.append(extra)
    print(f"{language}: {len(walked)} pages in {time.monotonic() - started:.1f} s")
    session.save_json(f"page-consistency-{language}", {"walked": walked, "problems": problems})
    # The walk reached the pages residents use most, with ids read from the demo data.
    for needed in (r"places/[a-z0-9-]+/", r"programmes/p/[^/]+/", r"services/[a-z0-9-]+/",
                   r"plans/milk/", r"plans/library/", r"legal-aid/stops/\d+/book/"):  # fmt: skip
        assert any(re.fullmatch(f"/{language}/{needed}", url) for url in walked), needed
    assert not session.page_errors, session.page_errors
    assert not problems, "\n".join(
        f"{url}: {' | '.join(found)}" for url, found in sorted(problems.items())
    )
