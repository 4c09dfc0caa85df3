from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def explorer(request: HttpRequest) -> HttpResponse:
    return render(request, "places/explorer.html", {})
