"""Reads of the enrolment app: a term's groups, the input of an allocation round, positions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from adilkent.allocation.engine import Allocation, Applicant, allocate
from adilkent.allocation.engine import Placement as Held
from adilkent.allocation.priority import RuleSet, priority_of, rules_in_force, ruleset_from_dict

from .models import Application, Group, Placement, PriorityRules, Term

NO_RULES = "-"  # the version recorded when a programme has no priority rules: lottery only


def term_groups(term: Term) -> list[Group]:
    return list(Group.objects.filter(term=term).select_related("centre"))


def rules_for(term: Term) -> RuleSet | None:
    """The programme's priority rules in force on the term's first day (``None``: none
    defined, so the lottery alone orders the applications)."""
    found = _rules_row(term)
    return found[0] if found else None


def _rules_row(term: Term) -> tuple[RuleSet, PriorityRules] | None:
    rows = {
        row.version: row for row in PriorityRules.objects.filter(programme_id=term.programme_id)
    }
    sets = [
        ruleset_from_dict(
            {**row.rules, "version": row.version, "effective_from": row.effective_from}
        )
        for row in rows.values()
    ]
    if not sets:
        return None
    rules = rules_in_force(sets, term.starts_on)
    return rules, rows[rules.version]


def need_shares(facility_type_code: str) -> dict[int, float]:
    """Each mahalle's place in the Measure pillar's need index for a service type, as a share
    (rank / mahalle measured: near 0 = greatest need), from its latest finished analysis;
    mahalle without need are not listed. Empty when no analysis has finished."""
    from adilkent.analytics.models import AccessAnalysis

    analysis = (
        AccessAnalysis.objects.filter(
            facility_type__code=facility_type_code, status=AccessAnalysis.Status.DONE
        )
        .order_by("-finished_at")
        .first()
    )
    results = analysis.results if analysis and analysis.results else {}
    ranks = results.get("need_ranks") or {}
    measured = int(results.get("mahalle_measured") or 0)
    if not measured:
        return {}
    return {int(place): rank / measured for place, rank in ranks.items()}


def priority_group_codes(term: Term) -> set[str]:
    rules = rules_for(term)
    return {c.code for c in rules.criteria} if rules else set()


@dataclass
class Market:
    """What an allocation round works on, keyed by application number."""

    rules_version: str
    applicants: list[Applicant] = field(default_factory=list)
    capacity: dict[str, int] = field(default_factory=dict)
    held: dict[str, Held] = field(default_factory=dict)
    applications: dict[str, Application] = field(default_factory=dict)
    choice_order: dict[str, list[int]] = field(default_factory=dict)  # engine choice -> order


def allocation_market(term: Term) -> Market:
    found = _rules_row(term)
    rules = found[0] if found else None
    need_type = str(found[1].rules.get("need_index") or "") if found else ""
    shares = need_shares(need_type) if need_type and rules and rules.need_bands else {}
    market = Market(rules.version if rules else NO_RULES)
    groups = term_groups(term)
    market.capacity = {str(g.pk): g.capacity for g in groups}
    placements = list(Placement.objects.filter(application__term=term))
    holding = {p.application_id: p for p in placements if p.state in Placement.HOLDING}
    # an offer declined or left to expire, or a place given up, ends the wait for that choice
    # and the ones ranked below it
    floor: dict[int, int] = {}
    for p in placements:
        if p.state not in Placement.HOLDING:
            floor[p.application_id] = min(
                floor.get(p.application_id, p.choice_order), p.choice_order
            )
    applications = (
        Application.objects.filter(term=term, status=Application.Status.WAITING)
        .prefetch_related("choices")
        .order_by("pk")
    )
    for application in applications:
        key = application.public_id
        held = holding.get(application.pk)
        if held is not None:
            choices: list[tuple[str, ...]] = [(str(held.group_id),)]
            orders = [held.choice_order]
            market.held[key] = Held(str(held.group_id), 0)
        else:
            age = _age(application, term)
            choices, orders = [], []
            for choice in application.choices.all():
                if choice.order >= floor.get(application.pk, 1_000):
                    continue
                fitting = tuple(
                    str(g.pk) for g in groups if g.centre_id == choice.centre_id and g.takes(age)
                )
                if fitting:
                    choices.append(fitting)
                    orders.append(choice.order)
            if not choices:
                continue
        points = (
            priority_of(rules, application.priority_groups, shares.get(application.mahalle_id))
            if rules
            else priority_of(_EMPTY, [])
        )
        market.applicants.append(Applicant(key, tuple(choices), points))
        market.applications[key] = application
        market.choice_order[key] = orders
    return market


_EMPTY = RuleSet(NO_RULES, dt.date.min, ())


def _age(application: Application, term: Term) -> int:
    from .services import age_in_months

    return age_in_months(dt.date.fromisoformat(application.child_birth_date), term.starts_on)


def current_allocation(term: Term) -> tuple[Market, Allocation]:
    """The allocation as a round would find it now (nothing written): the waiting lists."""
    market = allocation_market(term)
    seed = term.lottery_seed or "not drawn yet"
    return market, allocate(
        applicants=market.applicants, capacity=market.capacity, seed=seed, held=market.held
    )


def waiting_positions(application: Application) -> list[tuple[int, int]]:
    """(choice order, position in line) for each choice the application still waits for; the
    position is the best over the centre's groups that fit the child."""
    market, result = current_allocation(application.term)
    key = application.public_id
    found = next((a for a in market.applicants if a.id == key), None)
    if found is None:
        return []
    placed = result.placements.get(key)
    limit = placed.choice if placed else len(found.choices)
    out = []
    for number, choice in enumerate(found.choices[:limit]):
        positions = [p for p in (result.position(key, g) for g in choice) if p is not None]
        if positions:
            out.append((market.choice_order[key][number], min(positions)))
    return out


