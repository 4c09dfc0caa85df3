from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from adilkent.api import api
from adilkent.core.admin_site import SuperuserAdminSite
from adilkent.core.views import healthz

# The admin asks for the second factor too (its login form has the code field): it holds the
# configuration of units, services and users, and must not be a password-only way around the
# requests inbox or the cases area. It opens for superusers only: staff work in adilkent's own
# pages (adilkent.core.admin_site). The instance keeps its name, so "admin:" addresses stay.
admin.site.__class__ = SuperuserAdminSite

handler500 = "adilkent.core.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("open311/v2/", include("adilkent.intake.open311_urls")),
]
urlpatterns += i18n_patterns(
    path("", include("adilkent.core.urls")),
    path("places/", include("adilkent.places.urls")),
    path("access/", include("adilkent.analytics.urls")),
    path("plans/", include("adilkent.planner.urls")),
    path("programmes/", include("adilkent.programmes.urls")),
    path("services/", include("adilkent.guide.urls")),
    path("requests/", include("adilkent.intake.urls")),
    path("cases/", include("adilkent.cases.urls")),
    path("legal-aid/", include("adilkent.legalaid.urls")),
    path("enrolment/", include("adilkent.enrolment.urls")),
    path("courses/", include("adilkent.courses.urls")),
    path("employment/", include("adilkent.employment.urls")),
    path("report/", include("adilkent.confidential.urls")),
    path("calls/", include("adilkent.calls.urls")),
    path("council/", include("adilkent.council.urls")),
    path("red-flag/", include("adilkent.redflag.urls")),
    path("surveys/", include("adilkent.surveys.urls")),
    path("staff/knowledge/", include("adilkent.knowledge.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
