from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentConfig(AppConfig):
    name = "adilkent.enrolment"
    label = "enrolment"
    verbose_name = _("Enrolment")

    def ready(self) -> None:
        from adilkent.cases import signals
        from adilkent.cases.staff_audit import audit_access_model
        from adilkent.intake.notify import register_addressee

        from . import receivers
        from .models import Application, StaffAccess

        register_addressee(
            Application,
            lambda a, channel: a.guardian_phone if channel == "sms" else a.guardian_email,
        )

        signals.person_erased.connect(receivers.on_person_erased, dispatch_uid="enrolment-erase")
        signals.retention_applied.connect(
            receivers.on_retention_applied, dispatch_uid="enrolment-retention"
        )
        signals.subject_exported.connect(
            receivers.on_subject_exported, dispatch_uid="enrolment-export"
        )

        audit_access_model(
            StaffAccess,
            "enrolment access",
            lambda a: f"{a.user} is {a.role} of {a.programme_id or ''}{a.centre_id or ''}",
        )
