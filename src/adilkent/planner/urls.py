from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "planner"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("start/", views.start_plan, name="start"),
    path("runs/<int:pk>/", views.run_status, name="run"),
    path("<slug:service>/", views.service_plan, name="service"),
    path("<slug:service>/details/", views.service_details, name="details"),
    path("<slug:service>/stops.geojson", views.stops_geojson, name="stops"),
    path("<slug:service>/routes.geojson", views.routes_geojson, name="routes"),
    path("<slug:service>/teams/<int:team>.ics", views.team_calendar, name="team_calendar"),
    path("<slug:service>/<int:mahalle>.ics", views.mahalle_calendar, name="calendar"),
]
