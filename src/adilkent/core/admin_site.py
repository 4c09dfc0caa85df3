"""The Django admin is kept for superusers, past the second factor.

Staff do their work in adilkent's own screens (the requests inbox, the Refugee Desk, the
enrolment, calls, council, surveys and knowledge pages), which apply each area's roles,
need-to-know rules and audit; the admin applies none of them. So the admin opens only for an
active superuser whose session has passed the second factor:

- a signed-in staff member who is not a superuser asking for any admin page gets a page
  (403) saying so, with the way back to the staff pages, instead of the admin's login form;
- the admin's login form refuses an account that is not a superuser's, with the same words;
- someone not signed in who was sent to the admin's login form by a staff page outside the
  admin (``staff_member_required`` sends there) is sent on to the site's staff login.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path, override
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

SUPERUSERS_ONLY = _(
    "The administration is kept for superusers. Staff work in adilkent's own pages: log in "
    "with the staff login."
)


class SuperuserAuthenticationForm(OTPAdminAuthenticationForm):
    """The admin's login form (password and six-digit code) for superusers only."""

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not user.is_superuser:
            raise ValidationError(SUPERUSERS_ONLY, code="superusers_only")


def is_admin_path(path: str) -> bool:
    """True if ``path`` (of any language) is a page of the admin."""
    with override(get_language_from_path(path) or settings.LANGUAGE_CODE):
        try:
            return resolve(path).app_name == "admin"
        except Resolver404:
            return False


class SuperuserAdminSite(OTPAdminSite):
    login_form = SuperuserAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(super().has_permission(request) and request.user.is_superuser)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        user = request.user
        if user.is_authenticated and not user.is_superuser:
            return render(request, "admin/superusers_only.html", status=403)
        target = request.GET.get(REDIRECT_FIELD_NAME, "")
        if (
            request.method == "GET"
            and not user.is_authenticated
            and target
            and url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
            and not is_admin_path(urlsplit(target).path)
        ):
            return redirect_to_login(target)
        return super().login(request, extra_context)
