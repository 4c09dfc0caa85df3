"""What the confidential channel gives the programme pages' measured indicators
(:mod:`adilkent.programmes.measured`): reports received by kind and reports closed by outcome,
counted by :func:`adilkent.confidential.figures.measured_counter` from the reports' clear
facts only, never from what is encrypted; their cells are named by
:func:`adilkent.confidential.figures.cell_label`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from adilkent.programmes.indicators import REPORTS, Indicator

from .figures import CELL_FAMILIES, cell_label
from .figures import measured_counter as report_counter

__all__ = ["CELL_FAMILIES", "cell_label", "report_indicators"]


def report_indicators(*, programme: str, kinds: tuple[str, ...]) -> list[Indicator]:
    """Reports to the confidential channel of the kinds (codes) a programme is about."""
    return [
        Indicator(
            f"records-{programme}-reports-received",
            programme,
            gettext_lazy("Reports received, by kind"),
            REPORTS,
            gettext_lazy(
                "Reports made through the confidential channel in the period (online, or made "
                "orally and entered by staff), by what they are about."
            ),
            report_counter("received", kinds),
            partition=True,
        ),
        Indicator(
            f"records-{programme}-reports-closed",
            programme,
            gettext_lazy("Reports closed, by outcome"),
            REPORTS,
            gettext_lazy(
                "Reports of the same kinds closed in the period, by the outcome recorded."
            ),
            report_counter("closed", kinds),
            partition=True,
        ),
    ]
