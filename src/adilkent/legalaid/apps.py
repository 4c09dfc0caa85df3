from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalAidConfig(AppConfig):
    name = "adilkent.legalaid"
    label = "legalaid"
    verbose_name = _("Legal Aid Vehicle")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
