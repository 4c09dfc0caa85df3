"""Staff screens for units, routing rules, reply templates and API keys.

Requests themselves are handled in the inbox (/<lang>/requests/staff/), where the state
machine and the confidentiality rules apply; the admin lists them read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    ApiKey,
    ClassifierVersion,
    Notification,
    ReplyTemplate,
    Request,
    RoutingRule,
    Unit,
)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "email")
    search_fields = ("name", "code")
    filter_horizontal = ("members",)


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "service", "district", "mahalle", "unit")
    list_filter = ("unit", "service")
    autocomplete_fields = ("mahalle", "district")


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "code")


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "active", "created_at")
    readonly_fields = ("key",)


@admin.register(Request)
class RequestAdmin(admin.ModelAdmin):
    list_display = ("tracking_code", "kind", "service", "status", "channel", "created_at", "due_at")
    list_filter = ("status", "kind", "channel", "service")
    search_fields = ("tracking_code",)
    exclude = ("name", "email", "phone")  # identity is shown in the inbox, by permission

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class _ReadOnly(admin.ModelAdmin):
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ClassifierVersion)
class ClassifierVersionAdmin(_ReadOnly):
    """The stored classifiers (trained by the task worker); the pipeline bytes stay hidden."""

    list_display = ("version", "trained_at", "n_training_texts", "library")
    exclude = ("pipeline", "digest")


@admin.register(Notification)
class NotificationAdmin(_ReadOnly):
    """What was sent, what waits for a retry and what failed; the text is not shown here."""

    list_display = ("request", "recipient", "channel", "state", "attempts", "next_attempt_at")
    list_filter = ("state", "channel", "recipient")
    exclude = ("subject", "body")
