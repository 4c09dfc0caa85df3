from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentConfig(AppConfig):
    name = "adilkent.enrolment"
    label = "enrolment"
    verbose_name = _("Enrolment")

    def ready(self) -> None:
        from adilkent.cases.staff_audit import audit_access_model

        from .models import StaffAccess

        audit_access_model(
            StaffAccess,
            "enrolment access",
            lambda a: f"{a.user} is {a.role} of {a.programme_id or ''}{a.centre_id or ''}",
        )
