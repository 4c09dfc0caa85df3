"""The quota sheet of a survey's field work (the progress against it: :mod:`.quota_progress`).

A quota says how many answers are needed from one mahalle: from all its respondents (group
blank) or from one group of them (:data:`groups.GROUPS`: women, men, an age band). The sheet
is set as a whole (:func:`quota_sheet_set`), proposed from a total sample in proportion to
TÜİK's population (:func:`quota_propose`), read from a CSV file (:func:`quota_sheet_import`,
each bad row reported, the good ones kept), changed one quota at a time, and written out as
CSV (:func:`.quota_progress.quota_sheet_csv`). :func:`.quota_progress.quota_progress` counts
the survey's responses against it: per mahalle and group, and per source (web form, field
collection, ODK or Kobo import).
Bad input raises :class:`~adilkent.surveys.services.SurveyInvalid`; nothing is changed then.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from adilkent.core.parsing import ParseError, parse_int
from adilkent.importers.csvfiles import read_text_rows
from adilkent.importers.report import SourceFileError
from adilkent.places.models import Mahalle, Population, PopulationGroup
from adilkent.text import display_name, fold

from . import groups
from .models import Quota, Response, Survey
from .services import SurveyInvalid

MAX_NEEDED = 100_000
CSV_COLUMNS = ("mahalle", "group", "needed")
CSV_HEADER = ("mahalle", "mahalle_name", "district", "group", "needed", "received", "remaining")
ALL = ""  # the group of a quota on every respondent of the mahalle
SOURCES = tuple(Response.Source.values)
_SEX_POPULATION = {"women": PopulationGroup.FEMALE, "men": PopulationGroup.MALE}


def group_label(code: str) -> str:
    return _("All respondents") if code == ALL else groups.group_label(code)


def _where(mahalle: Mahalle, group: str) -> str:
    return _("%(mahalle)s, %(group)s") % {"mahalle": mahalle, "group": group_label(group)}


@dataclass(frozen=True)
class QuotaRow:
    """One line of a sheet before it is saved."""

    mahalle: Mahalle
    group: str
    needed: int


# --- the sheet ----------------------------------------------------------------------------


def _target_ids(survey: Survey) -> set[int]:
    return set(survey.target_mahalleler.values_list("pk", flat=True))


def _needed_problem(needed: int) -> str:
    if needed < 1 or needed > MAX_NEEDED:
        return _("The number of answers needed must be between 1 and %(max)s.") % {
            "max": f"{MAX_NEEDED}"
        }
    return ""


def _sheet_problems(survey: Survey, rows: Sequence[QuotaRow]) -> dict[int, str]:
    """The problems of a sheet, by the index of the row they are on: a mahalle the survey does
    not target (when it targets some), an unknown group, a number out of bounds, a mahalle
    and group given twice, a group needing more answers than its whole mahalle."""
    targets = _target_ids(survey)
    problems: dict[int, str] = {}
    seen: set[tuple[int, str]] = set()
    for index, row in enumerate(rows):
        if targets and row.mahalle.pk not in targets:
            problems[index] = _("%(where)s: the survey does not target this mahalle.") % {
                "where": _where(row.mahalle, row.group)
            }
        elif row.group != ALL and row.group not in groups.GROUPS:
            problems[index] = _(
                "“%(group)s” is not a group: leave it empty for all respondents, or use one "
                "of %(groups)s."
            ) % {"group": row.group, "groups": ", ".join(groups.GROUPS)}
        elif message := _needed_problem(row.needed):
            problems[index] = f"{_where(row.mahalle, row.group)}: {message}"
        elif (row.mahalle.pk, row.group) in seen:
            problems[index] = _("%(where)s: given twice.") % {
                "where": _where(row.mahalle, row.group)
            }
        else:
            seen.add((row.mahalle.pk, row.group))
    totals = {
        row.mahalle.pk: row.needed
        for index, row in enumerate(rows)
        if index not in problems and row.group == ALL
    }
    for index, row in enumerate(rows):
        total = totals.get(row.mahalle.pk)
        if index in problems or row.group == ALL or total is None or row.needed <= total:
            continue
        problems[index] = _(
            "%(where)s: %(needed)s answers needed from the group, more than the %(total)s "
            "needed from the whole mahalle."
        ) % {"where": _where(row.mahalle, row.group), "needed": row.needed, "total": total}
    return problems


@transaction.atomic
def quota_sheet_set(*, survey: Survey, rows: Iterable[QuotaRow], by: Any) -> list[Quota]:
    """Replace the survey's quota sheet with ``rows`` (none: the sheet is emptied)."""
    rows = list(rows)
    problems = _sheet_problems(survey, rows)
    if problems:
        raise SurveyInvalid({"sheet": [problems[i] for i in sorted(problems)]})
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    Quota.objects.filter(survey=survey).delete()
    return Quota.objects.bulk_create(
        Quota(survey=survey, mahalle=r.mahalle, group=r.group, needed=r.needed, changed_by=by)
        for r in rows
    )


