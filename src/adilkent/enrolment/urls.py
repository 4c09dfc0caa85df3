from django.urls import path

from . import views

app_name = "enrolment"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:term_id>/apply/", views.apply, name="apply"),
    path("received/", views.receipt, name="receipt"),
    path("status/", views.status, name="status"),
    path("status/answer/", views.answer, name="answer"),
]
