from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConfidentialConfig(AppConfig):
    name = "adilkent.confidential"
    label = "confidential"
    verbose_name = _("Confidential reports")

    def ready(self) -> None:
        from adilkent.cases import signals
        from adilkent.cases.staff_audit import audit_access_model

        from . import receivers
        from .models import Recipient

        signals.retention_applied.connect(
            receivers.on_retention_applied, dispatch_uid="confidential-retention"
        )

        # who receives which reports is set by command only, and every change is audited
        audit_access_model(
            Recipient,
            "confidential recipient",
            lambda r: f"{r.user} ({r.role}){' escrow' if r.escrow else ''}",
        )
