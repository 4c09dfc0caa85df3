"""Staff screens for the service guide (translated fields side by side)."""

from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Service, ServiceAttribute


class AttributeInline(TranslationTabularInline):
    model = ServiceAttribute
    extra = 0


@admin.register(Service)
class ServiceAdmin(TranslationAdmin):
    list_display = ("name", "code", "group", "sla_days", "accepts_requests", "source_file")
    list_filter = ("group", "accepts_requests")
    search_fields = ("code", "search_text")
    filter_horizontal = ("facilities",)
    inlines = [AttributeInline]
