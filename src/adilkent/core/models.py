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


class TaskWorker(models.Model):
    """A task worker's sign of life (``manage.py db_worker``), written every few seconds by a
    thread of the worker while it runs, and removed when it stops cleanly.

    A job a worker was running when the worker died (SIGKILL, out of memory, a machine lost)
    stays ``RUNNING`` in the queue; once the worker's row is older than
    ``TASKS_WORKER_LOST_AFTER`` the other workers put the job back in the queue
    (:func:`adilkent.core.workers.tasks_requeue_lost`).
    """

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"))
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}, pid {self.pid})"


class DataVersion(models.Model):
    """The version of a set of tables that processes keep in memory
    (:class:`adilkent.core.versions.VersionedCache`): a random token, drawn anew in the same
    transaction as every change to those tables, so that a process sees a change as soon as it
    has committed. A token never comes back (a rolled-back change leaves the old one)."""

    name = models.CharField(_("data"), max_length=80, primary_key=True)
    token = models.CharField(_("version"), max_length=32)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"
