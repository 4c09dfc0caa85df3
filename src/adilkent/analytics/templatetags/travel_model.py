"""The travel-cost model of a stored result, described in the page's language.

Results keep the access engine's English label (files and command-line output show it as it
is). ``{% load travel_model %}{{ analysis.model_label|travel_model }}`` reads the model's values
back from that label and says them in the active language, numbers by its CLDR rules; a label
it cannot read (another kind of model, an older wording) is shown as stored, marked as English.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from adilkent.access.model import StraightLineModel
from adilkent.core import l10n

register = template.Library()


def _decimals(value: float) -> int:
    """As many decimals as the value has (up to three): 1.3 → 1, 60 → 0, 4.25 → 2."""
    for decimals in range(4):
        if abs(round(value, decimals) - value) < 1e-9:
            return decimals
    return 3


def _straight_line_text(model: StraightLineModel) -> str | None:
    values = {
        "circuity": l10n.format_number(model.circuity, decimals=_decimals(model.circuity)),
        "speed": l10n.format_number(model.speed_kmh, decimals=_decimals(model.speed_kmh)),
    }
    if model.mode == "walk":
        return (
            gettext("straight line × %(circuity)s at %(speed)s km/h (walking; no street network)")
            % values
        )
    if model.mode == "drive":
        return (
            gettext("straight line × %(circuity)s at %(speed)s km/h (driving; no street network)")
            % values
        )
    if model.mode in {"bike", "cycle"}:
        return (
            gettext("straight line × %(circuity)s at %(speed)s km/h (cycling; no street network)")
            % values
        )
    return None


# Route plans add how their distances were measured to the model's label.
_DISTANCES = re.compile(
    r"(?P<model>.+); distances: great circle × (?P<circuity>[0-9]+(?:\.[0-9]+)?)"
)


def describe_travel_model(label: str | None) -> str | None:
    """The label in the active language, or ``None`` when its values cannot be read."""
    text = (label or "").strip()
    distances = _DISTANCES.fullmatch(text)
    if distances is not None:
        described = describe_travel_model(distances["model"])
        if described is None:
            return None
        circuity = float(distances["circuity"])
        return gettext("%(model)s; distances: great circle × %(circuity)s") % {
            "model": described,
            "circuity": l10n.format_number(circuity, decimals=_decimals(circuity)),
        }
    model = StraightLineModel.from_label(text)
    return None if model is None else _straight_line_text(model)


@register.filter
def travel_model(label: object) -> SafeString | str:
    """HTML for a stored model label: translated when it can be, else the English original."""
    text = "" if label is None else str(label)
    if not text:
        return ""
    described = describe_travel_model(text)
    if described is None:
        return format_html('<span lang="en" dir="ltr">{}</span>', text)
    return format_html('<span class="travel-model">{}</span>', described)
