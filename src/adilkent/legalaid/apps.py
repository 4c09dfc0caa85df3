from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalAidConfig(AppConfig):
    name = "adilkent.legalaid"
    label = "legalaid"
    verbose_name = _("Legal Aid Vehicle")

    def ready(self) -> None:
        from adilkent.cases import signals

        from . import (
            permissions,  # noqa: F401  (registers the rules)
            receivers,
        )

        # the cases area's erasure and daily retention reach the appointments too (its key
        # rotation finds their encrypted fields by itself)
        signals.person_erased.connect(receivers.on_person_erased, dispatch_uid="legalaid-erase")
        signals.retention_applied.connect(
            receivers.on_retention_applied, dispatch_uid="legalaid-retention"
        )
        signals.subject_exported.connect(
            receivers.on_subject_exported, dispatch_uid="legalaid-export"
        )
