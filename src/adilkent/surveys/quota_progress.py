"""Field progress of a survey's quotas: answers received per quota, by source, what remains
and the groups' totals (the staff page and the sheet's CSV read these); the quotas themselves
are set in :mod:`.quotas`.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from adilkent.places.models import Mahalle
from adilkent.text import spreadsheet_row

from . import groups
from .models import Quota, Response, Survey
from .quotas import ALL, CSV_HEADER, SOURCES, group_label


def _share(done: int, needed: int) -> float:
    """The share done, rounded down to whole percents (99.6 % is not shown as 100 %)."""
    return (done * 100 // needed) / 100 if needed else 0.0


@dataclass(frozen=True)
class ProgressRow:
    quota: Quota
    received: int
    by_source: dict[str, int]

    @property
    def mahalle(self) -> Mahalle:
        return self.quota.mahalle

    @property
    def group(self) -> str:
        return self.quota.group

    @property
    def group_label(self) -> str:
        return group_label(self.quota.group)

    @property
    def needed(self) -> int:
        return self.quota.needed

    @property
    def remaining(self) -> int:
        return max(self.needed - self.received, 0)

    @property
    def counted(self) -> int:
        """The answers that count toward the quota (those above it cover no other one)."""
        return min(self.received, self.needed)

    @property
    def share(self) -> float:
        return _share(self.received, self.needed)

    @property
    def reached(self) -> bool:
        return self.received >= self.needed

    @property
    def sources(self) -> list[tuple[str, int]]:
        return [
            (str(label), self.by_source.get(code, 0)) for code, label in Response.Source.choices
        ]


@dataclass(frozen=True)
class GroupTotal:
    group: str
    needed: int
    received: int
    counted: int

    @property
    def label(self) -> str:
        return group_label(self.group)

    @property
    def remaining(self) -> int:
        return self.needed - self.counted

    @property
    def share(self) -> float:
        return _share(self.counted, self.needed)


@dataclass(frozen=True)
class Progress:
    """The sheet's rows with the answers received; the survey's responses by source, those
    with no mahalle (by source) and those from a mahalle that is not on the sheet."""

    rows: list[ProgressRow]
    groups: list[GroupTotal]
    responses: int
    by_source: dict[str, int]
    without_mahalle: int
    without_mahalle_by_source: dict[str, int]
    outside_sheet: int

    @property
    def total(self) -> GroupTotal | None:
        """The quotas on all respondents, added up (``None`` when the sheet has none)."""
        return next((g for g in self.groups if g.group == ALL), None)

    def sources(self, counts: dict[str, int]) -> list[tuple[str, int]]:
        return [(str(label), counts.get(code, 0)) for code, label in Response.Source.choices]

    @property
    def source_counts(self) -> list[tuple[str, int]]:
        return self.sources(self.by_source)

    @property
    def without_mahalle_sources(self) -> list[tuple[str, int]]:
        return self.sources(self.without_mahalle_by_source)


def quota_progress(*, survey: Survey) -> Progress:
    """The field team's progress: per quota, the survey's responses in its mahalle (and in
    its group, read from the answers with :func:`groups.respondent_groups`), by source; one
    query over the responses."""
    counts: Counter[tuple[int, str, str]] = Counter()
    by_source: Counter[str] = Counter()
    without: Counter[str] = Counter()
    in_mahalle: Counter[int] = Counter()
    responses = (
        Response.objects.filter(survey=survey)
        .order_by()
        .values_list("mahalle_id", "answers", "source")
    )
    for mahalle_id, answers, source in responses.iterator(chunk_size=2000):
        by_source[source] += 1
        if mahalle_id is None:
            without[source] += 1
            continue
        in_mahalle[mahalle_id] += 1
        counts[(mahalle_id, ALL, source)] += 1
        found = groups.respondent_groups(answers if isinstance(answers, dict) else {})
        for code in found:
            counts[(mahalle_id, code, source)] += 1
    quotas = Quota.objects.filter(survey=survey).select_related("mahalle__district")
    quotas = quotas.defer("mahalle__geometry", "mahalle__district__geometry")
    order = {code: i for i, code in enumerate([ALL, *groups.GROUPS])}
    rows = []
    for quota in sorted(
        quotas, key=lambda q: (q.mahalle.name_folded, q.mahalle_id, order.get(q.group, 99))
    ):
        found_sources = {
            source: counts[(quota.mahalle_id, quota.group, source)]
            for source in SOURCES
            if counts[(quota.mahalle_id, quota.group, source)]
        }
        rows.append(ProgressRow(quota, sum(found_sources.values()), found_sources))
    totals: dict[str, list[int]] = {}
    for row in rows:
        needed, received, counted = totals.setdefault(row.group, [0, 0, 0])
        totals[row.group] = [needed + row.needed, received + row.received, counted + row.counted]
    on_sheet = {row.quota.mahalle_id for row in rows}
    return Progress(
        rows=rows,
        groups=[
            GroupTotal(code, *totals[code])
            for code in sorted(totals, key=lambda c: order.get(c, 99))
        ],
        responses=sum(by_source.values()),
        by_source=dict(by_source),
        without_mahalle=sum(without.values()),
        without_mahalle_by_source=dict(without),
        outside_sheet=sum(n for pk, n in in_mahalle.items() if pk not in on_sheet),
    )


SORTS = ("mahalle", "behind", "remaining")


def progress_rows(
    rows: Sequence[ProgressRow],
    *,
    sort: str = "mahalle",
    group: str | None = None,
    open_only: bool = False,
) -> list[ProgressRow]:
    """The rows to show: of one group only (``ALL`` for the quotas on all respondents; ``None``
    for every row), only those not reached yet, sorted by mahalle, by the furthest behind
    (the smallest share received first) or by the most answers still needed."""
    found = [
        r for r in rows if (group is None or r.group == group) and not (open_only and r.reached)
    ]
    if sort == "behind":
        found.sort(key=lambda r: (r.received / r.needed, -r.remaining))
    elif sort == "remaining":
        found.sort(key=lambda r: (-r.remaining, r.received / r.needed))
    return found


def quota_sheet_csv(*, survey: Survey) -> str:
    """The sheet with the answers received so far; read back by :func:`.quotas.quota_sheet_import`
    (its ``mahalle`` column is the TÜİK code, else the name with its district)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in quota_progress(survey=survey).rows:
        mahalle = row.mahalle
        writer.writerow(
            spreadsheet_row(
                [
                    mahalle.tuik_code or mahalle.name,
                    mahalle.name,
                    mahalle.district.name,
                    row.group,
                    row.needed,
                    row.received,
                    row.remaining,
                ]
            )
        )
    return out.getvalue()
