"""URLs of surveys (public pages and staff pages)."""

from django.urls import URLPattern, path

from . import field_views, staff_views, views

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
    path("<slug:slug>/", views.survey, name="survey"),
    path("<slug:slug>/resume/<str:token>/", views.resume, name="resume"),
    path("<slug:slug>/thanks/", views.thanks, name="thanks"),
    path("<slug:slug>/field/", field_views.field_page, name="field"),
    path("<slug:slug>/field/submit/", field_views.field_submit, name="field-submit"),
    path("<slug:slug>/field/worker.js", field_views.field_worker, name="field-worker"),
]
