"""The bodies of ``data/council.yaml`` with their programmes, a coordinator of the Children's
Assembly and of the Transport Working Group, an invented unit, a fixed day; messages asserted in
English. Every person here is invented for the tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from adilkent.core.tests.factories import log_in_verified
from adilkent.council.models import Body, BodyStaff
from adilkent.council.seed import load_council
from adilkent.intake.models import Unit
from adilkent.programmes.models import Programme

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class Council:
    assembly: Body  # the Children's Assembly (up to 17)
    committee: Body  # its Urban Rights Committee
    transport: Body  # the Transport Working Group (no age limits)
    coordinator: Any  # coordinator of the Children's Assembly and the Transport group
    unit: Unit


def born(age: int, on: dt.date = TODAY) -> dt.date:
    """A date of birth ``age`` years (and a month) before ``on``."""
    return on.replace(year=on.year - age) - dt.timedelta(days=30)


def signed_in(user: Any) -> Client:
    client = Client()
    log_in_verified(client, user)
    return client


@pytest.fixture
def council(db: None, django_user_model: Any) -> Council:
    parent = Programme.objects.create(slug="city-council", name="City Council", kind="body")
    for slug in (
        "childrens-assembly", "womens-assembly", "youth-assembly", "disabled-assembly",
    ):  # fmt: skip
        Programme.objects.create(slug=slug, name=slug, kind="body", parent=parent)
    load_council()
    coordinator = django_user_model.objects.create_user("coordinator", is_staff=True)
    assembly = Body.objects.get(slug="childrens-assembly")
    transport = Body.objects.get(slug="wg-transport")
    for body in (assembly, transport):
        BodyStaff.objects.create(body=body, user=coordinator, role="coordinator")
    unit = Unit.objects.create(code="transport-dept", name="Transport Department (invented)")
    return Council(assembly, Body.objects.get(slug="ca-urban-rights"), transport, coordinator, unit)
