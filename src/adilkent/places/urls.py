from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("", views.explorer, name="explorer"),
    path("geo/districts.geojson", views.geo_districts, name="geo-districts"),
    path("geo/transit.geojson", views.geo_transit, name="geo-transit"),
    path("geo/bus-stops.geojson", views.geo_bus_stops, name="geo-bus-stops"),
    path("geo/mahalle-labels.geojson", views.geo_mahalle_labels, name="geo-mahalle-labels"),
    path("find.json", views.find, name="find"),
    path(
        "geo/<slug:district>/mahalleler.geojson",
        views.geo_mahalleler,
        name="geo-mahalleler",
    ),
    path(
        "geo/<slug:district>/facilities.geojson",
        views.geo_district_facilities,
        name="geo-district-facilities",
    ),
    path(
        "geo/<slug:district>/<slug:mahalle>/boundary.geojson",
        views.geo_mahalle,
        name="geo-mahalle",
    ),
    path(
        "geo/<slug:district>/<slug:mahalle>/facilities.geojson",
        views.geo_mahalle_facilities,
        name="geo-mahalle-facilities",
    ),
    path("<slug:district>/", views.district_detail, name="district"),
    path("<slug:district>/<slug:mahalle>/", views.mahalle_detail, name="mahalle"),
]
