"""The registry of measured indicators: each app's indicators under its programme, one key
each, and every breakdown cell named by the app that counts it, in the active language."""

from __future__ import annotations

import pytest
from django.utils import translation

from adilkent.programmes.measured import (
    BY_KEY,
    INDICATORS,
    REGISTRY,
    cell_label,
    indicators_of,
)


def test_every_indicator_is_under_its_programme_once() -> None:
    assert len(BY_KEY) == len(INDICATORS) == sum(len(i) for i in REGISTRY.values())
    for slug, indicators in REGISTRY.items():
        assert indicators, slug
        assert {i.programme for i in indicators} == {slug}
        assert indicators_of(slug) == indicators
    assert indicators_of("no-such-programme") == []


def test_the_apps_indicators_keep_their_keys_and_order() -> None:
    assert [i.key for i in indicators_of("legal-aid-vehicle")] == [
        "records-legal-aid-stops-held",
        "records-legal-aid-appointments",
        "records-legal-aid-attended-by-topic",
        "records-legal-aid-attended-by-outcome",
        "records-legal-aid-visits-planned",
        "records-legal-aid-places-planned",
        "records-legal-aid-villages-planned",
    ]
    assert [i.key for i in indicators_of("esit-izmir-volunteers")] == [
        "records-esit-izmir-volunteers-call-applications",
        "records-esit-izmir-volunteers-volunteers-approved",
        "records-esit-izmir-volunteers-volunteer-hours",
    ]
    assert [i.key for i in indicators_of("wri-social-incubation")][1:] == [
        "records-wri-social-incubation-grants-awarded",
        "records-wri-social-incubation-instalments-paid",
    ]
    assert not BY_KEY["records-legal-aid-visits-planned"].protected
    assert BY_KEY["records-requests-by-channel"].partition


@pytest.mark.parametrize(
    ("language", "breakdown", "label"),
    [
        ("en", "", "Total"),
        ("en", "partner:Bar Association", "Bar Association"),
        ("en", "group:women", "Women and girls"),
        ("en", "language:unknown", "Language not known"),
        ("en", "in-turkish:other", "In another language"),
        ("en", "sla:met", "Answered by the due date"),
        ("en", "outcome:none", "No outcome recorded"),
        ("en", "priority:priority", "With priority points"),
        ("en", "no-such-family:x", "no-such-family:x"),
        ("tr", "", "Toplam"),
        ("tr", "group:women", "Kadınlar"),
        ("tr", "language:unknown", "Dil bilinmiyor"),
        ("tr", "priority:none", "Öncelik puanı olmayan"),
    ],
)
def test_cells_are_named_by_the_app_that_counts_them(
    language: str, breakdown: str, label: str
) -> None:
    with translation.override(language):
        assert cell_label(breakdown) == label


def test_moved_labels_are_still_translated() -> None:
    indicator = BY_KEY["records-cases-opened"]
    with translation.override("tr"):
        assert str(indicator.name) != "Cases opened"
        assert str(indicator.unit) != "cases"
    with translation.override("ar"):
        assert str(BY_KEY["records-requests-received"].name) != "Requests received"
