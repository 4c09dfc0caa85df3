"""The City Council and its bodies (assemblies, working groups, the Children's Assembly and
its committees, forums): members with their roles and terms, meetings with agenda, attendance
and minutes, and the recommendations a body adopts to a municipal unit, answered by a
deadline."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "adilkent.council"
    label = "council"
    verbose_name = _("City Council")

    def ready(self) -> None:
        from adilkent.cases import signals

        from . import receivers

        signals.retention_applied.connect(
            receivers.on_retention_applied, dispatch_uid="council-retention"
        )
