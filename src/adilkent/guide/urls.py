from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "guide"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.service_list, name="list"),
    path("guide.pdf", views.guide_pdf, name="pdf"),
    path("<slug:code>/", views.service_detail, name="detail"),
]