def _sheet_rows(survey: Survey) -> list[tuple[Quota, QuotaRow]]:
    return [
        (q, QuotaRow(q.mahalle, q.group, q.needed))
        for q in Quota.objects.filter(survey=survey).select_related("mahalle__district")
    ]


@transaction.atomic
def quota_needed_set(*, quota: Quota, needed: int, by: Any) -> Quota:
    """Change how many answers one quota needs; the sheet's rules are checked again."""
    rows = [
        QuotaRow(row.mahalle, row.group, needed) if q.pk == quota.pk else row
        for q, row in _sheet_rows(quota.survey)
    ]
    problems = _sheet_problems(quota.survey, rows)
    if problems:
        raise SurveyInvalid({"needed": [problems[i] for i in sorted(problems)]})
    quota.needed = needed
    quota.changed_by = by
    quota.save(update_fields=["needed", "changed_by", "changed_at"])
    return quota


def quota_remove(*, quota: Quota) -> None:
    """Take one quota off the sheet (a group's quota is then no longer bounded by a removed
    total: nothing else changes)."""
    quota.delete()


# --- proportional proposal ----------------------------------------------------------------


def largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` shared in proportion to ``weights`` in whole numbers that add up to ``total``
    exactly: each gets the whole part of its share, and what is left goes one by one to the
    largest fractions (ties: the larger weight, then the earlier one)."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    parts = [total * w // whole for w in weights]
    left = total - sum(parts)
    order = sorted(
        range(len(weights)), key=lambda i: (-(total * weights[i] % whole), -weights[i], i)
    )
    for i in order[:left]:
        parts[i] += 1
    return parts


@dataclass(frozen=True)
class ProposalBasis:
    """Where a proposal's proportions come from: TÜİK's population of the survey's target
    mahalleler in ``year`` (the latest year loaded), from ``sources``; ``by_sex`` lists the
    mahalleler whose women and men are counted (the others are split half and half);
    ``missing`` the target mahalleler without a count that year."""

    year: int | None
    sources: list[str]
    population: dict[int, int]
    by_sex: dict[int, tuple[int, int]]
    targets: list[Mahalle]
    missing: list[Mahalle]

    @property
    def sex_from_data(self) -> bool:
        return bool(self.by_sex)

    @property
    def without_sex(self) -> list[Mahalle]:
        """The counted mahalleler without counts of their women and men."""
        return [m for m in self.targets if m.pk in self.population and m.pk not in self.by_sex]


def quota_basis(*, survey: Survey) -> ProposalBasis:
    targets = list(
        survey.target_mahalleler.select_related("district")
        .defer("geometry", "district__geometry")
        .order_by("district__name_folded", "name_folded", "pk")
    )
    counts = Population.objects.filter(mahalle__in=targets)
    year = counts.filter(group=PopulationGroup.TOTAL).aggregate(y=Max("year"))["y"]
    found: dict[tuple[int, str], int] = {}
    sources: dict[str, None] = {}
    if year is not None:
        rows = counts.filter(year=year).order_by("source__key")
        for row in rows.values("mahalle_id", "group", "count", "source__title"):
            key = (row["mahalle_id"], row["group"])
            if key not in found:  # one source per count, the same one each time
                found[key] = row["count"]
                if row["group"] == PopulationGroup.TOTAL:
                    sources[row["source__title"]] = None
    population = {
        m.pk: found[(m.pk, PopulationGroup.TOTAL)]
        for m in targets
        if (m.pk, PopulationGroup.TOTAL) in found
    }
    by_sex = {
        m.pk: (found[(m.pk, PopulationGroup.FEMALE)], found[(m.pk, PopulationGroup.MALE)])
        for m in targets
        if (m.pk, PopulationGroup.FEMALE) in found and (m.pk, PopulationGroup.MALE) in found
    }
    return ProposalBasis(
        year=year,
        sources=list(sources),
        population=population,
        by_sex=by_sex,
        targets=targets,
        missing=[m for m in targets if m.pk not in population],
    )


@dataclass(frozen=True)
class Proposal:
    rows: list[QuotaRow]
    basis: ProposalBasis
    halved: int  # mahalleler whose women and men were split half and half


def quota_propose(*, survey: Survey, total: int) -> Proposal:
    """A sheet for a sample of ``total`` answers: shared over the target mahalleler in
    proportion to their TÜİK population (largest remainder, so the parts add up to the total
    exactly), and each mahalle's part between women and men in proportion to its women and
    men when TÜİK's counts of them are loaded, else half and half (the odd answer going to
    women and men in turn). No age bands: no population by age is loaded. A mahalle whose
    part is 0 gets no quota. Nothing is saved: see :func:`quota_sheet_set`."""
    if total < 1 or total > MAX_NEEDED:
        raise SurveyInvalid(
            {"total": [_("The total must be between 1 and %(max)s.") % {"max": f"{MAX_NEEDED}"}]}
        )
    basis = quota_basis(survey=survey)
    if not basis.targets:
        raise SurveyInvalid(
            {"total": [_("The survey targets no mahalle: a proposal needs its target mahalleler.")]}
        )
    if not basis.population:
        raise SurveyInvalid(
            {"total": [_("No TÜİK population is loaded for the survey's target mahalleler.")]}
        )
    counted = [m for m in basis.targets if m.pk in basis.population]
    parts = largest_remainder(total, [basis.population[m.pk] for m in counted])
    rows: list[QuotaRow] = []
    halved, odd = 0, 0
    for mahalle, part in zip(counted, parts, strict=True):
        if part < 1:
            continue
        rows.append(QuotaRow(mahalle, ALL, part))
        if mahalle.pk in basis.by_sex:
            women, men = largest_remainder(part, basis.by_sex[mahalle.pk])
        else:
            halved += 1
            women, men = largest_remainder(part, [1, 1])
            if part % 2:
                if odd % 2:
                    women, men = men, women
                odd += 1
        rows.extend(QuotaRow(mahalle, code, n) for code, n in (("women", women), ("men", men)) if n)
    return Proposal(rows, basis, halved)


# --- CSV ----------------------------------------------------------------------------------


class _MahalleIndex:
    """The mahalleler a file may name, looked up by TÜİK code, slug or name (as
    ``responses.response_mahalle`` reads a choice), in a district when one is given."""

    def __init__(self, mahalleler: Iterable[Mahalle]) -> None:
        self.keys: dict[str, list[Mahalle]] = defaultdict(list)
        for m in mahalleler:
            for key in {
                f"code:{m.tuik_code}" if m.tuik_code else "",
                f"slug:{m.slug}",
                f"name:{m.name_folded}",
                f"name:{fold(display_name(m.source_name))}",
            }:
                if key:
                    self.keys[key].append(m)

    def find(self, text: str, district: str) -> list[Mahalle]:
        name = fold(display_name(text.replace("_", " ")))
        for key in (f"code:{text}", f"slug:{text}", f"name:{name}"):
            found = self.keys.get(key, [])
            if district:
                found = [m for m in found if m.district.name_folded == fold(district)]
            if found:
                return found
        return []


def _mahalle_read(
    text: str, district: str, targets: _MahalleIndex | None, every: _MahalleIndex
) -> tuple[Mahalle | None, str]:
    if not text:
        return None, _("The mahalle is empty.")
    found = targets.find(text, district) if targets else every.find(text, district)
    if not found and targets and every.find(text, district):
        return None, _("“%(mahalle)s”: the survey does not target this mahalle.") % {
            "mahalle": text
        }
    if len(found) == 1:
        return found[0], ""
    if found:
        return None, _(
            "“%(mahalle)s” names several mahalleler: give its TÜİK code, or its district in a "
            "“district” column."
        ) % {"mahalle": text}
    return None, _("No mahalle “%(mahalle)s” is known (a TÜİK code or a name).") % {"mahalle": text}


@dataclass
class SheetImport:
    """What a CSV file gave: the quotas kept (the new sheet) and one problem per row left out
    (row number as a spreadsheet shows it, the header being row 1)."""

    kept: list[Quota] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def replaced(self) -> bool:
        return bool(self.kept)


def quota_sheet_import(*, survey: Survey, text: str, by: Any) -> SheetImport:
    """Read a quota sheet from CSV (columns ``mahalle`` (TÜİK code or name), ``group`` (empty
    for all respondents, else a group's code), ``needed``; a ``district`` column helps when a
    name is found in several districts; other columns are ignored). Bad rows are reported
    and left out; the good ones replace the sheet. When no row is good, the sheet is kept."""
    try:
        records = list(read_text_rows(io.StringIO(text), CSV_COLUMNS, name=_("the file")))
    except (SourceFileError, csv.Error) as error:
        raise SurveyInvalid({"file": [str(error)]}) from error
    if not records:
        raise SurveyInvalid({"file": [_("The file has no rows below its header.")]})
    mahalleler = list(
        Mahalle.objects.select_related("district").defer("geometry", "district__geometry")
    )
    target_ids = _target_ids(survey)
    targets = _MahalleIndex(m for m in mahalleler if m.pk in target_ids) if target_ids else None
    every = _MahalleIndex(mahalleler)
    result = SheetImport()
    numbered: list[tuple[int, QuotaRow]] = []
    for number, record in records:
        mahalle, problem = _mahalle_read(
            record["mahalle"], record.get("district", ""), targets, every
        )
        group = record["group"].strip().lower()
        if mahalle is None:
            result.problems.append((number, problem))
            continue
        try:
            needed = parse_int(record["needed"], field="needed")
        except ParseError as error:
            result.problems.append((number, f"{_where(mahalle, group)}: {error.message}"))
            continue
        numbered.append((number, QuotaRow(mahalle, group, needed)))
    problems = _sheet_problems(survey, [row for _n, row in numbered])
    result.problems.extend((numbered[i][0], message) for i, message in problems.items())
    result.problems.sort()
    good = [row for i, (_n, row) in enumerate(numbered) if i not in problems]
    if good:
        result.kept = quota_sheet_set(survey=survey, rows=good, by=by)
    return result
