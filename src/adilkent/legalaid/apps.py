from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalAidConfig(AppConfig):
    name = "adilkent.legalaid"
    label = "legalaid"
    verbose_name = _("Legal Aid Vehicle")

    def ready(self) -> None:
        from adilkent.cases.services import protection

        from . import permissions  # noqa: F401  (registers the rules)
        from .models import Appointment

        # the cases area's key rotation (manage.py cases_rotate_keys) re-encrypts these too
        if Appointment not in protection.ENCRYPTED_MODELS:
            protection.ENCRYPTED_MODELS.append(Appointment)
