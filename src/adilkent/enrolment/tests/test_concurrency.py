"""Two allocation rounds at the same moment never offer the same last place (PostgreSQL)."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import pytest
from django.db import connection, connections

from adilkent.enrolment import selectors
from adilkent.enrolment.models import Placement
from adilkent.enrolment.services import ChildInput, allocation_round, application_submit

from .conftest import TODAY, Setting


@pytest.mark.django_db(transaction=True)
def test_two_rounds_at_once_offer_the_last_place_once(setting: Setting, monkeypatch: Any) -> None:
    """Each round reads the places and applications, then waits (up to 2 s) for the other to
    have read them too: without the term's lock both would read one free place and each offer
    it to a different child."""
    if connection.vendor == "sqlite":
        pytest.skip("the SQLite test database is shared-cache memory: no concurrent writers")
    for number in range(4):
        application_submit(
            term=setting.term, guardian_name="G", guardian_phone="1", guardian_email="",
            children=[ChildInput(f"Child {number}", "2022-09-01")], centre_ids=[setting.north.pk],
            mahalle_id=setting.mahalle.pk, priority_groups=[], language="tr", today=TODAY,
        )  # fmt: skip
    # a later round: the seed is drawn already (drawing it writes the term's row, which
    # would make the second round wait anyway)
    setting.term.lottery_seed = "drawn-before"
    setting.term.save(update_fields=["lottery_seed"])
    both_read = threading.Barrier(2)
    read = selectors.allocation_market

    def read_then_wait(term: Any) -> Any:
        market = read(term)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait(timeout=2)
        return market

    monkeypatch.setattr(selectors, "allocation_market", read_then_wait)
    failures: list[BaseException] = []

    def a_round() -> None:
        try:
            allocation_round(term=setting.term, reason="at once")
        except BaseException as error:  # reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=a_round) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert Placement.objects.filter(group=setting.small).count() == 1  # its one place


@pytest.mark.django_db(transaction=True)
def test_answers_cancellations_and_rounds_at_once_end_in_a_consistent_state(
    setting: Setting,
) -> None:
    """A decline, a cancellation, an expiry run and a staff round at the same moment: each
    takes the term's lock first, so none fails and no group ends over its places."""
    if connection.vendor == "sqlite":
        pytest.skip("the SQLite test database is shared-cache memory: no concurrent writers")
    from adilkent.enrolment.services import offer_answer, offers_expire, placement_cancel

    setting.small.capacity = 2
    setting.small.save()
    codes = {}
    for number in range(6):
        submitted = application_submit(
            term=setting.term, guardian_name="G", guardian_phone="1", guardian_email="",
            children=[ChildInput(f"Child {number}", "2022-09-01")], centre_ids=[setting.north.pk],
            mahalle_id=setting.mahalle.pk, priority_groups=[], language="tr", today=TODAY,
        )  # fmt: skip
        codes[submitted.applications[0].pk] = submitted.follow_code
    _run, (first, second) = allocation_round(term=setting.term, reason="first")
    accepted = offer_answer(
        follow_code=codes[first.application_id], placement_id=first.pk, accept=True
    )
    failures: list[BaseException] = []

    def run(action: Any) -> None:
        try:
            action()
        except BaseException as error:  # reported below
            failures.append(error)
        finally:
            connections.close_all()

    actions = [
        lambda: offer_answer(
            follow_code=codes[second.application_id], placement_id=second.pk, accept=False
        ),
        lambda: placement_cancel(
            placement=Placement.objects.select_related("group").get(pk=accepted.pk), reason="moved"
        ),
        lambda: offers_expire(),
        lambda: allocation_round(term=setting.term, reason="staff"),
    ]
    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    held = Placement.objects.filter(group=setting.small, state__in=["offered", "accepted"])
    assert held.count() == 2  # both places offered again, to the next two in line
    assert (
        Placement.objects.filter(application_id=second.application_id, state="offered").count() == 0
    )
