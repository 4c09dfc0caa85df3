from django.urls import URLPattern, URLResolver, path

from . import staff_views, views

app_name = "intake"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.new_request, name="new"),
    path("track/", views.track, name="track"),
    path("received/<str:code>/", views.receipt, name="receipt"),
    path("staff/", staff_views.inbox, name="inbox"),
    path("staff/classifier/", staff_views.classifier_figures, name="classifier"),
    path("staff/<int:pk>/", staff_views.detail, name="staff-detail"),
    path(
        "staff/<int:pk>/files/<int:attachment_id>/",
        staff_views.attachment,
        name="staff-attachment",
    ),
    path("staff/<int:pk>/act/", staff_views.act, name="staff-act"),
]
