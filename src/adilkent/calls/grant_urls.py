"""The grant staff pages (``staff/grants/...``): review panel, determination, agreement,
instalments, reports, payments and reconciliation."""

from django.urls import path

from . import grant_views as views

urlpatterns = [
    path("staff/grants/<slug:slug>/review/", views.review_start, name="grants-review"),
    path("staff/grants/<slug:slug>/ranking/", views.ranking, name="grants-ranking"),
    path("staff/grants/<slug:slug>/payments/", views.payments, name="grants-payments"),
    path(
        "staff/grants/<slug:slug>/payments/batch/",
        views.batch_create,
        name="grants-batch-create",
    ),
    path(
        "staff/grants/<slug:slug>/payments/statement/",
        views.statement_upload,
        name="grants-statement-upload",
    ),
    path(
        "staff/grants/application/<str:public_id>/",
        views.application_detail,
        name="grants-application",
    ),
    path("staff/grants/application/<str:public_id>/review/", views.score, name="grants-score"),
    path(
        "staff/grants/application/<str:public_id>/conflict/",
        views.conflict,
        name="grants-conflict",
    ),
    path(
        "staff/grants/application/<str:public_id>/determine/",
        views.determine,
        name="grants-determine",
    ),
    path(
        "staff/grants/application/<str:public_id>/agreement/",
        views.agreement,
        name="grants-agreement",
    ),
    path("staff/grants/application/<str:public_id>/close/", views.close, name="grants-close"),
    path("staff/grants/instalment/<int:pk>/release/", views.release, name="grants-release"),
    path("staff/grants/report/<int:pk>/accept/", views.report_accept, name="grants-report-accept"),
    path("staff/grants/report/<int:pk>/file/", views.report_file, name="grants-report-file"),
    path("staff/grants/attachment/<int:pk>/", views.attachment, name="grants-attachment"),
    path("staff/grants/batch/<int:pk>.csv", views.batch_file, name="grants-batch-file"),
    path("staff/grants/statement/<int:pk>/", views.statement, name="grants-statement"),
]