def applications_by_code(code: str) -> list[Application]:
    """The applications a follow code opens (the children applied for together)."""
    from .services import follow_hash

    code = (code or "").strip().upper()
    if not code:
        return []
    return list(
        Application.objects.filter(follow_hash=follow_hash(code))
        .select_related("term__programme")
        .prefetch_related("choices__centre", "placements__group__centre")
        .order_by("pk")
    )


def open_terms(today: dt.date) -> list[Term]:
    """Terms taking applications today, with their centres' groups (a course's term is
    listed in the course finder, not here)."""
    return list(
        Term.objects.filter(applications_open_on__lte=today, applications_close_on__gte=today)
        .filter(course__isnull=True)
        .select_related("programme")
        .prefetch_related("groups__centre__facility")
        .order_by("programme__name", "starts_on")
    )


@dataclass
class ChildStatus:
    application: Application
    placement: Placement | None  # the offer or place held, if any
    ended: list[Placement]  # offers declined or expired, places given up
    waiting: list[tuple[str, int]]  # (centre name, position in line)


def status_of(application: Application) -> ChildStatus:
    placements = list(application.placements.all())
    holding = next((p for p in placements if p.state in Placement.HOLDING), None)
    ended = [p for p in placements if p.state not in Placement.HOLDING]
    names = {c.order: c.centre.name for c in application.choices.all()}
    waiting = [(names[order], position) for order, position in waiting_positions(application)]
    return ChildStatus(application, holding, ended, waiting)


def group_roll(group: Group) -> list[Placement]:
    """The children holding a place in ``group`` (accepted), by name."""
    held = Placement.objects.filter(group=group, state=Placement.State.ACCEPTED).select_related(
        "application"
    )
    return sorted(held, key=lambda p: p.application.child_name.casefold())


def attendance_on(group: Group, day: dt.date) -> dict[int, bool]:
    from .models import Attendance

    return dict(
        Attendance.objects.filter(placement__group=group, day=day).values_list(
            "placement_id", "present"
        )
    )


