"""Surveys defined in XLSForm (the spreadsheet format of ODK and KoboToolbox), read with
pyxform: their form versions, the ODK XForm made from each, and the answers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "adilkent.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from adilkent.cases import signals

        from . import responses

        # old drafts and consents to be contacted again go with the daily retention run
        signals.retention_applied.connect(
            responses.on_retention_applied, dispatch_uid="surveys-retention"
        )
