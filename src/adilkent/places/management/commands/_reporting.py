"""Shared output of the import commands: a short report on the console, the full one in files."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from adilkent.importers.render import render_reports
from adilkent.importers.report import ImportReport


def write_reports(
    command: BaseCommand, reports: Sequence[ImportReport], name: str, max_rows: int = 20
) -> Path:
    out_dir = Path(settings.VAR_DIR) / "reports"
    out_dir.mkdir(parents=True, exist_ok=True)
    md_path = out_dir / f"{name}.md"
    md_path.write_text(render_reports(reports), encoding="utf-8")
    (out_dir / f"{name}.json").write_text(
        json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=1, default=str),
        encoding="utf-8",
    )
    command.stdout.write(render_reports(reports, max_rows=max_rows))
    command.stdout.write(command.style.SUCCESS(f"Full report: {md_path} (and .json)"))
    return md_path
