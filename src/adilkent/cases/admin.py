"""Admin for the desk's configuration only (case types, organisations, units, staff roles).

People, cases, notes, referrals and the audit log are deliberately not in the admin: every
read of them must go through the audited, two-factor-protected screens of the cases area.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

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
    """Read-only: roles are granted with ``manage.py cases_staff`` and audited
    (cases/staff_audit.py); a password-only admin session cannot grant itself a role."""

    list_display = ["user", "role", "unit"]
    list_filter = ["role"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: StaffProfile | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: StaffProfile | None = None) -> bool:
        return False
