from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "analytics"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.analysis_detail, name="analysis"),
    path("<int:pk>/status.json", views.analysis_status, name="status"),
]
