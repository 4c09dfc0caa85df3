"""One equal-access analysis of a service type, its progress and its stored results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from adilkent.places.models import FacilityType


class AccessAnalysis(models.Model):
    """A run of the access engine for one facility type on the database's places.

    ``results`` is written once, with the status ``done``, when everything is computed; a failed
    run keeps its error and no results, so a page never shows half an analysis.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("finished")
        FAILED = "failed", _("failed")

    facility_type = models.ForeignKey(
        FacilityType,
        on_delete=models.PROTECT,
        related_name="access_analyses",
        verbose_name=_("service type"),
    )
    model_label = models.CharField(_("travel-cost model"), max_length=300, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("progress message"), max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    results = models.JSONField(_("results"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("access analysis")
        verbose_name_plural = _("access analyses")

    def __str__(self) -> str:
        return f"{self.facility_type.code} #{self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}
