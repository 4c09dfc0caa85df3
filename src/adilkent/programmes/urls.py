from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("p/<slug:slug>/", views.programme_detail, name="detail"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/<slug:district>/", views.coverage_district, name="coverage-district"),
    path("checklists/", views.checklist, name="checklist-default"),
    path("checklists/<slug:key>/", views.checklist, name="checklist"),
    path("action-plan/", views.action_plan, name="action-plan"),
    path("reports/", views.report_create, name="report-create"),
    path("reports/<int:pk>/", views.report_status, name="report-status"),
    path("reports/<int:pk>/download/", views.report_download, name="report-download"),
    path("open-data/", views.open_data, name="open-data"),
    path("open-data/<slug:dataset>.<str:fmt>", views.export, name="export"),
    path("staff/import/", views.import_xlsx, name="import"),
]
