"""Platform-wide records: when each periodic job was last enqueued."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    """One row per periodic job (:data:`adilkent.core.periodic.SCHEDULE`).

    The row is locked while a scheduler decides whether the job is due, so any number of
    schedulers (one per machine, say) enqueue each run once.
    """

    name = models.CharField(_("job"), max_length=80, primary_key=True)
    last_enqueued_at = models.DateTimeField(_("last enqueued"), null=True, blank=True)
    last_task_id = models.CharField(_("last task id"), max_length=64, blank=True)
    runs = models.PositiveIntegerField(_("runs enqueued"), default=0)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self) -> str:
        return self.name
