"""Shared by the knowledge tests: a member of staff, an editor, clients past the second factor,
and the starter booklet loaded from its file."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from adilkent.core.tests.factories import log_in_verified
from adilkent.knowledge import services
from adilkent.knowledge.booklet import booklet_read
from adilkent.knowledge.models import Page


def make_staff(username: str, *, editor: bool = False) -> Any:
    user = get_user_model().objects.create_user(
        username, is_staff=True, first_name=username.capitalize(), last_name="Invented"
    )
    if editor:
        services.knowledge_editor_grant(user=user)
    return user


def signed_in(user: Any) -> Client:
    client = Client()
    log_in_verified(client, user)
    return client


@pytest.fixture
def reader(db: None) -> Any:
    return make_staff("ayse")


@pytest.fixture
def editor(db: None) -> Any:
    return make_staff("elif", editor=True)


@pytest.fixture
def booklet(db: None) -> list[Page]:
    services.booklet_load(pages=booklet_read())
    return list(Page.objects.all())
