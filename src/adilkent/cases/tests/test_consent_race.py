"""A referral and the withdrawal of the consent it relies on, at the same moment: the consent
row is locked by both, so the referral never survives with a withdrawn consent.

On PostgreSQL two threads with their own connections commit for real; one holds its
transaction open while the other starts, in both orders. (SQLite serialises every writing
transaction, so there is no race to test there; the sequential case runs on both.)
"""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, transaction

from adilkent.cases.models import ConsentRecord, Referral
from adilkent.cases.services import people, referrals

from .conftest import Desk

HOLD_SECONDS = 1.0


def _consent(desk: Desk) -> ConsentRecord:
    return ConsentRecord.objects.get(
        person=desk.people["a"],
        purpose="referral",
        organisation_id=desk.partner_unit.organisation_id,
        withdrawn_at__isnull=True,
    )


def _refer(desk: Desk) -> Referral:
    return referrals.refer(
        desk.cases["a"], desk.partner_unit, "Invented second purpose", ["name"], desk.users["cw1"]
    )


def test_a_referral_after_the_withdrawal_is_refused(desk: Desk) -> None:
    people.withdraw_consent(_consent(desk), desk.users["cw1"])
    with pytest.raises(ValidationError):
        _refer(desk)
    assert Referral.objects.get(pk=desk.referral.pk).state == "withdrawn"


ON_POSTGRESQL = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite serialises writing transactions: no concurrent race to provoke",
)


@pytest.fixture
def seeded() -> None:
    """The organisations and case types the migrations seed: a transactional test before this
    one may have flushed them (seeding is idempotent)."""
    import importlib

    from django.apps import apps

    importlib.import_module("adilkent.cases.migrations.0002_case_types_and_partners").seed(
        apps, None
    )


def _run(first, second) -> list[BaseException]:  # type: ignore[no-untyped-def]
    """``first`` runs in a transaction held open for HOLD_SECONDS; ``second`` starts once
    ``first`` has done its work, while that transaction is still open."""
    started = threading.Event()
    errors: list[BaseException] = []

    def hold() -> None:
        try:
            with transaction.atomic():
                first()
                started.set()
                time.sleep(HOLD_SECONDS)
        except BaseException as error:
            errors.append(error)
            started.set()
        finally:
            connections.close_all()

    def follow() -> None:
        try:
            assert started.wait(30)
            second()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hold), threading.Thread(target=follow)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_during_a_referral_withdraws_it(seeded: None, desk: Desk) -> None:
    consent = _consent(desk)
    errors = _run(lambda: _refer(desk), lambda: people.withdraw_consent(consent, desk.users["cw1"]))
    assert errors == []
    assert ConsentRecord.objects.get(pk=consent.pk).withdrawn_at is not None
    survivors = Referral.objects.filter(consent=consent, state__in=["sent", "accepted"])
    assert list(survivors) == []
    assert Referral.objects.filter(consent=consent).count() == 2


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_a_referral_during_a_withdrawal_is_refused(seeded: None, desk: Desk) -> None:
    consent = _consent(desk)
    errors = _run(lambda: people.withdraw_consent(consent, desk.users["cw1"]), lambda: _refer(desk))
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), errors
    survivors = Referral.objects.filter(consent=consent, state__in=["sent", "accepted"])
    assert list(survivors) == []
