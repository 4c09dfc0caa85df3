from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "adilkent.calls"
    label = "calls"
    verbose_name = _("Calls")

    def ready(self) -> None:
        from adilkent.cases import signals

        from . import receivers

        signals.person_erased.connect(receivers.on_person_erased, dispatch_uid="calls-erase")
        signals.retention_applied.connect(
            receivers.on_retention_applied, dispatch_uid="calls-retention"
        )
        signals.subject_exported.connect(receivers.on_subject_exported, dispatch_uid="calls-export")
