"""Background jobs of the programme registry (django-tasks): reports and measured indicators."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_report(job_id: int) -> None:
    """Build the PDF, DOCX or HTML of one :class:`~.models.ReportJob`."""
    from .services import run_report_job

    run_report_job(job_id)


@task()
def update_measured_kpis(period: str = "") -> list[str]:
    """Count the indicators measured from the platform's records for a month ("YYYY-MM"; the
    current month when empty); schedule it daily so the month's figures follow the records."""
    from .kpi_records import update_measured_kpis as update
    from .measured import Period

    return update(Period.parse(period) if period else None).lines()
