"""A run of the mobile-service planner: what was asked, how far it got, and the plan."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Service(models.TextChoices):
    LIBRARY = "library", _("Mobile library")
    LEGAL_AID = "legal-aid", _("Legal Aid Vehicle")
    MILK = "milk", _("Süt Kuzusu milk delivery")
    EMPOWERMENT = "empowerment", _("Güçlenme Durakları (empowerment stops)")
    STAGE = "stage", _("Mobile stages")
    EMPLOYMENT_POINT = "employment-point", _("Mobile employment point")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("planning")
    DONE = "done", _("finished")
    FAILED = "failed", _("failed")


class PlanRun(models.Model):
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    start_date = models.DateField(_("first day"))
    horizon_days = models.PositiveSmallIntegerField(
        _("days planned"), null=True, blank=True, help_text=_("empty: the service's default")
    )
    seconds_per_window = models.FloatField(_("solver seconds per window"), default=1.0)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    document = models.JSONField(_("plan"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("plan run")
        verbose_name_plural = _("plan runs")

    def __str__(self) -> str:
        return f"{self.get_service_display()} {self.start_date} ({self.status})"

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 0
        return round(100 * self.progress_done / self.progress_total)
