from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "adilkent.courses"
    label = "courses"
    verbose_name = _("Courses and trainings")

    def ready(self) -> None:
        from adilkent.cases import signals

        from . import receivers

        signals.person_erased.connect(receivers.on_person_erased, dispatch_uid="courses-erase")
