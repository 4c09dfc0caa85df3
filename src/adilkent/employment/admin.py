"""Employers and vacancies can also be kept here; people, referrals and follow-ups are not in
the admin (they need the employment staff pages' need-to-know rule and audit)."""

from __future__ import annotations

from django.contrib import admin

from .models import Employer, Vacancy


class VacancyInline(admin.TabularInline):
    model = Vacancy
    extra = 0
    fields = ["title", "positions", "opened_on", "closes_on"]


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "district"]
    search_fields = ["name"]
    inlines = [VacancyInline]
