"""One equal-access analysis of a service type, its progress and its stored results."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from adilkent.places.models import FacilityType


class Run(models.Model):
    """What every background run of the Measure pillar records: who asked, how far it got,
    its error or its results (written once, with the status ``done``)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("finished")
        FAILED = "failed", _("failed")

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
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    def fail(self, error: BaseException) -> None:
        """Record the error and no results: a page never shows half a run."""
        self.status = self.Status.FAILED
        self.error = f"{type(error).__name__}: {error}"
        self.message = gettext_noop("Failed")
        self.results = None
        self.finished_at = timezone.now()
        self.save()

    def finish(self, results: dict[str, Any]) -> None:
        """Store the results, all at once, with the status ``done``."""
        self.results = results
        self.status = self.Status.DONE
        self.progress, self.message = 100, gettext_noop("Finished")
        self.finished_at = timezone.now()
        self.save()


class AccessAnalysis(Run):
    """A run of the access engine for one facility type on the database's places.

    ``results`` is written once, with the status ``done``, when everything is computed; a failed
    run keeps its error and no results, so a page never shows half an analysis.
    """

    facility_type = models.ForeignKey(
        FacilityType,
        on_delete=models.PROTECT,
        related_name="access_analyses",
        verbose_name=_("service type"),
    )
    model_label = models.CharField(_("travel-cost model"), max_length=300, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)

    class Meta(Run.Meta):
        ordering = ["-created_at", "-pk"]
        verbose_name = _("access analysis")
        verbose_name_plural = _("access analyses")

    def __str__(self) -> str:
        return f"{self.facility_type.code} #{self.pk} ({self.status})"


class SitingScenario(Run):
    """Where should new sites of a service go? One run of the siting engine and its results.

    The existing sites are the facilities of ``facility_type`` or, for a service whose sites
    the database does not hold, the rows of an uploaded file (``existing_sites``), possibly
    none. Like an analysis, ``results`` is written once, when everything is computed.
    """

    class Method(models.TextChoices):
        MCLP = "mclp", _("maximal covering: reach the most people with k new sites")
        P_MEDIAN = "p-median", _("p-median: the least total travel time with k new sites")
        SET_COVER = "set-cover", _("set covering: the fewest new sites to reach a target")

    class Candidates(models.TextChoices):
        UNDERSERVED = (
            "underserved",
            _("neighbourhoods beyond the time limit of every existing site"),
        )
        ALL = "all", _("every neighbourhood")

    facility_type = models.ForeignKey(
        FacilityType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="siting_scenarios",
        verbose_name=_("service type"),
    )
    service_name = models.CharField(_("service"), max_length=200)
    preset = models.CharField(_("preset"), max_length=40, blank=True)
    existing_sites = models.JSONField(_("uploaded existing sites"), default=list, blank=True)
    upload_problems = models.JSONField(_("rows of the upload not used"), default=list, blank=True)
    method = models.CharField(_("objective"), max_length=20, choices=Method.choices)
    k = models.PositiveSmallIntegerField(_("new sites"), null=True, blank=True)
    coverage_target = models.FloatField(_("coverage target (share)"), null=True, blank=True)
    max_minutes = models.FloatField(_("time limit (minutes)"))
    candidates = models.CharField(_("candidate sites"), max_length=20, choices=Candidates.choices)
    model_label = models.CharField(_("travel-cost model"), max_length=300, blank=True)

    class Meta(Run.Meta):
        ordering = ["-created_at", "-pk"]
        verbose_name = _("siting scenario")
        verbose_name_plural = _("siting scenarios")

    def __str__(self) -> str:
        return f"{self.service_name} #{self.pk} ({self.status})"
