"""Staff set up centres, terms, groups and priority rules here; applications and their
children's data are not in the admin (they need the enrolment area's roles and audit)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from adilkent.allocation.priority import RulesError, ruleset_from_dict

from .models import AllocationRun, Centre, Group, PriorityRules, Term


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "facility"]
    list_filter = ["programme"]
    search_fields = ["name"]
    raw_id_fields = ["facility"]


class GroupInline(admin.TabularInline):
    model = Group
    extra = 0
    fields = ["centre", "label", "min_age_months", "max_age_months", "days", "hours", "capacity"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = [
        "programme",
        "name",
        "starts_on",
        "applications_open_on",
        "applications_close_on",
    ]
    list_filter = ["programme"]
    readonly_fields = ["lottery_seed", "seed_published_at"]
    inlines = [GroupInline]


class PriorityRulesForm(forms.ModelForm):
    class Meta:
        model = PriorityRules
        fields = ["programme", "version", "effective_from", "rules"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("version") and data.get("effective_from") and data.get("rules") is not None:
            rules = data["rules"] if isinstance(data["rules"], dict) else {}
            try:
                ruleset_from_dict(
                    {**rules, "version": data["version"], "effective_from": data["effective_from"]}
                )
            except RulesError as error:
                raise forms.ValidationError(str(error)) from error
        return data


@admin.register(PriorityRules)
class PriorityRulesAdmin(admin.ModelAdmin):
    form = PriorityRulesForm
    list_display = ["programme", "version", "effective_from", "created_at"]
    list_filter = ["programme"]


@admin.register(AllocationRun)
class AllocationRunAdmin(admin.ModelAdmin):
    list_display = ["term", "ran_at", "reason", "offers", "waiting", "rules_version"]
    list_filter = ["term"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
