from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from adilkent.places import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"summary": selectors.city_summary()})
