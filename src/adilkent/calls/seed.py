"""The example calls (``data/calls.yaml``): a volunteer call of the Eşit İzmir programme and a
micro-grant call of the Social Incubation Program, with their roles, trainings, criteria,
questions and shifts, loaded idempotently with dates around ``today``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone

from adilkent.places.models import District
from adilkent.programmes.models import Programme

from .models import Call, Criterion, Question, Role, Shift, ShiftNeed, Training

DATA = Path(__file__).parent / "data" / "calls.yaml"


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@transaction.atomic
def load_example_calls(*, today: dt.date) -> list[Call]:
    """Create the example calls that do not exist yet (a call already there is left as it
    is, with its applications)."""
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    made = []
    for spec in data["calls"]:
        if Call.objects.filter(slug=spec["slug"]).exists():
            continue
        call = Call.objects.create(
            slug=spec["slug"],
            kind=spec["kind"],
            programme=Programme.objects.filter(slug=spec.get("programme", "")).first(),
            title=spec["title"],
            purpose=spec.get("purpose", {}),
            eligibility=spec.get("eligibility", {}),
            languages=list(spec["title"]),
            opens_on=today - dt.timedelta(days=10),
            closes_on=today + dt.timedelta(days=30),
            minimum_age=spec.get("minimum_age", 18),
            budget_total=spec.get("budget_total"),
            maximum_award=spec.get("maximum_award"),
            source=(("Example call. " if spec.get("example") else "") + spec["source"])[:300],
        )
        trainings = {
            t["key"]: Training.objects.create(
                call=call, key=t["key"], name=t["name"], hours=t["hours"]
            )
            for t in spec.get("trainings", [])
        }
        roles = {
            r["key"]: Role.objects.create(
                call=call,
                key=r["key"],
                name=r["name"],
                requires_training=trainings.get(r.get("requires", "")),
            )
            for r in spec.get("roles", [])
        }
        for order, c in enumerate(spec.get("criteria", []), start=1):
            Criterion.objects.create(
                call=call,
                key=c["key"],
                name=c["name"],
                weight=c["weight"],
                max_score=c["max_score"],
                order=order,
            )
        for order, q in enumerate(spec.get("questions", []), start=1):
            choices = q.get("choices", [])
            if q.get("choices_from_roles"):
                choices = [{"value": r.key, "label": r.name} for r in roles.values()]
            Question.objects.create(
                call=call,
                key=q["key"],
                order=order,
                kind=q["kind"],
                label=q["label"],
                required=q.get("required", True),
                choices=choices,
            )
        for s in spec.get("shifts", []):
            day = today + dt.timedelta(days=s["in_days"])
            shift = Shift.objects.create(
                call=call,
                activity=s["activity"],
                place=s.get("place", ""),
                district=District.objects.filter(name=s.get("district", "")).first(),
                starts_at=_aware(day, s["hours"][0]),
                ends_at=_aware(day, s["hours"][1]),
            )
            for key, needed in s["needs"].items():
                ShiftNeed.objects.create(shift=shift, role=roles[key], needed=needed)
        made.append(call)
    return made
