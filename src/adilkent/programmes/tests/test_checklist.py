"""The generated checklist reproduces the seed form: every project, under its principle and
criterion, in the seed's order, with the seed's fields (and nothing the seed leaves empty).

The expectations are read from the seed file itself by a small independent parser.
"""

from __future__ import annotations

import re

from adilkent.programmes.exports import checklist_rows
from adilkent.programmes.models import Programme
from adilkent.programmes.services import LoadReport

from .conftest import seed_text

SEED = "001_b121f0e98322c50f.txt"
HEADINGS = [
    "OBJECTIVE",
    "BRIEF INFORMATION ABOUT THE PROJECT",
    "BUDGET (TL)",
    "PROJECT DURATION",
    "START DATE",
    "END DATE",
    "COMPLETED",
]


def seed_projects() -> list[tuple[str, dict[str, list[str]]]]:
    """(project title, {heading: first paragraph's lines}) in the seed's order."""
    lines = seed_text(SEED).split("\n")
    projects: list[tuple[str, dict[str, list[str]]]] = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        nxt = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
        if line and line not in HEADINGS and nxt is not None and lines[nxt].strip() in HEADINGS:
            fields: dict[str, list[str]] = {}
            j = nxt
            while j < len(lines) and lines[j].strip() in HEADINGS:
                heading = lines[j].strip()
                j += 1
                paragraph = []
                while j < len(lines) and lines[j].strip() and lines[j].strip() not in HEADINGS:
                    paragraph.append(lines[j])
                    j += 1
                fields[heading] = paragraph
                while j < len(lines) and not lines[j].strip():
                    j += 1
            projects.append((line, fields))
            i = j
            continue
        i += 1
    return projects


def test_the_parser_reads_the_form() -> None:
    titles = [t for t, _f in seed_projects()]
    # Hand-checked against the document: 21 project blocks, first and last as below.
    assert titles[0] == "Strategic Management Culture Merit-Based Career Planning"
    assert titles[-1].startswith("Aceesible Izmir Projects")
    assert len(titles) == 21


def test_every_seed_project_in_order_with_its_fields(registry: LoadReport) -> None:
    rows = checklist_rows()
    seed = seed_projects()
    assert [r["project"] for r in rows] == [t for t, _f in seed]
    for row, (title, fields) in zip(rows, seed, strict=True):
        programme = Programme.objects.get(slug=row["programme"])
        components = [f"o {c}" for c in programme.components] + programme.components
        for heading in HEADINGS:
            stated = [ln for ln in fields.get(heading, []) if ln.strip()]
            ours = row[heading]
            if not stated:
                assert not ours, f"{title}: {heading} is empty in the seed but not here"
                continue
            assert ours, f"{title}: {heading} is missing"
            for line in stated:
                assert line in ours.split("\n") or line.strip() in components, (
                    title,
                    heading,
                    line,
                )


def test_principles_and_criteria_follow_the_seed(registry: LoadReport) -> None:
    text = seed_text(SEED)
    position = 0
    seen_codes = []
    for row in checklist_rows():
        code_at = text.index(f"\n{row['principle_code']}\n")
        principle_at = text.index(row["principle"] + "\n\n" + row["principle_code"])
        criterion_at = text.index("\n" + row["criterion"] + "\n")
        project_at = text.index("\n" + row["project"] + "\n", position)
        assert principle_at < code_at < criterion_at < project_at, row["project"]
        position = project_at
        seen_codes.append(row["principle_code"])
    codes = re.findall(r"\n(0\d)\n", text)
    assert codes == ["01", "02", "03", "04", "05"]
    # 04 has no criterion and no project in the seed, and none here.
    assert sorted(set(seen_codes)) == ["01", "02", "03", "05"]


def test_culture_and_art_education_is_all_missing(registry: LoadReport) -> None:
    row = next(r for r in checklist_rows() if r["project"] == "Culture and art education")
    assert all(row[h] == "" for h in HEADINGS)
