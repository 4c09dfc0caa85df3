from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "analytics"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.analysis_detail, name="analysis"),
    path("<int:pk>/status.json", views.analysis_status, name="status"),
    path("<int:pk>/report/", views.report_page, name="report"),
    path("<int:pk>/report.pdf", views.report_pdf_view, name="report_pdf"),
    path("siting/", views.siting, name="siting"),
    path("siting/<int:pk>/", views.scenario_detail, name="scenario"),
    path("siting/<int:pk>/status.json", views.scenario_status, name="scenario_status"),
]
