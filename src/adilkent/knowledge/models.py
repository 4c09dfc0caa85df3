"""The booklet: pages (one per topic, in an order and a group, with their sources and the staff
screens that link to them), one text per page and language, and who may edit the texts
(``manage.py knowledge_editor``, never the web admin)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class KnowledgeEditor(models.Model):
    """A member of staff who may write and change the pages' texts."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="knowledge_editor"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.user)


class Page(models.Model):
    """One topic of the booklet. Its texts are in ``PageText``, one per language."""

    class Group(models.TextChoices):
        PRACTICE = "practice", _("Serving a resident")
        PROTECTION = "protection", _("Protection")
        RIGHTS = "rights", _("Rights and equal treatment")

    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    order = models.PositiveIntegerField(pgettext_lazy("knowledge page", "order"), default=0)
    used_in = models.TextField(
        _("linked from"),
        blank=True,
        help_text=_("The staff screens that link to this page, for the editors."),
    )
    # [{"title": ..., "url": ... (optional), "lang": ... (optional)}], shown under the text
    sources = models.JSONField(_("sources"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("knowledge page")
        verbose_name_plural = _("knowledge pages")

    def __str__(self) -> str:
        return self.slug


class PageText(models.Model):
    """A page's text in one language: a title and a body in Markdown (raw HTML is shown as
    typed, never run). ``seed_hash`` is the hash of the starter text as loaded; a text whose
    content still has that hash and that no editor saved may be refreshed by a newer seed."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(pgettext_lazy("knowledge page", "title"), max_length=200)
    body = models.TextField(_("text"))
    reviewed = models.BooleanField(_("reviewed"), default=False)
    revision = models.PositiveIntegerField(default=1)
    seed_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["page", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language"], name="knowledge_one_text_a_language"
            )
        ]
        verbose_name = _("page text")
        verbose_name_plural = _("page texts")

    def __str__(self) -> str:
        return f"{self.page.slug} [{self.language}]"
