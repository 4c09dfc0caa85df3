"""Writes and reads of selection by lot, keyword-only, raising
:class:`~adilkent.council.services.CouncilInvalid` (messages per field, nothing changed).

A coordinator opens a draw for a body with the seats to fill, records the applicants (one by
one or from a CSV file: each bad row is reported, the others are added), sets the quotas per
district, sex and age band (a proposal is offered: districts and sexes in proportion to TÜİK's
population of the applicants' districts, age bands in proportion to the applicants), and draws
with a seed (typed in, e.g. from dice thrown in public, or generated). The draw itself is
:func:`adilkent.council.lottery.draw`. Selection makes nobody a member: the coordinator adds
the people drawn with :func:`~adilkent.council.services.body_member_add`, where the rules for
children apply as always."""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
import secrets
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from adilkent.importers.csvfiles import SourceFileError, read_text_rows
from adilkent.places.models import District, Population, PopulationGroup

from . import lottery
from .models import AgeBand, Applicant, Body, Draw, Sex, age_band_of, age_on
from .services import CouncilInvalid

log = logging.getLogger(__name__)

IMPORT_COLUMNS = ("name", "district", "sex", "birth_date")


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise CouncilInvalid(errors)


def _open(draw: Draw) -> None:
    if draw.status != Draw.Status.OPEN:
        raise CouncilInvalid({"": [_("This draw has been made: it cannot be changed.")]})


def seed_new() -> int:
    """A seed for a draw, from the operating system's secure generator."""
    return 1 + secrets.randbelow(lottery.SEED_MAX)


def district_names() -> list[str]:
    return list(District.objects.order_by("name").values_list("name", flat=True))


@transaction.atomic
def draw_open(*, body: Body, title: str, seats: int, by: Any) -> Draw:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors.setdefault("title", []).append(_("Give the draw a title."))
    if seats < 1:
        errors.setdefault("seats", []).append(_("At least one seat must be drawn."))
    _raise(errors)
    draw = Draw.objects.create(body=body, title=title.strip(), seats=seats, created_by=by)
    log.info("council: draw %s opened for %s", draw.pk, body.slug)
    return draw


def _applicant_errors(
    *,
    draw: Draw,
    full_name: str,
    district: str,
    sex: str,
    birth_date: dt.date | None,
    today: dt.date,
) -> tuple[dict[str, list[str]], str]:
    errors: dict[str, list[str]] = {}
    band = ""
    if not full_name.strip():
        errors.setdefault("full_name", []).append(_("Give the applicant's name."))
    if not District.objects.filter(name=district).exists():
        errors.setdefault("district", []).append(_("Choose one of İzmir's districts."))
    if sex not in Sex.values:
        errors.setdefault("sex", []).append(_("Choose the sex from the list."))
    if birth_date is None:
        errors.setdefault("birth_date", []).append(_("Give the date of birth."))
    elif birth_date > today:
        errors.setdefault("birth_date", []).append(_("The date of birth cannot be in the future."))
    else:
        age = age_on(birth_date, today)
        body = draw.body
        if (body.min_age is not None and age < body.min_age) or (
            body.max_age is not None and age > body.max_age
        ):
            errors.setdefault("birth_date", []).append(
                _("This body admits members aged %(low)s to %(high)s; the applicant is %(age)s.")
                % {"low": body.min_age or 0, "high": body.max_age or "…", "age": age}
            )
        band = age_band_of(age)
        if not band:
            errors.setdefault("birth_date", []).append(
                _("The draws admit applicants aged 10 or older.")
            )
    return errors, band


def _next_reference(draw: Draw) -> str:
    last = draw.applicants.aggregate(n=Max("reference"))["n"] or "A0000"
    return f"A{int(last[1:]) + 1:04d}"


