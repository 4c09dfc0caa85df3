"""The audit log cannot be fooled or skipped: a forged X-Forwarded-For is ignored (only a
trusted proxy's X-Real-IP counts), an action whose audit row cannot be written is not kept,
and refused attempts (anonymous, without two-factor verification, a wrong code) are logged."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection
from django.test import Client, override_settings
from django.urls import reverse

from adilkent.cases import audit
from adilkent.cases.models import AuditEvent

from .conftest import Desk


def _note(desk: Desk, client: Client, body: str, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("cases:add-note", args=[desk.cases["a"].pk]),
        {"kind": "general", "body": body},
        **extra,
    )


@pytest.mark.parametrize("forged", ["not-an-ip", "203.0.113.9", "' OR 1=1 --", "1.2.3.4, 5.6.7.8"])
def test_a_forged_forwarded_for_is_ignored(desk: Desk, forged: str) -> None:
    before = desk.cases["a"].notes.count()
    response = _note(desk, desk.client("cw1"), "Invented note", HTTP_X_FORWARDED_FOR=forged)
    assert response.status_code == 302
    assert desk.cases["a"].notes.count() == before + 1
    event = AuditEvent.objects.filter(username="cw1", action="update").latest("pk")
    assert event.ip_address == "127.0.0.1"


def test_a_real_ip_header_counts_only_from_a_trusted_proxy(desk: Desk) -> None:
    client = desk.client("cw1")
    _note(desk, client, "one", HTTP_X_REAL_IP="198.51.100.7")
    assert AuditEvent.objects.filter(action="update").latest("pk").ip_address == "127.0.0.1"
    with override_settings(TRUSTED_PROXIES=["127.0.0.1/32"]):
        _note(desk, client, "two", HTTP_X_REAL_IP="198.51.100.7", HTTP_X_FORWARDED_FOR="6.6.6.6")
        assert AuditEvent.objects.filter(action="update").latest("pk").ip_address == "198.51.100.7"
        _note(desk, client, "three", HTTP_X_REAL_IP="garbage")
        assert AuditEvent.objects.filter(action="update").latest("pk").ip_address is None


def test_an_action_whose_audit_row_fails_is_not_kept(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_create = AuditEvent.objects.create

    def failing_create(**fields):  # type: ignore[no-untyped-def]
        if fields.get("action") == "update":
            raise DatabaseError("the audit table refused the row")
        return real_create(**fields)

    before = desk.cases["a"].notes.count()
    monkeypatch.setattr(AuditEvent.objects, "create", failing_create)
    with pytest.raises(DatabaseError):
        _note(desk, desk.client("cw1"), "Invented note without audit")
    assert desk.cases["a"].notes.count() == before


def test_on_postgresql_an_address_the_database_refuses_rolls_the_action_back(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit row itself is refused (PostgreSQL's ``inet`` column takes no non-address)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite stores any text in the address column")
    before = desk.cases["a"].notes.count()
    monkeypatch.setattr(audit, "client_ip", lambda request: "not-an-ip")
    with pytest.raises((DatabaseError, ValueError)):
        _note(desk, desk.client("cw1"), "Invented note, bad audit")
    assert desk.cases["a"].notes.count() == before


def test_anonymous_and_unverified_attempts_are_logged_as_refused(desk: Desk) -> None:
    url = reverse("cases:case", args=[desk.cases["a"].pk])
    assert Client().get(url).status_code == 302
    anonymous = AuditEvent.objects.filter(action="denied", username="").latest("pk")
    assert anonymous.reason == "not logged in"
    assert anonymous.path == url
    unverified = Client()
    unverified.force_login(desk.users["cw2"])
    assert unverified.get(url).status_code == 302
    refused = AuditEvent.objects.filter(action="denied", username="cw2").latest("pk")
    assert "two-factor" in refused.reason


def test_a_wrong_two_factor_code_is_logged_as_refused(desk: Desk) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=desk.users["cw2"], name="phone", confirmed=True)
    client = Client()
    client.force_login(desk.users["cw2"])
    response = client.post(reverse("cases:verify"), {"token": "000000"})
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="denied", username="cw2").latest("pk")
    assert event.reason == "wrong two-factor code"


def test_the_audit_export_runs_no_formula_a_client_planted(desk: Desk) -> None:
    import csv
    import io

    planted = '=HYPERLINK("http://198.51.100.1/x","open")'
    desk.client("cw1").post(
        reverse("cases:add-note", args=[desk.cases["a"].pk]),
        {"kind": "general", "body": "Invented", "reason": planted},
    )
    body = desk.client("dpo").get(reverse("cases:audit-export")).content.decode()
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'" + planted in cells
    assert planted not in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)


def test_spreadsheet_safe_keeps_numbers_and_escapes_formulas() -> None:
    from adilkent.text import spreadsheet_safe

    for formula in ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]:
        assert spreadsheet_safe(formula) == "'" + formula
    for plain in ["-8.610000", "38.42", "-3", "1e5", "Karşıyaka", "", "a=b"]:
        assert spreadsheet_safe(plain) == plain
    assert spreadsheet_safe(-3) == -3
