from django.urls import URLPattern, URLResolver, path

from .views import public, staff

app_name = "legalaid"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.schedule, name="schedule"),
    path("stops/<int:stop_id>/book/", public.book, name="book"),
    path("booked/", public.booked, name="booked"),
    path("cancel/", public.cancel, name="cancel"),
    path("staff/", staff.home, name="staff"),
    path("staff/stops/<int:stop_id>/", staff.stop_day, name="stop"),
    path("staff/appointments/<uuid:appointment_id>/", staff.intake, name="intake"),
    path("staff/appointments/<uuid:appointment_id>/no-show/", staff.no_show, name="no-show"),
    path("staff/figures/", staff.statistics, name="statistics"),
]
