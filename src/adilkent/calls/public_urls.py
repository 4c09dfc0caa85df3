"""The public pages of calls (see :mod:`.views` and :mod:`.certificate_views`)."""

from django.urls import URLPattern, path, re_path

from . import certificate_views, views

# a call's short name, but never "staff": "staff/" belongs to the staff pages (staff_urls.py,
# included after these)
CALL = r"(?P<slug>(?!staff/)[-a-zA-Z0-9_]+)"

urlpatterns: list[URLPattern] = [
    path("", views.call_list, name="list"),
    path("follow/", views.follow, name="follow"),
    path("grants/", views.grants, name="grants"),
    path("grants/data.<str:fmt>", views.grants_data, name="grants-data"),
    path("volunteers/figures/", views.volunteer_figures, name="volunteer-figures"),
    path("certificate/<str:code>/", certificate_views.verify, name="certificate"),
    path("certificate/<str:code>/pdf/", certificate_views.pdf, name="certificate-pdf"),
    re_path(rf"^{CALL}/$", views.call_detail, name="call"),
    re_path(rf"^{CALL}/apply/$", views.apply, name="apply"),
]
