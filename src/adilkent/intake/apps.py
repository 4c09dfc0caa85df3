from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "adilkent.intake"
    label = "intake"
    verbose_name = _("Requests and complaints")

    def ready(self) -> None:
        from adilkent.cases import signals

        from . import (
            definitions,
            permissions,  # noqa: F401 (registers the rules)
            receivers,
        )

        definitions.connect()

        # A request's history gets its first row just before its first change (core/history.py).
        from adilkent.core.history import first_version_before_change

        from .models import Request

        first_version_before_change(Request, created_field="created_at", user_field="entered_by")

        # the cases area's erasure and daily retention reach the requests' personal data
        signals.person_erased.connect(receivers.on_person_erased, dispatch_uid="intake-erase")
        signals.retention_applied.connect(
            receivers.on_retention_applied, dispatch_uid="intake-retention"
        )
