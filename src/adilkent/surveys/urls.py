"""URLs of surveys (public pages and staff pages)."""

from django.urls import URLPattern, path

from . import field_views, import_views, quota_views, results_views, staff_views, views

app_name = "surveys"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("staff/", staff_views.home, name="staff-home"),
    path("staff/new/", staff_views.create, name="staff-create"),
    path("staff/<slug:slug>/", staff_views.survey_detail, name="staff-survey"),
    path("staff/<slug:slug>/upload/", staff_views.upload, name="staff-upload"),
    path("staff/<slug:slug>/status/", staff_views.set_status, name="staff-status"),
    path("staff/<slug:slug>/v/<int:number>/", staff_views.version_detail, name="staff-version"),
    path(
        "staff/<slug:slug>/v/<int:number>/xform.xml",
        staff_views.download_xform,
        name="staff-xform",
    ),
    path(
        "staff/<slug:slug>/v/<int:number>/form.xlsx",
        staff_views.download_xlsx,
        name="staff-xlsx",
    ),
    path("staff/<slug:slug>/quotas/", quota_views.sheet, name="staff-quotas"),
    path("staff/<slug:slug>/quotas/propose/", quota_views.propose, name="staff-quotas-propose"),
    path("staff/<slug:slug>/quotas/upload/", quota_views.upload, name="staff-quotas-upload"),
    path("staff/<slug:slug>/quotas/quotas.csv", quota_views.download, name="staff-quotas-csv"),
    path("staff/<slug:slug>/quotas/<int:pk>/", quota_views.edit, name="staff-quotas-edit"),
    path("staff/<slug:slug>/import/", import_views.import_answers, name="staff-import"),
    path("<slug:slug>/", views.survey, name="survey"),
    path("<slug:slug>/results/", results_views.survey_results, name="results"),
    path("<slug:slug>/results/<int:key>/", results_views.mahalle_results, name="results-mahalle"),
    path("<slug:slug>/results.<str:fmt>", results_views.results_download, name="results-download"),
    path("<slug:slug>/resume/<str:token>/", views.resume, name="resume"),
    path("<slug:slug>/thanks/", views.thanks, name="thanks"),
    path("<slug:slug>/field/", field_views.field_page, name="field"),
    path("<slug:slug>/field/submit/", field_views.field_submit, name="field-submit"),
    path("<slug:slug>/field/worker.js", field_views.field_worker, name="field-worker"),
]
