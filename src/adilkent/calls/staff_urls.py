"""The staff pages of applicants and volunteers (``staff/...``): the call's coordinators
only, every one audited."""

from django.urls import path, re_path

from . import staff_views

urlpatterns = [
    path("staff/", staff_views.home, name="staff-home"),
    path("staff/shift/<int:pk>/", staff_views.shift_detail, name="staff-shift"),
    path("staff/assignment/<int:pk>/hours/", staff_views.hours, name="staff-hours"),
    path(
        "staff/application/<str:public_id>/",
        staff_views.application_detail,
        name="staff-application",
    ),
    path("staff/application/<str:public_id>/screen/", staff_views.screen, name="staff-screen"),
    path(
        "staff/application/<str:public_id>/interview/",
        staff_views.interview,
        name="staff-interview",
    ),
    path(
        "staff/application/<str:public_id>/interview/outcome/",
        staff_views.interview_outcome,
        name="staff-interview-outcome",
    ),
    path(
        "staff/application/<str:public_id>/training/",
        staff_views.training,
        name="staff-training",
    ),
    path("staff/application/<str:public_id>/approve/", staff_views.approve, name="staff-approve"),
    path("staff/application/<str:public_id>/assign/", staff_views.assign, name="staff-assign"),
    path(
        "staff/application/<str:public_id>/certificate/",
        staff_views.certificate,
        name="staff-certificate",
    ),
    path(
        "staff/application/<str:public_id>/withdraw/",
        staff_views.withdraw,
        name="staff-withdraw",
    ),
    # a call's short name, but never "grants": "staff/grants/" belongs to the grant pages
    # (grant_urls.py, included after these)
    re_path(
        r"^staff/(?P<slug>(?!grants/)[-a-zA-Z0-9_]+)/$",
        staff_views.call_detail,
        name="staff-call",
    ),
]