@transaction.atomic
def draw_applicant_add(
    *,
    draw: Draw,
    full_name: str,
    district: str,
    sex: str,
    birth_date: dt.date | None,
    phone: str = "",
    email: str = "",
    by: Any,
    today: dt.date | None = None,
) -> Applicant:
    draw = Draw.objects.select_for_update().select_related("body").get(pk=draw.pk)
    _open(draw)
    errors, band = _applicant_errors(
        draw=draw,
        full_name=full_name,
        district=district,
        sex=sex,
        birth_date=birth_date,
        today=today or timezone.localdate(),
    )
    _raise(errors)
    return Applicant.objects.create(
        draw=draw,
        reference=_next_reference(draw),
        full_name=full_name.strip(),
        phone=phone.strip(),
        email=email.strip(),
        district=district,
        sex=sex,
        birth_date=birth_date,
        age_band=band,
        added_by=by,
    )


def draw_applicants_import(
    *, draw: Draw, text: str, by: Any, today: dt.date | None = None
) -> tuple[int, list[tuple[int, str]]]:
    """Add the applicants of a CSV file (columns name, district, sex, birth_date as
    YYYY-MM-DD; phone and email optional). Returns how many were added and the problems, one
    per bad row with its row number; the good rows are added."""
    _open(draw)
    added = 0
    problems: list[tuple[int, str]] = []
    try:
        rows = list(read_text_rows(io.StringIO(text), IMPORT_COLUMNS, name=_("the file")))
    except SourceFileError as error:
        raise CouncilInvalid({"file": [str(error)]}) from error
    for number, row in rows:
        try:
            born = dt.date.fromisoformat(row["birth_date"]) if row["birth_date"] else None
        except ValueError:
            problems.append((number, _("The date of birth must be written as YYYY-MM-DD.")))
            continue
        try:
            draw_applicant_add(
                draw=draw,
                full_name=row["name"],
                district=row["district"],
                sex=row["sex"],
                birth_date=born,
                phone=row.get("phone", ""),
                email=row.get("email", ""),
                by=by,
                today=today,
            )
        except CouncilInvalid as error:
            problems.extend((number, m) for found in error.errors.values() for m in found)
        else:
            added += 1
    return added, problems


def pool(draw: Draw) -> list[lottery.Applicant]:
    """The applicants as the lottery sees them (and as the pool is published), by reference."""
    return [
        lottery.Applicant(a.reference, a.district, a.sex, a.age_band)
        for a in draw.applicants.order_by("reference")
    ]


def quotas(draw: Draw) -> list[lottery.Quota]:
    return [
        lottery.Quota(q["feature"], q["value"], int(q["min"]), int(q["max"])) for q in draw.quotas
    ]


def _population_shares(districts: list[str]) -> tuple[dict[str, float], dict[str, float]]:
    """Shares of each district's residents, and of women and men, among ``districts`` (the
    latest year TÜİK gives)."""
    rows = Population.objects.filter(district__name__in=districts, mahalle__isnull=True)
    year = rows.aggregate(y=Max("year"))["y"]
    if year is None:  # districts counted only through their mahalle
        rows = Population.objects.filter(mahalle__district__name__in=districts)
        year = rows.aggregate(y=Max("year"))["y"]
    by_district: dict[str, float] = {}
    by_sex: dict[str, float] = {}
    for row in rows.filter(year=year).values(
        "group", "count", "district__name", "mahalle__district__name"
    ):
        name = row["district__name"] or row["mahalle__district__name"]
        if row["group"] == PopulationGroup.TOTAL:
            by_district[name] = by_district.get(name, 0) + row["count"]
        else:
            by_sex[row["group"]] = by_sex.get(row["group"], 0) + row["count"]
    return by_district, by_sex


def _bounds(share: float, seats: int, available: int) -> tuple[int, int]:
    ideal = share * seats
    return min(math.floor(ideal), available), min(max(math.ceil(ideal), 1), available)


