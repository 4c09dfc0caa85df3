"""Reports generated from the registry: the checklist, the action plan progress report and the
per-programme fact sheet, as HTML, PDF (WeasyPrint) and DOCX (python-docx).

Fields the sources leave empty are printed as missing, never left out, so that a reader sees
what is not known.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import selectors

FONTS_CSS = Path(__file__).resolve().parent / "static" / "programmes" / "report.css"
Progress = Callable[[int], None]


def _noop(_percent: int) -> None:
    return None


def _context(language: str) -> dict[str, object]:
    return {
        "generated": timezone.localtime(),
        "LANGUAGE_CODE": language,
        "LANGUAGE_BIDI": translation.get_language_bidi(),
        "CITY_NAME": settings.CITY_NAME,
        "report_css": FONTS_CSS.read_text(encoding="utf-8"),
    }


def checklist_html(framework_key: str, language: str) -> str:
    with translation.override(language):
        data = selectors.checklist(framework_key)
        if data is None:
            raise LookupError(f"no checklist {framework_key!r}")
        return render_to_string(
            "programmes/report_checklist.html", {**_context(language), "checklist": data}
        )


def action_plan_html(language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "programmes/report_action_plan.html",
            {**_context(language), "plans": list(selectors.action_plans())},
        )


def factsheet_html(slug: str, language: str) -> str:
    with translation.override(language):
        programme = selectors.programme_by_slug(slug)
        if programme is None:
            raise LookupError(f"no programme {slug!r}")
        return render_to_string(
            "programmes/report_factsheet.html",
            {
                **_context(language),
                "programme": programme,
                "series": selectors.kpi_series(programme),
            },
        )


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, slow to import

    pdf: bytes = HTML(string=html, base_url=str(settings.SRC_DIR)).write_pdf()
    return pdf


def checklist_docx(framework_key: str, language: str, progress: Progress = _noop) -> bytes:
    """The checklist as a Word document in the structure of the original form."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    with translation.override(language):
        data = selectors.checklist(framework_key)
        if data is None:
            raise LookupError(f"no checklist {framework_key!r}")
        doc = Document()
        style = doc.styles["Normal"]
        style.font.name = "Noto Sans"
        style.font.size = Pt(10)
        doc.add_heading(data.framework.title, level=0)
        doc.add_paragraph(
            _(
                "Generated from the programme registry on %(date)s. Fields marked “%(missing)s” are empty in the source."
            )
            % {"date": timezone.localdate().isoformat(), "missing": _("missing")}
        )
        total = max(1, len(data.principles))
        for index, principle in enumerate(data.principles):
            doc.add_heading(f"{principle.principle.code}  {principle.principle.title}", level=1)
            if not principle.criteria:
                doc.add_paragraph(_("No criterion or project is listed under this principle."))
            for criterion in principle.criteria:
                doc.add_heading(criterion.criterion.title, level=2)
                for project in criterion.projects:
                    doc.add_heading(
                        project.programme.seed_names.get(
                            data.framework.seed, project.programme.name
                        ),
                        level=3,
                    )
                    table = doc.add_table(rows=0, cols=2)
                    table.style = "Table Grid"
                    for label, text in project.fields:
                        row = table.add_row().cells
                        row[0].text = label
                        if text:
                            row[1].text = text
                        else:
                            run = row[1].paragraphs[0].add_run(_("missing"))
                            run.italic = True
                            run.font.color.rgb = RGBColor(0x8A, 0x1C, 0x1C)
                    doc.add_paragraph()
            progress(int((index + 1) / total * 100))
        for paragraph in doc.paragraphs:
            if translation.get_language_bidi():
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


REPORTS = {
    # name → (html builder taking (argument, language), whether a DOCX exists)
    "checklist": (checklist_html, True),
    "action-plan": (lambda _arg, language: action_plan_html(language), False),
    "factsheet": (factsheet_html, False),
}


def build(report: str, fmt: str, argument: str, language: str, progress: Progress = _noop) -> bytes:
    """One report as bytes in ``fmt`` ("html", "pdf" or "docx")."""
    if report not in REPORTS:
        raise LookupError(f"no report {report!r}")
    html_builder, has_docx = REPORTS[report]
    if fmt == "docx":
        if not has_docx:
            raise LookupError(f"the {report} report has no DOCX form")
        return checklist_docx(argument, language, progress)
    progress(10)
    html = html_builder(argument, language)
    progress(40)
    if fmt == "html":
        return html.encode("utf-8")
    if fmt == "pdf":
        pdf = html_to_pdf(html)
        progress(100)
        return pdf
    raise LookupError(f"no format {fmt!r}")
