"""The groups of respondents a survey's field work and analysis count: by sex and by age band,
read from the answers to the form's ``sex`` and ``age`` questions (the names the example form
and the forms of the directorate use). A response belongs to one sex group and one age band at
most; one without an answer (or with "prefer not to say") belongs to neither of that kind.

Groups are counted one kind at a time (women and men; the four age bands), never crossed with
each other, so that small crossings are not made in the first place."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from adilkent.core.parsing import ParseError, parse_int

SEX_QUESTION = "sex"
AGE_QUESTION = "age"

#: group code -> label, in the order pages show them
GROUPS: dict[str, Promise] = {
    "women": _("Women"),
    "men": _("Men"),
    "age_0_17": _("Under 18"),
    "age_18_29": _("Aged 18–29"),
    "age_30_64": _("Aged 30–64"),
    "age_65": _("Aged 65 and over"),
}
KINDS: dict[str, tuple[str, ...]] = {
    "sex": ("women", "men"),
    "age": ("age_0_17", "age_18_29", "age_30_64", "age_65"),
}
_SEX = {"female": "women", "male": "men"}


def age_band(age: int) -> str | None:
    if age < 0 or age > 130:
        return None
    if age < 18:
        return "age_0_17"
    if age < 30:
        return "age_18_29"
    if age < 65:
        return "age_30_64"
    return "age_65"


def respondent_groups(answers: Mapping[str, Any]) -> set[str]:
    """The groups of one response (its answers as stored)."""
    found: set[str] = set()
    sex = _SEX.get(str(answers.get(SEX_QUESTION) or "").strip())
    if sex:
        found.add(sex)
    try:
        band = age_band(parse_int(answers.get(AGE_QUESTION), field=AGE_QUESTION))
    except ParseError:
        band = None
    if band:
        found.add(band)
    return found


def group_label(code: str) -> str:
    return str(GROUPS.get(code, code))