def draw_quotas_propose(*, draw: Draw) -> list[lottery.Quota]:
    """Quotas in proportion to the population: each district and sex gets between the floor
    and the ceiling of its share of the seats (shares from TÜİK's population of the applicants'
    districts; applicants who did not state their sex by their share of the pool); age bands
    by their share of the applicants (no population by age is loaded)."""
    applicants = pool(draw)
    if not applicants:
        return []
    seats, total = draw.seats, len(applicants)
    found: list[lottery.Quota] = []
    district_counts = lottery.counts(applicants, "district")
    by_district, by_sex = _population_shares(sorted(district_counts))
    people = sum(by_district.values())
    for name, have in sorted(district_counts.items()):
        share = by_district.get(name, 0) / people if people else have / total
        found.append(lottery.Quota("district", name, *_bounds(share, seats, have)))
    sex_counts = lottery.counts(applicants, "sex")
    unstated = sex_counts.get(Sex.UNSTATED, 0) / total
    stated = sum(by_sex.values())
    for value, have in sorted(sex_counts.items()):
        if value == Sex.UNSTATED or not stated:
            share = have / total
        else:
            share = (1 - unstated) * by_sex.get(value, 0) / stated
        found.append(lottery.Quota("sex", value, *_bounds(share, seats, have)))
    for value, have in sorted(lottery.counts(applicants, "age_band").items()):
        found.append(lottery.Quota("age_band", value, *_bounds(have / total, seats, have)))
    return found


@transaction.atomic
def draw_quotas_set(*, draw: Draw, quotas: list[lottery.Quota]) -> Draw:
    draw = Draw.objects.select_for_update().get(pk=draw.pk)
    _open(draw)
    errors: dict[str, list[str]] = {}
    for q in quotas:
        if q.feature not in lottery.FEATURES:
            errors.setdefault("", []).append(_("Unknown stratum: %(name)s.") % {"name": q.feature})
        elif q.min < 0 or q.max < q.min:
            errors.setdefault("", []).append(
                _("%(value)s: the minimum must be 0 or more and not above the maximum.")
                % {"value": q.value}
            )
    _raise(errors)
    draw.quotas = [
        {"feature": q.feature, "value": q.value, "min": q.min, "max": q.max} for q in quotas
    ]
    draw.save(update_fields=["quotas"])
    return draw


@transaction.atomic
def draw_run(*, draw: Draw, seed: int, by: Any) -> Draw:
    """Draw the seats: the result, the seed, the algorithm and the library's version are
    kept, and the applicants drawn are marked selected. A draw is made once."""
    draw = Draw.objects.select_for_update().get(pk=draw.pk)
    _open(draw)
    if not draw.quotas:
        raise CouncilInvalid({"": [_("Set the quotas before drawing.")]})
    try:
        result = lottery.draw(pool(draw), quotas(draw), seats=draw.seats, seed=seed)
    except lottery.DrawImpossible as error:
        raise CouncilInvalid({"": [_("The draw cannot be made:"), *error.problems]}) from error
    draw.applicants.filter(reference__in=result.selected).update(selected=True)
    draw.seed = seed
    draw.algorithm = result.algorithm
    draw.library_version = result.library_version
    draw.report = result.report
    draw.status = Draw.Status.DRAWN
    draw.drawn_by = by
    draw.drawn_at = timezone.now()
    draw.save()
    log.info("council: draw %s made with seed %s", draw.pk, seed)
    return draw


# --- reads --------------------------------------------------------------------------------------


def strata_table(draw: Draw) -> list[dict[str, Any]]:
    """Per quota: the stratum, its minimum and maximum, the applicants with it and (once
    drawn) the people drawn with it, and whether the quota is met."""
    applicants = pool(draw)
    selected = set(draw_selected(draw))
    drawn = [a for a in applicants if a.reference in selected]
    rows = []
    for q in quotas(draw):
        chosen = sum(1 for a in drawn if a.value(q.feature) == q.value)
        rows.append(
            {
                "feature": q.feature,
                "value": q.value,
                "label": stratum_label(q.feature, q.value),
                "feature_label": feature_label(q.feature),
                "min": q.min,
                "max": q.max,
                "applicants": sum(1 for a in applicants if a.value(q.feature) == q.value),
                "drawn": chosen,
                "met": q.min <= chosen <= q.max,
            }
        )
    return rows


def draw_selected(draw: Draw) -> list[str]:
    return list(
        draw.applicants.filter(selected=True)
        .order_by("reference")
        .values_list("reference", flat=True)
    )


def stratum_label(feature: str, value: str) -> str:
    if feature == "sex":
        return str(dict(Sex.choices).get(value, value))
    if feature == "age_band":
        return str(dict(AgeBand.choices).get(value, value))
    return value


def feature_label(feature: str) -> str:
    return {
        "district": _("district"),
        "sex": _("sex"),
        "age_band": _("age band"),
    }.get(feature, feature)
