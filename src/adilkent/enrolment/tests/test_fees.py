"""Fees: the seed's fee history (10,000 -> 5,000 -> 4,000 TL) chosen by date, income bands,
exemptions with a reason, the month's schedule as CSV and XLSX for the coordinator only."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from adilkent.core.tests.factories import log_in_verified
from adilkent.enrolment.fees import fee_of, table_in_force
from adilkent.enrolment.models import FeeBand, FeeTable, Placement, StaffAccess
from adilkent.enrolment.services import (
    ChildInput,
    EnrolmentInvalid,
    allocation_round,
    application_submit,
    offer_answer,
)
from adilkent.programmes.models import Programme

from .conftest import TODAY, Setting

pytestmark = pytest.mark.django_db


def test_the_seed_fee_history_by_date() -> None:
    call_command("load_programmes", verbosity=0)
    call_command("load_centres", verbosity=0)
    yuvamiz = Programme.objects.get(slug="yuvamiz-izmir")
    fee = {
        day: table_in_force(yuvamiz.pk, day).bands.get().monthly_fee  # type: ignore[union-attr]
        for day in (
            dt.date(2023, 10, 1),
            dt.date(2024, 9, 1),
            dt.date(2025, 8, 31),
            dt.date(2025, 9, 1),
        )
    }
    assert list(fee.values()) == [Decimal(10000), Decimal(5000), Decimal(5000), Decimal(4000)]
    assert (
        "1 September assumed"
        in FeeTable.objects.get(programme=yuvamiz, effective_from=dt.date(2025, 9, 1)).source
    )
    call_command("load_centres", verbosity=0)
    assert FeeTable.objects.filter(programme=yuvamiz).count() == 3


def _held(s: Setting, income: str = "", name: str = "Ayşe") -> Placement:
    submitted = application_submit(
        term=s.term, guardian_name="Invented Guardian", guardian_phone="=HYPERLINK(\"x\")",
        guardian_email="", children=[ChildInput(name, "2022-09-01")], centre_ids=[s.north.pk],
        mahalle_id=s.mahalle.pk, priority_groups=[], language="tr", today=TODAY,
        monthly_income=income,
    )  # fmt: skip
    _run, offers = allocation_round(term=s.term, reason="test")
    (offer,) = [o for o in offers if o.application_id == submitted.applications[0].pk]
    return offer_answer(follow_code=submitted.follow_code, placement_id=offer.pk, accept=True)


@pytest.fixture
def bands(setting: Setting) -> FeeTable:
    table = FeeTable.objects.create(
        programme=setting.programme, effective_from=dt.date(2026, 9, 1), label="2026–2027"
    )
    FeeBand.objects.create(
        table=table, label="low income", income_up_to=Decimal(20000), monthly_fee=Decimal(1000)
    )
    FeeBand.objects.create(
        table=table, label="everyone else", income_up_to=None, monthly_fee=Decimal(4000)
    )
    return table


def test_the_band_follows_the_declared_income_and_an_exemption_pays_nothing(
    setting: Setting, bands: FeeTable
) -> None:
    october = dt.date(2026, 10, 15)
    setting.small.capacity = 2
    setting.small.save()
    low = _held(setting, "18.000")
    assert low.application.monthly_income == "18000"
    assert fee_of(low, october).amount == Decimal(1000)  # type: ignore[union-attr]
    high = _held(setting, "45000", name="Banu")
    assert fee_of(high, october).band == "everyone else"  # type: ignore[union-attr]
    assert fee_of(high, dt.date(2026, 8, 1)) is None  # no table before September
    from adilkent.enrolment.services import placement_exempt

    placement_exempt(placement=high, reason="the family lost its home in the earthquake")
    high.refresh_from_db()
    exempt = fee_of(high, october)
    assert exempt is not None and exempt.amount == 0 and "earthquake" in exempt.exempt_reason


@pytest.mark.parametrize("income", ["18 bin", "-5", "1e9", "١٨٠٠٠", "18.00"])
def test_an_income_that_is_not_whole_liras_is_refused(setting: Setting, income: str) -> None:
    with pytest.raises(EnrolmentInvalid, match="whole liras"):
        _held(setting, income)


def test_the_coordinator_downloads_the_month_as_csv_and_xlsx(
    setting: Setting, bands: FeeTable, django_user_model: Any
) -> None:
    _held(setting, "18000")
    coordinator = django_user_model.objects.create_user("coord", is_staff=True)
    StaffAccess.objects.create(user=coordinator, role="coordinator", programme=setting.programme)
    centre_staff = django_user_model.objects.create_user("centre", is_staff=True)
    StaffAccess.objects.create(user=centre_staff, role="centre", centre=setting.north)
    url = f"/en/enrolment/staff/terms/{setting.term.pk}/fees/"
    client = Client()
    log_in_verified(client, coordinator)
    answer = client.get(url, {"month": "2026-10", "format": "csv"})
    assert answer.status_code == 200 and answer["Cache-Control"] == "private, no-store"
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert [(r["child"], r["band"], r["monthly_fee_tl"]) for r in rows] == [
        ("Ayşe", "low income", "1000.00")
    ]
    assert rows[0]["phone"] == '\'=HYPERLINK("x")'  # never run as a formula
    xlsx = client.get(url, {"month": "2026-10", "format": "xlsx"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert values[1][5] == '\'=HYPERLINK("x")' and values[1][8] == 1000
    assert client.get(url, {"month": "2026-13", "format": "csv"}).status_code == 400
    other = Client()
    log_in_verified(other, centre_staff)
    assert other.get(url, {"month": "2026-10", "format": "csv"}).status_code == 404
