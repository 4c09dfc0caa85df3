from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from adilkent.api import api

urlpatterns: list[URLPattern | URLResolver] = [
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
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
