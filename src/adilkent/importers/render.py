"""Import reports as Markdown, for the console and for a file a person reads."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from .report import ImportReport, RowProblem


def _reason_kind(reason: str) -> str:
    """The reason with the row's own numbers and quoted values blanked, to group by kind."""
    reason = re.sub(r"'[^']*'", "'…'", reason)
    return re.sub(r"-?\d+(?:[.,]\d+)*", "#", reason)


def _problem_line(p: RowProblem) -> str:
    detail = ", ".join(f"{k}={v}" for k, v in p.values.items() if v and len(str(v)) < 80)
    return f"- {p.file} row {p.row}: {p.reason}" + (f" [{detail}]" if detail else "")


def render_report(report: ImportReport, max_rows: int | None = None) -> str:
    lines = [f"## {report.title}", ""]
    lines.append(f"Files: {', '.join(report.files) or '-'}")
    lines.append(
        f"Rows read: {report.rows_read:,}; created {report.created:,}, updated "
        f"{report.updated:,}, unchanged {report.unchanged:,}; skipped {len(report.skipped):,}; "
        f"warnings {len(report.warnings):,}"
        + (f"; {report.stale:,} in the database no longer in the source" if report.stale else "")
    )
    for note in report.notes:
        lines.append(f"- Note: {note}")
    for name, section in report.sections.items():
        if name == "matching":
            lines.extend(_render_matching(section))  # type: ignore[arg-type]
        else:
            lines.append(f"- {name}: {section}")
    for title, problems in (("Skipped rows", report.skipped), ("Warnings", report.warnings)):
        if not problems:
            continue
        kinds = Counter(_reason_kind(p.reason) for p in problems)
        lines += ["", f"### {title} ({len(problems):,})", ""]
        lines += [f"- {count} × {kind}" for kind, count in kinds.most_common()]
        lines.append("")
        shown = problems if max_rows is None else problems[:max_rows]
        lines += [_problem_line(p) for p in shown]
        if len(shown) < len(problems):
            lines.append(f"- … and {len(problems) - len(shown)} more (see the full report file)")
    lines.append("")
    return "\n".join(lines)


def _render_matching(m: dict[str, Any]) -> list[str]:
    by_method = ", ".join(f"{k} {v}" for k, v in sorted(m["matched_by_method"].items()))
    lines = [
        "",
        "### Matching population mahalle to boundary polygons",
        "",
        f"- {m['matched']:,} of {m['population_mahalle']:,} mahalle matched a polygon "
        f"({by_method}); {len(m['unmatched_mahalle'])} unmatched.",
        f"- {m['polygons']:,} polygons; {len(m['unmatched_polygons'])} have no population row.",
    ]
    if m["non_exact_matches"]:
        lines += ["", "Matched by a rule other than exact name:", ""]
        lines += [
            f"- {x['district']}: {x['population_name']} ↔ {x['boundary_name']} ({x['method']})"
            for x in m["non_exact_matches"]
        ]
    if m["unmatched_mahalle"]:
        lines += ["", "Mahalle with no polygon (closest candidates in the same district):", ""]
        for u in m["unmatched_mahalle"]:
            cands = "; ".join(f"{c['name']} ({c['score']:.0f})" for c in u["candidates"]) or "none"
            lines.append(f"- {u['district']}: {u['name']} [TÜİK {u['tuik_code']}] → {cands}")
    if m["unmatched_polygons"]:
        lines += ["", "Polygons with no population row:", ""]
        for u in m["unmatched_polygons"]:
            cands = "; ".join(f"{c['name']} ({c['score']:.0f})" for c in u["candidates"]) or "none"
            lines.append(f"- {u['district']}: {u['name']} [id {u['source_id']}] → {cands}")
    return lines


def render_reports(reports: Sequence[ImportReport], max_rows: int | None = None) -> str:
    head = ["# Import report", ""]
    for r in reports:
        head.append(
            f"- {r.title}: {r.rows_read:,} read, {r.created:,} created, {r.updated:,} updated, "
            f"{r.unchanged:,} unchanged, {len(r.skipped):,} skipped"
        )
    head.append("")
    return "\n".join(head + [render_report(r, max_rows) for r in reports])
