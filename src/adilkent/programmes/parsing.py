"""Reading amounts and partial dates as sources write them (no Django import).

Sources state money as "906 million TL", "500.000", "Approximately 25 million TL" or
"700.000 TL", and dates as "2022 March", "April 20", "Ongoing" or "Year-round". These
functions turn such text into parts a database can filter on, and always keep what was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from adilkent.text import ascii_digits

MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    # Turkish (lower-case, with and without the dotted letters)
    "ocak": 1, "şubat": 2, "subat": 2, "mart": 3, "nisan": 4, "mayıs": 5, "mayis": 5,
    "haziran": 6, "temmuz": 7, "ağustos": 8, "agustos": 8, "eylül": 9, "eylul": 9,
    "ekim": 10, "kasım": 11, "kasim": 11, "aralık": 12, "aralik": 12,
}  # fmt: skip

ONGOING_WORDS = ("ongoing", "devam ediyor", "sürüyor", "continuing")
YEAR_ROUND_WORDS = ("year-round", "year round", "yıl boyu", "yıl boyunca")
APPROXIMATE_WORDS = ("approximately", "about", "nearly", "around", "yaklaşık", "yaklasik")
SCALE_WORDS = {
    "thousand": Decimal(1_000),
    "bin": Decimal(1_000),
    "million": Decimal(1_000_000),
    "milyon": Decimal(1_000_000),
    "billion": Decimal(1_000_000_000),
    "milyar": Decimal(1_000_000_000),
}
CURRENCY_WORDS = {
    "tl": "TRY",
    "try": "TRY",
    "lira": "TRY",
    "₺": "TRY",
    "eur": "EUR",
    "euro": "EUR",
    "€": "EUR",
    "usd": "USD",
    "$": "USD",
}


class ParseError(ValueError):
    """The text does not say what the parser was asked to read; the message says why."""


@dataclass(frozen=True)
class Amount:
    """A sum of money as stated: the number, its currency and how exact the source is."""

    text: str
    value: Decimal
    currency: str  # ISO 4217; the default currency when the text names none
    qualifier: str  # "exact" or "approximate"
    currency_stated: bool


def _number(token: str) -> Decimal:
    """A number written with Turkish grouping ("500.000") or English ("1,250.5")."""
    t = token.strip()
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", t):  # 500.000 → 500000 (Turkish thousands)
        return Decimal(t.replace(".", ""))
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", t):  # 1,250.5
        return Decimal(t.replace(",", ""))
    if re.fullmatch(r"\d+,\d+", t):  # 1,5 (Turkish decimal comma)
        return Decimal(t.replace(",", "."))
    if re.fullmatch(r"\d+(\.\d+)?", t):
        return Decimal(t)
    raise ParseError(f"{token!r} is not a number")


_AMOUNT = re.compile(
    r"(?P<num>\d[\d.,]*)\s*(?P<scale>thousand|million|billion|bin|milyon|milyar)?\s*"
    r"(?P<cur>TL|TRY|EUR|USD|lira|euro|₺|€|\$)?",
    re.IGNORECASE,
)


def parse_amount(text: str, default_currency: str = "TRY") -> Amount:
    """Read one amount of money from ``text``.

    >>> parse_amount("Approximately 25 million TL").value
    Decimal('25000000')
    """
    if not text or not text.strip():
        raise ParseError("the amount is empty")
    lowered = text.lower()
    match = _AMOUNT.search(text)
    if match is None:
        raise ParseError(f"no number in {text!r}")
    value = _number(match.group("num").rstrip(".,"))
    scale = match.group("scale")
    if scale:
        value *= SCALE_WORDS[scale.lower()]
    cur = match.group("cur")
    currency = CURRENCY_WORDS[cur.lower()] if cur else default_currency
    approximate = any(re.search(rf"\b{w}\b", lowered) for w in APPROXIMATE_WORDS)
    return Amount(
        text=text,
        value=value,
        currency=currency,
        qualifier="approximate" if approximate else "exact",
        currency_stated=bool(cur),
    )


@dataclass(frozen=True)
class PartialDate:
    """A date known only in part. ``kind`` is "date", "ongoing", "year-round" or "unknown"."""

    text: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    note: str = ""

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year or 0, self.month or 0, self.day or 0)

    def iso(self) -> str:
        """The known parts as ISO 8601 reduced precision ("2022", "2022-03", "2022-03-05")."""
        if self.year is None:
            return ""
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out


def _month(word: str) -> int | None:
    return MONTHS.get(word.lower().replace("i̇", "i"))


def parse_partial_date(text: str) -> PartialDate:
    """Read a partial date.

    "2022 March" and "March 2022" give year and month; "2019" a year; "April 20" (a month and a
    two-digit number, as the checklist writes its dates) gives April 2020, with a note that the
    century was supplied; "Ongoing" and "Year-round" give no date but say so.
    """
    raw = text or ""
    t = raw.strip().rstrip(".")
    if not t:
        return PartialDate(raw, "unknown")
    low = t.lower()
    if any(w in low for w in ONGOING_WORDS):
        return PartialDate(raw, "ongoing")
    if any(w in low for w in YEAR_ROUND_WORDS):
        return PartialDate(raw, "year-round")
    numeric = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", t)  # 10.12.2020, day first
    if numeric:
        d, m, y = (int(g) for g in numeric.groups())
        if not (1 <= m <= 12 and 1 <= d <= 31):
            raise ParseError(f"{raw!r} is not a day.month.year date")
        return PartialDate(raw, "date", y, m, d)
    tokens = re.findall(r"[^\W\d_]+|\d+", t)
    years = [int(x) for x in tokens if ascii_digits(x) and len(x) == 4]
    months = [m for m in (_month(x) for x in tokens if not ascii_digits(x)) if m]
    smalls = [int(x) for x in tokens if ascii_digits(x) and len(x) <= 2]
    if len(years) > 1 or len(months) > 1:
        raise ParseError(f"{raw!r} names more than one date")
    year: int | None = years[0] if years else None
    month: int | None = months[0] if months else None
    day: int | None = None
    note = ""
    if year is None and month is not None and len(smalls) == 1:
        year = 2000 + smalls[0]
        note = f"two-digit year {smalls[0]:02d} read as {year}"
    elif smalls and year is not None and month is not None and len(smalls) == 1:
        day = smalls[0]
        if not 1 <= day <= 31:
            raise ParseError(f"{day} is not a day of the month in {raw!r}")
    elif smalls:
        raise ParseError(f"cannot tell what {smalls} means in {raw!r}")
    if year is None and month is None:
        raise ParseError(f"no year or month in {raw!r}")
    if year is not None and not 1900 <= year <= 2100:
        raise ParseError(f"{year} is not a plausible year in {raw!r}")
    return PartialDate(raw, "date", year, month, day, note)
