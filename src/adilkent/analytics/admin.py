from django.contrib import admin

from .models import AccessAnalysis


@admin.register(AccessAnalysis)
class AccessAnalysisAdmin(admin.ModelAdmin[AccessAnalysis]):
    list_display = ("pk", "facility_type", "status", "progress", "created_at", "finished_at")
    list_filter = ("status", "facility_type")
    readonly_fields = (
        "facility_type",
        "model_label",
        "parameters",
        "status",
        "progress",
        "message",
        "error",
        "created_at",
        "started_at",
        "finished_at",
        "created_by",
    )
    exclude = ("results",)  # large; the dashboard shows them

    def has_add_permission(self, request: object) -> bool:  # started from the dashboard
        return False
