from django.urls import path

from . import staff_views, views

app_name = "enrolment"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:term_id>/apply/", views.apply, name="apply"),
    path("<int:term_id>/lottery/", views.lottery, name="lottery"),
    path("received/", views.receipt, name="receipt"),
    path("status/", views.status, name="status"),
    path("status/answer/", views.answer, name="answer"),
    path("status/withdraw/", views.withdraw, name="withdraw"),
    path("staff/", staff_views.home, name="staff-home"),
    path("staff/terms/<int:pk>/", staff_views.term_detail, name="staff-term"),
    path("staff/terms/<int:pk>/round/", staff_views.term_round, name="staff-round"),
    path("staff/groups/<int:pk>/", staff_views.group_detail, name="staff-group"),
    path(
        "staff/groups/<int:pk>/attendance/", staff_views.group_attendance, name="staff-attendance"
    ),
    path("staff/places/<int:pk>/end/", staff_views.placement_end, name="staff-end"),
    path("staff/terms/<int:pk>/fees/", staff_views.term_fees, name="staff-fees"),
    path("staff/documents/<int:pk>/", staff_views.document, name="staff-document"),
    path(
        "staff/places/<int:pk>/exemption/",
        staff_views.placement_fee_exemption,
        name="staff-exemption",
    ),
]
