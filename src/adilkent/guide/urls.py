from django.urls import URLPattern, URLResolver, path

from . import staff_views, views

app_name = "guide"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.service_list, name="list"),
    path("guide.pdf", views.guide_pdf, name="pdf"),
    path("staff/translations/", staff_views.translation_list, name="translations"),
    path(
        "staff/translations/<slug:code>/<str:language>/",
        staff_views.translation_edit,
        name="translation-edit",
    ),
    path("<slug:code>/", views.service_detail, name="detail"),
]
