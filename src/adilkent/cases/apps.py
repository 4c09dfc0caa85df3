from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "adilkent.cases"
    label = "cases"
    verbose_name = _("Refugee Desk cases")

    def ready(self) -> None:
        from . import (
            permissions,  # noqa: F401  (registers the rules)
            staff_audit,
        )

        staff_audit.keep_out_of_the_admin()
