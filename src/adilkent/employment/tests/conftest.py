"""The invented course and trainee of the courses tests, and a member of the employment unit
(coordinator of Meslek Fabrikası)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from adilkent.core.tests.factories import log_in_verified
from adilkent.courses.tests.conftest import (  # noqa: F401  (fixtures used by these tests)
    CourseSetting,
    Enrolled,
    course_setting,
    enrolled,
    in_english,
)
from adilkent.enrolment.models import StaffAccess
from adilkent.programmes.models import Programme


@pytest.fixture
def employment_staff(db: None, django_user_model: Any) -> Any:
    programme, _created = Programme.objects.get_or_create(
        slug="meslek-fabrikasi", defaults={"name": "Meslek Fabrikası", "kind": "programme"}
    )
    user = django_user_model.objects.create_user("employment", password="x", is_staff=True)
    StaffAccess.objects.create(user=user, role="coordinator", programme=programme)
    return user


def signed_in(user: Any) -> Client:
    """A client logged in as ``user`` past the second factor."""
    client = Client()
    log_in_verified(client, user)
    return client
