from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedFlagConfig(AppConfig):
    name = "adilkent.redflag"
    label = "redflag"
    verbose_name = _("Red Flag")
