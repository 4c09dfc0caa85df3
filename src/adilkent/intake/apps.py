from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "adilkent.intake"
    label = "intake"
    verbose_name = _("Requests and complaints")

    def ready(self) -> None:
        from . import permissions  # noqa: F401 (registers the rules)
