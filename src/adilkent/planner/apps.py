from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlannerConfig(AppConfig):
    name = "adilkent.planner"
    label = "planner"
    verbose_name = _("Mobile service planning")
