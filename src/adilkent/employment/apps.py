from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "adilkent.employment"
    label = "employment"
    verbose_name = _("Employment")

    def ready(self) -> None:
        from adilkent.cases import signals

        from . import receivers

        signals.person_erased.connect(receivers.on_person_erased, dispatch_uid="employment-erase")
        signals.retention_applied.connect(
            receivers.on_retention_applied, dispatch_uid="employment-retention"
        )
        signals.subject_exported.connect(
            receivers.on_subject_exported, dispatch_uid="employment-export"
        )
