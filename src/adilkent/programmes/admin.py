"""Staff editing of the registry: validation from the models, every change kept in history."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import exports
from .models import (
    Action,
    ActionPlan,
    BudgetLine,
    Criterion,
    CriterionProgramme,
    Fact,
    Framework,
    KpiDefinition,
    KpiValue,
    Partner,
    Principle,
    Programme,
    ProgrammePartner,
    ProgressUpdate,
    ReportJob,
    TargetGroup,
)


class PartnerInline(admin.TabularInline):
    model = ProgrammePartner
    extra = 0
    autocomplete_fields = ["partner"]


class FactInline(admin.StackedInline):
    model = Fact
    extra = 0
    fields = ["field", "seed", "quote", "note", "order"]


class BudgetInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class KpiValueInline(admin.TabularInline):
    model = KpiValue
    extra = 0
    autocomplete_fields = ["kpi"]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "kind", "status", "start_text", "end_text", "citywide"]
    list_filter = ["kind", "status", "target_groups", "citywide"]
    search_fields = ["name_tr", "name_en", "slug", "objective", "description"]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["parent", "districts", "mahalleler"]
    filter_horizontal = ["target_groups"]
    inlines = [PartnerInline, BudgetInline, KpiValueInline, FactInline]
    actions = ["export_xlsx"]
    fieldsets = [
        (None, {"fields": ["slug", "name", "summary", "kind", "parent", "status"]}),
        (
            _("As the source states it"),
            {
                "fields": [
                    "source_language",
                    "objective",
                    "description",
                    "budget_text",
                    "duration_text",
                    "completed",
                    "components",
                    "seed_names",
                ]
            },
        ),
        (
            _("Dates"),
            {
                "fields": [
                    ("start_text", "start_kind", "start_year", "start_month", "start_day"),
                    ("end_text", "end_kind", "end_year", "end_month", "end_day"),
                    "date_note",
                ]
            },
        ),
        (
            _("Who and where"),
            {
                "fields": [
                    "responsible_unit",
                    "target_groups",
                    "citywide",
                    "districts",
                    "mahalleler",
                    "places_note",
                ]
            },
        ),
    ]

    @admin.action(description=_("Export all programmes as XLSX"))
    def export_xlsx(self, request: HttpRequest, queryset: object) -> HttpResponse:
        body, content_type = exports.export("programmes", "xlsx")
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = 'attachment; filename="programmes.xlsx"'
        return response

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "import_url": reverse("programmes:import")}
        return super().changelist_view(request, extra_context)


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "kind", "key"]
    list_filter = ["kind"]
    search_fields = ["name_tr", "name_en", "key"]


@admin.register(TargetGroup)
class TargetGroupAdmin(TranslationAdmin):
    list_display = ["name", "key", "order"]


@admin.register(KpiDefinition)
class KpiDefinitionAdmin(TranslationAdmin):
    list_display = ["name", "unit", "key"]
    search_fields = ["name_tr", "name_en", "key"]


@admin.register(KpiValue)
class KpiValueAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "kpi", "value", "year", "is_target", "seed"]
    list_filter = ["kpi", "is_target"]
    autocomplete_fields = ["programme", "kpi"]


class CriterionProgrammeInline(admin.TabularInline):
    model = CriterionProgramme
    extra = 0
    autocomplete_fields = ["programme"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    show_change_link = True


class PrincipleInline(admin.TabularInline):
    model = Principle
    extra = 0
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "seed"]
    inlines = [PrincipleInline]


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "framework"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "principle"]
    inlines = [CriterionProgrammeInline]


class ActionInline(admin.StackedInline):
    model = Action
    extra = 0
    show_change_link = True


class ProgressInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year_from", "year_to"]
    inlines = [ActionInline]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "owner", "deadline_text"]
    inlines = [ProgressInline]


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["report", "fmt", "language", "state", "progress", "created_at", "link"]
    list_filter = ["state", "report"]
    exclude = ["content"]
    readonly_fields = ["report", "fmt", "language", "argument", "state", "progress", "error"]

    @admin.display(description=_("status page"))
    def link(self, job: ReportJob) -> str:
        url = reverse("programmes:report-status", args=[job.pk])
        return format_html('<a href="{}">{}</a>', url, _("open"))
