"""Calls' pages: the public ones (calls, applying, following an application, awarded grants,
volunteer figures, certificate check), the staff pages of applicants and volunteers
(``staff/...``), and the grant pages (``staff/grants/...``)."""

from . import grant_urls, public_urls, staff_urls

app_name = "calls"

urlpatterns = [*public_urls.urlpatterns, *staff_urls.urlpatterns, *grant_urls.urlpatterns]
