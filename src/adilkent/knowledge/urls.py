"""URLs of the knowledge pages (mounted at ``staff/knowledge/``)."""

from django.urls import URLPattern, path

from . import views

app_name = "knowledge"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.page, name="page"),
    path("<slug:slug>/edit/<str:language>/", views.edit, name="edit"),
]
