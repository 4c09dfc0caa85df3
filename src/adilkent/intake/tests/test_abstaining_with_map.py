"""With HİM's service map loaded, the classifier learns the city's matters from the map's texts:
a bus complaint goes to ESHOT by the suggestion, and a matter outside every service of the
guide and the map (a passport, a driving licence: not the municipality's) still goes to the
triage desk as "not sure".

The texts here were written for these tests before the classifier was trained on the map; the
thresholds are whatever the training chose.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from adilkent.intake.models import ClassifierVersion, Request
from adilkent.intake.selectors import inbox
from adilkent.intake.services import RequestInput, submit_request

BUS_TR = "Otobüs durağımıza 40 dakikadır otobüs gelmiyor, ne zaman gelecek?"
BUS_AR = "الحافلة رقم 15 لم تأتِ منذ ساعة ونحن ننتظر في المحطة."
PASSPORT_TR = (
    "Pasaportumun süresi doldu, yenilemek için nüfus müdürlüğünden randevu almam gerekiyor mu?"
)
LICENCE_AR = "انتهت صلاحية رخصة القيادة الخاصة بي، أين أجددها وكم تكلف؟"


@pytest.fixture
def trained_on_map(django_capture_on_commit_callbacks: Any) -> ClassifierVersion:
    call_command("load_units", stdout=StringIO())
    from adilkent.intake.suggest import train_and_store

    with django_capture_on_commit_callbacks(execute=True):
        train_and_store()
    return ClassifierVersion.objects.get()


def _submit(text: str, language: str) -> Request:
    return submit_request(
        RequestInput(text=text, identity_mode="anonymous", preferred_language=language)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "language"), [(BUS_TR, "tr"), (BUS_AR, "ar")])
def test_a_bus_complaint_goes_to_eshot_by_the_suggestion(
    trained_on_map: ClassifierVersion, text: str, language: str
) -> None:
    request = _submit(text, language)
    assert not request.category_not_sure
    assert request.suggested_service is not None
    assert request.suggested_service.code == "buses"
    assert request.unit is not None and request.unit.code == "eshot"


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "language"), [(PASSPORT_TR, "tr"), (LICENCE_AR, "ar")])
def test_a_matter_outside_the_map_goes_to_triage_as_not_sure(
    trained_on_map: ClassifierVersion, text: str, language: str
) -> None:
    request = _submit(text, language)
    assert request.category_not_sure
    assert request.suggested_service is None and request.service is None
    assert request.unit is not None and request.unit.code == "him"  # the triage desk
    assert list(inbox(not_sure=True)) == [request]