def absences_to_follow(group: Group, *, in_a_row: int = 3) -> list[tuple[Placement, int]]:
    """Children whose last ``in_a_row`` or more marked days were all absences, with how many:
    the centre calls the family."""
    from .models import Attendance

    out = []
    for placement in group_roll(group):
        marks = Attendance.objects.filter(placement=placement).order_by("-day")
        run = 0
        for present in marks.values_list("present", flat=True):
            if present:
                break
            run += 1
        if run >= in_a_row:
            out.append((placement, run))
    return out


@dataclass
class GroupFigures:
    group: Group
    accepted: int
    offered: int
    waiting: int  # applications in line for this group


def term_figures(term: Term, centres: Any) -> list[GroupFigures]:
    """Per group of the given centres: places taken, offers open, how many wait."""
    _market, result = current_allocation(term)
    figures = []
    for group in Group.objects.filter(term=term, centre__in=centres).select_related("centre"):
        states = list(Placement.objects.filter(group=group).values_list("state", flat=True))
        figures.append(
            GroupFigures(
                group,
                states.count(Placement.State.ACCEPTED),
                states.count(Placement.State.OFFERED),
                len(result.waiting.get(str(group.pk), [])),
            )
        )
    return figures


@dataclass
class RankedApplication:
    rank: int
    application: Application
    points: int
    reasons: list[tuple[str, int]]
    lottery: str
    placed: str  # the centre and group of the offer or place held, or ""


def ranking(term: Term) -> list[RankedApplication]:
    """The term's applications in allocation order, as the next round would see them: rank,
    points with their reasons, lottery number; what each holds."""
    market, result = current_allocation(term)
    groups = {str(g.pk): g for g in term_groups(term)}
    rows = []
    for ranked in result.order:
        key = ranked.applicant.id
        placed = result.placements.get(key)
        group = groups.get(placed.place) if placed else None
        rows.append(
            RankedApplication(
                ranked.rank,
                market.applications[key],
                ranked.applicant.priority.points,
                list(ranked.applicant.priority.reasons),
                ranked.lottery,
                f"{group.centre.name} · {group.label}" if group and key in market.held else "",
            )
        )
    return rows


@dataclass
class MahalleDemand:
    name: str
    district: str
    applicants: Any  # cases.figures.Cell: None count = fewer than the minimum cell size
    residents: int | None
    need_share: float | None  # place in the need index (near 0 = greatest need)


def applicants_by_mahalle(term: Term) -> list[MahalleDemand]:
    """Who applies and who does not: applications per mahalle (small cells withheld, as in
    every figure of people), with the mahalle's residents and its place in the need index
    named by the priority rules. Mahalle among the most in need (first quarter) are listed
    even without a single application."""
    from django.db.models import Count

    from adilkent.cases.figures import suppress
    from adilkent.places.models import Mahalle, Population

    found = _rules_row(term)
    need_type = str(found[1].rules.get("need_index") or "") if found else ""
    shares = need_shares(need_type) if need_type else {}
    counts = dict(
        Application.objects.filter(term=term)
        .values("mahalle_id")
        .annotate(n=Count("pk"))
        .values_list("mahalle_id", "n")
    )
    wanted = set(counts) | {m for m, share in shares.items() if share <= 0.25}
    cells = {int(c.label): c for c in suppress({str(m): counts.get(m, 0) for m in counts})}
    residents: dict[int, int] = {}
    for mahalle_id, count in (
        Population.objects.filter(mahalle_id__in=wanted, group="total")
        .order_by("mahalle_id", "-year")
        .values_list("mahalle_id", "count")
    ):
        residents.setdefault(mahalle_id, count)
    rows = []
    for mahalle in Mahalle.objects.filter(pk__in=wanted).select_related("district"):
        rows.append(
            MahalleDemand(
                mahalle.name,
                mahalle.district.name,
                cells.get(mahalle.pk),
                residents.get(mahalle.pk),
                shares.get(mahalle.pk),
            )
        )
    return sorted(
        rows, key=lambda r: (r.need_share if r.need_share is not None else 2, r.district, r.name)
    )
