from django.urls import path

from . import certificate_urls, views

app_name = "courses"

urlpatterns = [
    path("", views.finder, name="finder"),
    path("<int:pk>/", views.course_detail, name="course"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("check-in/<str:code>/", views.check_in, name="check-in"),
    path("staff/<int:pk>/", views.staff_course, name="staff-course"),
    path("staff/<int:pk>/roll-call/", views.staff_roll_call, name="staff-roll-call"),
    path("staff/<int:pk>/marks/", views.staff_marks, name="staff-marks"),
    *certificate_urls.urlpatterns,
]
