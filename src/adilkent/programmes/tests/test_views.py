"""Public pages, report jobs and the JSON API of the registry."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from adilkent.programmes.models import Programme, ReportJob
from adilkent.programmes.services import LoadReport


@pytest.mark.parametrize("language", ["tr", "ar", "en"])
@pytest.mark.parametrize(
    "name,args",
    [
        ("list", []),
        ("detail", ["sut-kuzusu"]),
        ("coverage", []),
        ("checklist-default", []),
        ("action-plan", []),
        ("open-data", []),
    ],
)
def test_pages_answer(
    client: Client, registry: LoadReport, language: str, name: str, args: list[str]
) -> None:
    with translation.override(language):
        url = reverse(f"programmes:{name}", args=args)
    response = client.get(url)
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_detail_shows_facts_sources_chart_and_missing(client: Client, registry: LoadReport) -> None:
    page = client.get("/en/programmes/p/sut-kuzusu/").content.decode()
    assert "156 thousand 313 children" in page  # the quoted source
    assert 'class="hbar-chart" role="img"' in page  # the indicator chart
    assert "001_b121f0e98322c50f.txt" not in page  # sources by title, linked
    assert (
        '<a href="/en/sources/#source-001"><cite lang="en" dir="ltr">Cittaslow Metropolis' in page
    )
    assert "906,000,000" in page and "435,000,000" in page
    empty = client.get("/en/programmes/p/culture-art-education/").content.decode()
    assert empty.count('class="missing"') >= 7


def test_filters(client: Client, registry: LoadReport) -> None:
    page = client.get("/en/programmes/?target_group=roma").content.decode()
    assert "Onsite Approach to Local" in page and "Süt Kuzusu" not in page
    page = client.get("/en/programmes/?partner=unhcr").content.decode()
    assert "Refugee Desk" in page and "Village Theatres" not in page
    page = client.get("/en/programmes/?principle=cittaslow-good-governance:02").content.decode()
    assert "Village Theatres" in page and "Refugee Desk" not in page
    page = client.get("/en/programmes/?year=2012").content.decode()
    assert "Süt Kuzusu" in page and "Refugee Desk" not in page  # started 2020


def test_bad_filter_is_explained(client: Client, registry: LoadReport) -> None:
    response = client.get("/en/programmes/?year=20x2")
    assert response.status_code == 200
    assert "four-digit year" in response.content.decode()


def test_unknown_programme_is_404(client: Client, registry: LoadReport) -> None:
    assert client.get("/tr/programmes/p/no-such/").status_code == 404


def test_checklist_pdf_and_docx_as_jobs(
    client: Client, registry: LoadReport, django_capture_on_commit_callbacks: Any
) -> None:
    for fmt in ("pdf", "docx"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/en/programmes/reports/",
                {"report": "checklist", "fmt": fmt, "argument": "cittaslow-good-governance"},
            )
        assert response.status_code == 302
        job = ReportJob.objects.latest("pk")
        assert (job.state, job.progress) == ("done", 100), job.error
        download = client.get(reverse("programmes:report-download", args=[job.pk]))
        assert download.status_code == 200
        body = b"".join(download.streaming_content) if download.streaming else download.content
        if fmt == "pdf":
            assert body.startswith(b"%PDF")
        else:
            xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
            for title in (
                "Süt Kuzusu Project (Milk Lamb Project)",
                "Village Theaters",
                "OBJECTIVE",
            ):
                assert title in xml
            assert "906 million TL" in xml


def test_unknown_report_is_refused(client: Client, registry: LoadReport) -> None:
    response = client.post("/en/programmes/reports/", {"report": "nope", "fmt": "pdf"})
    assert response.status_code == 400
    response = client.post("/en/programmes/reports/", {"report": "action-plan", "fmt": "docx"})
    assert response.status_code == 400


def test_failed_job_is_recorded(
    client: Client, registry: LoadReport, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/programmes/reports/", {"report": "factsheet", "fmt": "pdf", "argument": "x"}
        )
    job = ReportJob.objects.latest("pk")
    assert job.state == "failed" and "no programme" in job.error
    assert (
        "could not be generated" in client.get(f"/en/programmes/reports/{job.pk}/").content.decode()
    )
    # The report and its language by name, not by key ("factsheet · PDF · en").
    status = client.get(f"/ar/programmes/reports/{job.pk}/").content.decode()
    assert "factsheet ·" not in status and '<span lang="en">English</span>' in status


def test_api(client: Client, registry: LoadReport) -> None:
    rows = client.get("/api/v1/programmes/").json()
    assert len(rows) == Programme.objects.count()
    one = client.get("/api/v1/programmes/p/sut-kuzusu").json()
    assert {k["indicator"] for k in one["kpis"]} >= {"children-reached", "teams"}
    assert all(s["quote"] for s in one["sources"])
    assert client.get("/api/v1/programmes/?year=soon").status_code == 422
    assert client.get("/api/v1/programmes/p/none").status_code == 404
    assert len(client.get("/api/v1/programmes/checklist").json()) == 21


def test_import_page_needs_staff(client: Client, registry: LoadReport) -> None:
    response = client.get("/en/programmes/staff/import/")
    assert response.status_code == 302 and "login" in response["Location"]
