"""Writes to the programme registry: loading the registry data file (idempotent)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from adilkent.places.models import District, Mahalle
from adilkent.text import fold

from .models import (
    Action,
    ActionPlan,
    BudgetLine,
    Criterion,
    CriterionProgramme,
    DatePrecision,
    Fact,
    Framework,
    KpiDefinition,
    KpiOrigin,
    KpiValue,
    Partner,
    Principle,
    Programme,
    ProgrammePartner,
    ReportJob,
    TargetGroup,
)
from .parsing import ParseError, parse_amount, parse_partial_date

DATA_FILE = Path(__file__).resolve().parent / "data" / "programmes.yaml"
LANGS = [code for code, _name in settings.LANGUAGES]
# Fields of a programme that are text of its source document, in checklist order.
STATED_FIELDS = [
    ("objective", "objective"),
    ("description", "description"),
    ("budget", "budget_text"),
    ("duration", "duration_text"),
    ("start", "start_text"),
    ("end", "end_text"),
    ("completed", "completed"),
]


class RegistryDataError(ValueError):
    """The registry data file is wrong; the message names the entry and the problem."""


@dataclass
class LoadReport:
    programmes: int = 0
    facts: int = 0
    kpi_values: int = 0
    partners: int = 0
    budgets: int = 0
    unmatched_places: dict[str, list[str]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [
            f"programmes: {self.programmes}",
            f"sourced facts: {self.facts}",
            f"KPI values: {self.kpi_values}",
            f"partners: {self.partners}",
            f"budget lines: {self.budgets}",
        ]
        for slug, names in sorted(self.unmatched_places.items()):
            out.append(f"{slug}: places not matched to one district or mahalle: {names}")
        return out


def _translated(values: dict[str, str], prefix: str = "") -> dict[str, str]:
    empty = [key for key, value in values.items() if value is None]
    if empty:
        raise RegistryDataError(f"{values!r}: {empty} have no text (a comma left unquoted?)")
    out = {}
    for lang in LANGS:
        if values.get(f"{prefix}{lang}"):
            out[f"{lang}"] = values[f"{prefix}{lang}"]
    if "tr" not in out or "en" not in out:
        raise RegistryDataError(f"{values!r} needs Turkish and English text")
    return out


def _set_translated(obj: Any, name: str, values: dict[str, str]) -> None:
    # Only the per-language columns: assigning the bare field would write the active language.
    for lang in LANGS:
        setattr(obj, f"{name}_{lang}", values.get(lang, ""))


def resolve_place(name: str) -> District | Mahalle | str:
    """A district or mahalle for a place name as a source writes it, or why there is none.

    "District/Mahalle" names both; a bare name is a district when one has that name, else the
    one mahalle of the city with that name (several of the same name are not guessed between).
    """
    if "/" in name:
        district_name, mahalle_name = (p.strip() for p in name.split("/", 1))
        found = list(
            Mahalle.objects.filter(
                district__name_folded=fold(district_name), name_folded=fold(mahalle_name)
            )
        )
        return found[0] if len(found) == 1 else f"{name} (no such mahalle)"
    district = District.objects.filter(name_folded=fold(name)).first()
    if district is not None:
        return district
    found = list(Mahalle.objects.filter(name_folded=fold(name)).select_related("district"))
    if len(found) == 1:
        return found[0]
    if not found:
        return f"{name} (no district or mahalle of this name)"
    return f"{name} ({len(found)} mahalleler of this name)"


def _date_parts(programme: Programme, part: str, text: str) -> None:
    parsed = parse_partial_date(text)
    setattr(programme, f"{part}_text", text)
    setattr(programme, f"{part}_kind", DatePrecision(parsed.kind))
    setattr(programme, f"{part}_year", parsed.year)
    setattr(programme, f"{part}_month", parsed.month)
    setattr(programme, f"{part}_day", parsed.day)
    if parsed.note and parsed.note not in programme.date_note:
        programme.date_note = (programme.date_note + " " + parsed.note).strip()


def _load_programme(
    entry: dict[str, Any], report: LoadReport, units: dict[str, dict[str, str]]
) -> Programme:
    slug = entry["slug"]
    seed = entry["seed"]
    unit = units.get(seed) if not entry.get("responsible_unit") else None
    programme = Programme.objects.filter(slug=slug).first() or Programme(slug=slug)
    _set_translated(programme, "name", _translated(entry["name"]))
    _set_translated(programme, "summary", _translated(entry["summary"]))
    programme.kind = entry.get("kind", "project")
    programme.status = entry.get("status", "unknown")
    programme.source_language = entry.get("source_language", "en" if seed < "002" else "tr")
    programme.objective = entry.get("objective", "")
    programme.description = entry.get("description", "")
    programme.completed = entry.get("completed", "")
    programme.duration_text = entry.get("duration", "")
    programme.budget_text = entry.get("budget", "")
    programme.responsible_unit = entry.get("responsible_unit") or (unit or {}).get("unit", "")
    programme.seed_names = dict(entry.get("seed_names", {}))
    programme.citywide = bool(entry.get("citywide", False))
    programme.places_note = entry.get("places_note", "")
    programme.components = list(entry.get("working_groups", []))
    programme.date_note = entry.get("date_note", "")
    try:
        _date_parts(programme, "start", entry.get("start", ""))
        _date_parts(programme, "end", entry.get("end", ""))
    except ParseError as error:
        raise RegistryDataError(f"{slug}: {error}") from error
    programme.parent = Programme.objects.get(slug=entry["parent"]) if entry.get("parent") else None
    try:
        programme.full_clean(exclude=["partners", "target_groups", "districts", "mahalleler"])
    except ValidationError as error:
        raise RegistryDataError(f"{slug}: {error.message_dict}") from error
    programme.save()

    programme.target_groups.set(TargetGroup.objects.filter(key__in=entry.get("target_groups", [])))
    districts: list[District] = []
    mahalleler: list[Mahalle] = []
    unmatched = []
    for name in entry.get("places", []):
        place = resolve_place(name)
        if isinstance(place, District):
            districts.append(place)
        elif isinstance(place, Mahalle):
            mahalleler.append(place)
        else:
            unmatched.append(place)
    programme.districts.set(districts)
    programme.mahalleler.set(mahalleler)
    if unmatched:
        report.unmatched_places[slug] = unmatched
        programme.places_note = " ".join(
            [programme.places_note, "Not matched to one place: " + "; ".join(unmatched) + "."]
        ).strip()
        programme.save(update_fields=["places_note"])

    ProgrammePartner.objects.filter(programme=programme).delete()
    for link in entry.get("partners", []):
        ProgrammePartner.objects.create(
            programme=programme, partner=Partner.objects.get(key=link["key"]), role=link["role"]
        )

    programme.facts.all().delete()
    order = 0
    for name in programme.seed_names.values():
        Fact.objects.create(
            programme=programme, field="name", seed=seed_of(entry, name), quote=name, order=order
        )
        order += 1
    for key, attr in STATED_FIELDS:
        # A field is sourced by its own text, or, when that text is a summary of a sentence
        # (a date read from a sentence), by the sentence given as ``<field>_fact``.
        quote = entry.get(f"{key}_fact") or getattr(programme, attr)
        if quote:
            Fact.objects.create(programme=programme, field=key, seed=seed, quote=quote, order=order)
            order += 1
    if unit:
        Fact.objects.create(
            programme=programme,
            field="responsible_unit",
            seed=seed,
            quote=unit["quote"],
            order=order,
        )
        order += 1
    for fact in entry.get("facts", []):
        Fact.objects.create(
            programme=programme,
            field=fact["field"],
            seed=fact["seed"],
            quote=fact["quote"],
            note=fact.get("note", ""),
            order=order,
        )
        order += 1

    programme.budgets.all().delete()
    for line in entry.get("budgets", []):
        try:
            amount = parse_amount(line["text"])
        except ParseError as error:
            raise RegistryDataError(f"{slug}: budget {line['text']!r}: {error}") from error
        BudgetLine.objects.create(
            programme=programme,
            original_text=line["text"],
            amount=amount.value,
            currency=amount.currency,
            qualifier=amount.qualifier,
            year_from=line.get("year_from"),
            year_to=line.get("year_to"),
            period_text=line.get("period", ""),
            note=line.get("note", ""),
        )
        report.budgets += 1

    programme.kpi_values.filter(origin=KpiOrigin.SEED).delete()
    for kpi in entry.get("kpis", []):
        KpiValue.objects.create(
            programme=programme,
            kpi=KpiDefinition.objects.get(key=kpi["kpi"]),
            value=Decimal(str(kpi["value"])),
            qualifier=kpi.get("qualifier", "exact"),
            year=kpi.get("year"),
            period_text=kpi.get("period", ""),
            is_target=bool(kpi.get("is_target", False)),
            original_text=kpi["text"],
            seed=kpi.get("seed", seed),
        )
        report.kpi_values += 1
    report.facts += programme.facts.count()
    return programme


def seed_of(entry: dict[str, Any], name: str) -> str:
    """The document whose name for the programme is ``name``."""
    return next(seed for seed, value in entry["seed_names"].items() if value == name)


def read_data(path: Path = DATA_FILE) -> dict[str, Any]:
    try:
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise RegistryDataError(f"{path}: not valid YAML: {error}") from error
    for key in ("target_groups", "partners", "kpis", "programmes"):
        if key not in data:
            raise RegistryDataError(f"{path}: no {key!r} section")
    for file in sorted((path.parent / "translations").glob("*.json")):
        translations_merge(data, language=file.stem, texts=json.loads(file.read_text("utf-8")))
    return data


def translations_merge(data: dict[str, Any], *, language: str, texts: dict[str, Any]) -> None:
    """Put one language's names and summaries (``translations/<language>.json``: programmes by
    slug, partners and indicators by key) into the registry data, so that translators work in
    one file per language. A translation of something the registry does not have is refused."""
    if language not in LANGS:
        raise RegistryDataError(f"translations/{language}.json: not a language of the site")
    sections: dict[str, tuple[dict[str, dict[str, Any]], dict[str, str | None]]] = {
        "programmes": ({e["slug"]: e for e in data["programmes"]}, {"name": "", "summary": ""}),
        "partners": ({e["key"]: e for e in data["partners"]}, {"name": None}),
        "kpis": ({e["key"]: e for e in data["kpis"]}, {"name": None, "unit": "unit_"}),
    }
    for section, entries_texts in texts.items():
        if section not in sections:
            raise RegistryDataError(f"translations/{language}.json: no section {section!r}")
        entries, fields = sections[section]
        for key, values in entries_texts.items():
            entry = entries.get(key)
            if entry is None:
                raise RegistryDataError(f"translations/{language}.json: no {section} {key!r}")
            for name, text in values.items():
                if name not in fields:
                    raise RegistryDataError(
                        f"translations/{language}.json: {section} {key!r} has no {name!r}"
                    )
                prefix = fields[name]
                if prefix is None:  # flat: {"tr": ..., "en": ...}
                    entry[language] = text
                elif prefix:  # flat with a prefix: {"unit_tr": ...}
                    entry[f"{prefix}{language}"] = text
                else:  # nested: {"name": {"tr": ...}}
                    entry[name][language] = text


def load_registry(path: Path = DATA_FILE) -> LoadReport:
    """Create or update everything in the registry data file; running it twice changes nothing."""
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        return _load_registry(path)


def _load_registry(path: Path) -> LoadReport:
    data = read_data(path)
    report = LoadReport()
    for order, entry in enumerate(data["target_groups"]):
        group = TargetGroup.objects.filter(key=entry["key"]).first() or TargetGroup(
            key=entry["key"]
        )
        _set_translated(group, "name", _translated(entry))
        group.order = order
        group.save()
    for entry in data["partners"]:
        partner = Partner.objects.filter(key=entry["key"]).first() or Partner(key=entry["key"])
        _set_translated(partner, "name", _translated(entry))
        partner.kind = entry["kind"]
        partner.full_clean()
        partner.save()
        report.partners += 1
    for entry in data["kpis"]:
        kpi = KpiDefinition.objects.filter(key=entry["key"]).first() or KpiDefinition(
            key=entry["key"]
        )
        _set_translated(kpi, "name", _translated(entry))
        _set_translated(kpi, "unit", _translated(entry, "unit_"))
        kpi.save()
    units = {u["seed"]: u for u in data.get("seed_units", [])}
    # Parents first, so that children can point at them.
    entries = sorted(data["programmes"], key=lambda e: bool(e.get("parent")))
    seen = set()
    for entry in entries:
        if entry["slug"] in seen:
            raise RegistryDataError(f"{entry['slug']}: listed twice")
        seen.add(entry["slug"])
        _load_programme(entry, report, units)
        report.programmes += 1
    for entry in data.get("frameworks", []):
        _load_framework(entry)
    for entry in data.get("action_plans", []):
        _load_action_plan(entry)
    return report


def _load_framework(entry: dict[str, Any]) -> Framework:
    framework, _created = Framework.objects.update_or_create(
        key=entry["key"], defaults={"title": entry["title"], "seed": entry.get("seed", "")}
    )
    framework.principles.all().delete()
    for p_order, p in enumerate(entry["principles"]):
        principle = Principle.objects.create(
            framework=framework, code=p["code"], title=p["title"], order=p_order
        )
        for c_order, c in enumerate(p.get("criteria", [])):
            criterion = Criterion.objects.create(
                principle=principle, title=c["title"], order=c_order
            )
            for order, slug in enumerate(c.get("programmes", [])):
                CriterionProgramme.objects.create(
                    criterion=criterion, programme=Programme.objects.get(slug=slug), order=order
                )
    return framework


def _load_action_plan(entry: dict[str, Any]) -> ActionPlan:
    plan, _created = ActionPlan.objects.update_or_create(
        key=entry["key"],
        defaults={
            "title": entry["title"],
            "year_from": entry["year_from"],
            "year_to": entry["year_to"],
            "programme": Programme.objects.filter(slug=entry.get("programme", "")).first(),
        },
    )
    plan.actions.all().delete()
    for order, action in enumerate(entry.get("actions", [])):
        Action.objects.create(
            plan=plan,
            title=action["title"],
            owner=action.get("owner", ""),
            deadline_text=action.get("deadline", ""),
            indicator=action.get("indicator", ""),
            seed=action.get("seed", ""),
            quote=action.get("quote", ""),
            order=order,
        )
    return plan


# --- reports generated in the background --------------------------------------------------------


def request_report(report: str, fmt: str, argument: str, language: str) -> ReportJob:
    """Record a report job and queue it; the job row is stored before anything is queued."""
    from .tasks import generate_report

    job = ReportJob.objects.create(report=report, fmt=fmt, argument=argument, language=language)
    transaction.on_commit(lambda: generate_report.enqueue(job.pk))
    return job


def run_report_job(job_id: int) -> None:
    """Build the report of a job, recording progress; a failure is kept with its reason."""
    from . import reports

    job = ReportJob.objects.get(pk=job_id)
    if job.state == ReportJob.State.DONE:
        return
    ReportJob.objects.filter(pk=job_id).update(state=ReportJob.State.RUNNING, progress=1)

    def progress(percent: int) -> None:
        ReportJob.objects.filter(pk=job_id).update(progress=max(1, min(99, percent)))

    try:
        content = reports.build(job.report, job.fmt, job.argument, job.language, progress)
    except Exception as error:  # the job is marked failed and can be requested again
        ReportJob.objects.filter(pk=job_id).update(
            state=ReportJob.State.FAILED, error=f"{type(error).__name__}: {error}"
        )
        raise
    ReportJob.objects.filter(pk=job_id).update(
        state=ReportJob.State.DONE, progress=100, content=content, finished_at=timezone.now()
    )
