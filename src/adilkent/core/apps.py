from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "adilkent.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from .history import cache_history_managers

        cache_history_managers()
