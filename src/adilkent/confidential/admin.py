"""Kinds of report and units are kept here; recipients (their keys) only by
``manage.py report_recipient``, and reports never: they are read in the recipients' inbox."""

from __future__ import annotations

from django.contrib import admin

from .models import ReportKind, Unit


@admin.register(ReportKind)
class ReportKindAdmin(admin.ModelAdmin):
    list_display = ["code", "__str__", "answer_days"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "employees"]
    search_fields = ["name"]
