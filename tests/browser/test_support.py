"""The helpers the browser tests rely on (run without a browser)."""

from __future__ import annotations

import pytest

from .support import (
    blocking_violations,
    database_url_from_env,
    format_violations,
    is_loopback_url,
    server_environment,
    with_database,
)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/tr/",
        "http://127.1.2.3/x",
        "http://localhost:5000/static/leaflet.js",
        "http://[::1]:8000/",
        "data:image/png;base64,AAAA",
        "blob:http://127.0.0.1:8000/5c0e",
        "about:blank",
    ],
)
def test_loopback_and_in_page_urls_are_local(url: str) -> None:
    assert is_loopback_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://unpkg.com/leaflet@1.9.4/dist/leaflet.js",
        "https://tile.openstreetmap.org/10/588/392.png",
        "http://10.0.0.5/",
        "http://192.168.1.1:8000/",
        "http://localhost.example.com/",
        "//cdn.example.org/x.js",
        "https://fonts.googleapis.com/css?family=Noto",
    ],
)
def test_other_hosts_are_external(url: str) -> None:
    assert not is_loopback_url(url)


AXE_RESPONSE = {
    "violations": [
        {
            "id": "color-contrast",
            "impact": "serious",
            "help": "Elements must meet minimum color contrast ratio thresholds",
            "nodes": [{"target": [".site-footer p"]}, {"target": ["#map", ".leaflet-control"]}],
        },
        {"id": "region", "impact": "moderate", "help": "content in landmarks", "nodes": []},
        {"id": "button-name", "impact": "critical", "help": "Buttons need text", "nodes": []},
        {"id": "odd", "impact": None, "help": "", "nodes": []},
    ]
}


def test_only_serious_and_critical_violations_block() -> None:
    found = blocking_violations(AXE_RESPONSE)

    assert [(v.rule, v.impact) for v in found] == [
        ("color-contrast", "serious"),
        ("button-name", "critical"),
    ]
    assert found[0].targets == (".site-footer p", "#map .leaflet-control")


def test_violation_report_names_rule_impact_and_targets() -> None:
    text = format_violations("/ar/", blocking_violations(AXE_RESPONSE))

    assert "/ar/" in text
    assert "[serious] color-contrast" in text
    assert ".site-footer p" in text
    assert "[critical] button-name" in text


def test_no_violations_is_empty() -> None:
    assert blocking_violations({"violations": []}) == []
    assert blocking_violations({}) == []


def test_database_url_with_another_name() -> None:
    url = "postgres://postgres@127.0.0.1:55432/adilkent?sslmode=disable"
    assert (
        with_database(url, "other") == "postgres://postgres@127.0.0.1:55432/other?sslmode=disable"
    )


def test_database_url_prefers_the_adilkent_prefix() -> None:
    assert database_url_from_env({"DATABASE_URL": "a", "ADILKENT_DATABASE_URL": "b"}) == "b"
    assert database_url_from_env({"DATABASE_URL": "a"}) == "a"
    assert database_url_from_env({}) == ""


def test_server_environment_drops_database_and_tile_settings() -> None:
    env = server_environment(
        {
            "PATH": "/usr/bin",
            "DATABASE_URL": "postgres://x/y",
            "ADILKENT_MAP_TILE_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "DJANGO_SETTINGS_MODULE": "adilkent.settings.test",
            "PYTEST_CURRENT_TEST": "x",
        },
        ADILKENT_SQLITE_PATH="/tmp/x.sqlite3",
    )

    assert env["PATH"] == "/usr/bin"
    assert env["DJANGO_SETTINGS_MODULE"] == "adilkent.settings.local"
    assert env["ADILKENT_SQLITE_PATH"] == "/tmp/x.sqlite3"
    for gone in ("DATABASE_URL", "ADILKENT_MAP_TILE_URL", "PYTEST_CURRENT_TEST"):
        assert gone not in env
