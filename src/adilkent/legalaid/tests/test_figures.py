"""Outcome figures per mahalle for the Measure pillar: counts only, small cells hidden."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from adilkent.legalaid import selectors, services
from adilkent.legalaid.models import Stop

from .conftest import Vehicle, request

# invented attendance at the Bahariye stop: 5 about residence, 5 about work, 1 about family
TOPICS = ["residence"] * 5 + ["labour"] * 5 + ["family"]


def _attend(vehicle: Vehicle, stop: Stop, topics: list[str]) -> None:
    stop.seats_per_slot = 20
    stop.save()
    for number, topic in enumerate(topics):
        appointment, _ = services.book(
            stop.pk, request("10:30", topic=topic, name=f"Invented {number}")
        )
        services.record_intake(
            appointment, vehicle.users["lawyer1"], services.IntakeData(outcome="advice")
        )


@override_settings(CASES_MIN_CELL_SIZE=5)
def test_counts_by_topic_and_outcome_with_small_cells_hidden(vehicle: Vehicle) -> None:
    _attend(vehicle, vehicle.stops["bahariye"], TOPICS)
    with translation.override("en"):
        rows = selectors.outcome_statistics()
    assert [(r.mahalle, r.attended.count) for r in rows] == [("Bahariye", 11)]
    topics = {cell.label: cell.count for cell in rows[0].by_topic}
    assert topics["Family (marriage, divorce, custody, alimony)"] is None  # 1 < 5
    # one hidden cell would be given back by the total: the next smallest is hidden too
    assert sorted(topics.values(), key=str) == sorted([None, None, 5], key=str)
    assert [(c.label, c.count) for c in rows[0].by_outcome] == [
        ("Advice given; nothing more needed", 11)
    ]


@override_settings(CASES_MIN_CELL_SIZE=5)
def test_a_mahalle_with_few_attended_shows_no_breakdown(vehicle: Vehicle) -> None:
    _attend(vehicle, vehicle.stops["bahariye"], TOPICS)
    _attend(vehicle, vehicle.stops["yamanlar"], ["violence", "violence"])
    rows = {r.mahalle: r for r in selectors.outcome_statistics()}
    assert rows["Yamanlar"].attended.count is None and rows["Yamanlar"].by_topic == []
    # the only other total is hidden too, or 13 − 11 would give Yamanlar's 2 back
    assert rows["Bahariye"].attended.count is None


@override_settings(CASES_MIN_CELL_SIZE=5)
def test_the_figures_page_shows_counts_and_never_a_person(vehicle: Vehicle) -> None:
    _attend(vehicle, vehicle.stops["bahariye"], TOPICS)
    page = vehicle.client("analyst").get(reverse("legalaid:statistics")).content.decode()
    assert "Bahariye" in page and "&lt; 5" in page
    # the phone number of every booking (conftest.request), not "555" alone: that can occur
    # in a random CSRF token of the page
    assert "Invented" not in page and "555 000 00 01" not in page
