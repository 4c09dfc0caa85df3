"""Admin for the stops only (hours, place, lawyers, status). Appointments hold names and phone
numbers and are read only through the audited staff screens."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ManyToManyField
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest

from . import selectors
from .models import Stop


@admin.register(Stop)
class StopAdmin(admin.ModelAdmin[Stop]):
    list_display = ["date", "mahalle", "start_time", "end_time", "status", "plan_run"]
    list_filter = ["status", "date"]
    search_fields = ["mahalle__name", "place"]
    filter_horizontal = ["lawyers"]
    raw_id_fields = ["mahalle"]
    readonly_fields = ["plan_run"]

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        if db_field.name == "lawyers":
            kwargs["queryset"] = selectors.lawyers()
        return super().formfield_for_manytomany(db_field, request, **kwargs)
