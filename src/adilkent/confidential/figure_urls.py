"""The public figures page, included by the channel's urls (``/<lang>/report/figures/``)."""

from django.urls import path

from . import figure_views

urlpatterns = [
    path("figures/", figure_views.figures, name="figures"),
]
