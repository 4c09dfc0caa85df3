from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "adilkent.cases"
    label = "cases"
    verbose_name = _("Refugee Desk cases")
