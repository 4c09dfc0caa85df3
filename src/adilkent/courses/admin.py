"""Staff set up fields, branches, courses and their sessions here (the course's term and class
are enrolment's, in its admin); trainees, attendance and certificates are not in the admin
(they need the staff pages' need-to-know rule and audit)."""

from __future__ import annotations

from django.contrib import admin

from .models import Branch, CentrePlace, Course, Field, Session


class BranchInline(admin.TabularInline):
    model = Branch
    extra = 0
    fields = ["code", "names", "source"]


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "__str__", "source"]
    search_fields = ["code"]
    inlines = [BranchInline]


@admin.register(CentrePlace)
class CentrePlaceAdmin(admin.ModelAdmin):
    list_display = ["centre", "district", "mahalle", "source"]
    raw_id_fields = ["mahalle"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["day", "starts_at", "ends_at"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "branch", "language", "women_only"]
    list_filter = ["kind", "women_only", "language", "branch__field"]
    raw_id_fields = ["term"]
    inlines = [SessionInline]
