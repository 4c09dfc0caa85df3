"""URLs of redflag (public pages and staff pages)."""

from django.urls import URLPattern, path

from . import staff_views, views

app_name = "redflag"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("place/<slug:public_id>/", views.place, name="place"),
    path("photo/<int:pk>/", views.public_photo, name="photo"),
    path("open-data.<str:fmt>", views.open_data, name="open-data"),
    path("step-free/", views.step_free, name="step-free"),
    path("staff/", staff_views.home, name="staff-home"),
    path("staff/register/facility/", staff_views.register_facility, name="staff-register-facility"),
    path("staff/register/venue/", staff_views.register_venue, name="staff-register-venue"),
    path("staff/register/vehicle/", staff_views.register_vehicle, name="staff-register-vehicle"),
    path("staff/place/<slug:public_id>/", staff_views.place, name="staff-place"),
    path("staff/place/<slug:public_id>/assess/", staff_views.assess, name="staff-assess"),
    path("staff/assessment/<int:pk>/", staff_views.assessment_detail, name="staff-assessment"),
    path("staff/assessment/<int:pk>/grant/", staff_views.grant, name="staff-grant"),
    path("staff/flag/<int:pk>/renew/", staff_views.renew, name="staff-renew"),
    path("staff/flag/<int:pk>/withdraw/", staff_views.withdraw, name="staff-withdraw"),
    path("staff/photo/<int:pk>/", staff_views.photo, name="staff-photo"),
]
