"""Admin for the desk's configuration only (case types, organisations, units, staff roles).

People, cases, notes, referrals and the audit log are deliberately not in the admin: every
read of them must go through the audited, two-factor-protected screens of the cases area.
"""

from __future__ import annotations

from django.contrib import admin

from .models import CaseType, Organisation, StaffProfile, Unit


@admin.register(CaseType)
class CaseTypeAdmin(admin.ModelAdmin[CaseType]):
    list_display = ["name", "code", "is_protection", "retention_years"]


class UnitInline(admin.TabularInline[Unit, Organisation]):
    model = Unit
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "is_municipality"]
    inlines = [UnitInline]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin[StaffProfile]):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    autocomplete_fields = ["user"]
