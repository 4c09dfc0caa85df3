"""Paying grants: the batch file the finance unit uploads to the bank, and the bank statement
read back. Every statement line is kept with its result; only a line that matches its
instalment by reference, amount and IBAN pays it, and an instalment is never paid twice."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from adilkent.calls import services
from adilkent.calls.models import Instalment, StatementLine

from .test_grants import (  # noqa: F401  (fixtures used by these tests)
    IBAN,
    OTHER_IBAN,
    Panel,
    english_fixture,
    grant_ready_to_pay,
    panel_fixture,
)

pytestmark = pytest.mark.django_db

R = StatementLine.Result


def _batch_rows(panel: Panel) -> list[dict[str, str]]:
    batch = services.payment_batch_create(call=panel.call, by=panel.finance)
    data = services.payment_batch_file(batch)
    assert data.startswith("\ufeff".encode())  # a spreadsheet opens it as UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _released(panel: Panel, organisation: str, amounts: list[str], **kw: str) -> Instalment:
    first = grant_ready_to_pay(panel, organisation, amounts, **kw)[0]
    return services.instalment_release(instalment=first)


def _statement(panel: Panel, text: str, name: str = "ekstre.csv") -> services.Reconciliation:
    return services.statement_import(
        call=panel.call, data=text.encode("utf-8"), original_name=name, by=panel.finance
    )


def test_a_batch_of_the_released_instalments_and_its_file(panel: Panel) -> None:
    one = _released(panel, "Uydurma Kadın Derneği", ["12500.50", "7499.50"])
    two = _released(panel, "Uydurma Çocuk Vakfı", ["8000"], iban=OTHER_IBAN)
    rows = _batch_rows(panel)
    assert [r["reference"] for r in rows] == [one.reference, two.reference]
    assert rows[0] == {
        "row": "1", "payee": "Uydurma Kadın Derneği", "iban": IBAN, "amount": "12500.50",
        "currency": "TRY", "reference": one.reference,
        "description": f"{one.reference} {one.application.public_id} 1",
    }  # fmt: skip
    assert (rows[1]["payee"], rows[1]["iban"], rows[1]["amount"]) == (
        "Uydurma Çocuk Vakfı", OTHER_IBAN, "8000.00",
    )  # fmt: skip
    one.refresh_from_db()
    assert one.status == Instalment.Status.IN_BATCH and one.batch is not None
    assert one.batch.total == Decimal("20500.50")
    with pytest.raises(services.CallInvalid, match="No instalment is released"):
        services.payment_batch_create(call=panel.call, by=panel.finance)


def test_a_statement_line_by_line_each_problem_reported_only_the_match_paid(
    panel: Panel,
) -> None:
    right = _released(panel, "Uydurma Bir", ["10000"])
    wrong_amount = _released(panel, "Uydurma İki", ["9000"])
    wrong_iban = _released(panel, "Uydurma Üç", ["8000"])
    _batch_rows(panel)
    statement = (
        "Date,Amount,IBAN,Description\n"
        f"2026-03-02,-10000.00,{IBAN},HIBE {right.reference}\n"
        f"2026-03-02,-900.00,{IBAN},HIBE {wrong_amount.reference}\n"
        f"2026-03-02,-8000.00,{OTHER_IBAN},HIBE {wrong_iban.reference}\n"
        f"2026-03-02,-5000.00,{IBAN},HIBE ADK0123456789\n"
        "2026-03-02,on bin,TR33000610,HIBE ???\n"
    )
    result = _statement(panel, statement)
    assert [line.row for line in result.matched] == [2]
    by_row = {line.row: line for line in result.reported}
    assert sorted(by_row) == [3, 4, 5, 6]  # nothing dropped: five lines, five results
    assert by_row[3].result == R.AMOUNT
    assert by_row[3].problem == "paid 900.00 TL where the instalment is 9,000.00 TL"
    assert by_row[4].result == R.IBAN
    assert OTHER_IBAN in by_row[4].problem and IBAN in by_row[4].problem
    assert by_row[5].result == R.UNKNOWN and "ADK0123456789" in by_row[5].problem
    assert by_row[6].result == R.UNREADABLE
    assert "“on bin” cannot be read" in by_row[6].problem and "TR33000610" in by_row[6].problem
    for instalment, status in [
        (right, Instalment.Status.PAID),
        (wrong_amount, Instalment.Status.IN_BATCH),
        (wrong_iban, Instalment.Status.IN_BATCH),
    ]:
        instalment.refresh_from_db()
        assert instalment.status == status
    assert right.paid_on == dt.date(2026, 3, 2)
    assert StatementLine.objects.filter(statement=result.statement).count() == 5


def test_the_same_statement_again_pays_nothing_twice(panel: Panel) -> None:
    right = _released(panel, "Uydurma Bir", ["10000"])
    _batch_rows(panel)
    statement = f"Date,Amount,IBAN,Description\n2026-03-02,-10000.00,{IBAN},{right.reference}\n"
    assert len(_statement(panel, statement).matched) == 1
    again = _statement(panel, statement, "ekstre-tekrar.csv")
    assert again.matched == []
    [line] = again.reported
    assert line.result == R.ALREADY_PAID
    assert line.problem == (
        f"instalment {right.reference} was already paid on 2026-03-02: a second payment?"
    )
    right.refresh_from_db()
    assert right.status == Instalment.Status.PAID and right.paid_on == dt.date(2026, 3, 2)


def test_paying_a_paid_instalment_is_refused(panel: Panel) -> None:
    right = _released(panel, "Uydurma Bir", ["10000"])
    _batch_rows(panel)
    services.instalment_pay(instalment=right, paid_on=dt.date(2026, 3, 2))
    with pytest.raises(services.CallInvalid, match="already paid"):
        services.instalment_pay(instalment=right, paid_on=dt.date(2026, 3, 9))
    right.refresh_from_db()
    assert right.paid_on == dt.date(2026, 3, 2)


def test_paying_an_instalment_never_sent_to_the_bank_is_refused(panel: Panel) -> None:
    released = _released(panel, "Uydurma Bir", ["10000"])
    with pytest.raises(services.CallInvalid, match="not sent to the bank"):
        services.instalment_pay(instalment=released, paid_on=dt.date(2026, 3, 2))


def test_a_turkish_statement_with_semicolons_and_decimal_commas(panel: Panel) -> None:
    right = _released(panel, "Uydurma Bir", ["1234.56"])
    _batch_rows(panel)
    statement = (
        "Tarih;Tutar;IBAN;Açıklama\n"
        f"05.03.2026;-1.234,56;TR33 0006 1005 1978 6457 8413 26;Hibe ödemesi {right.reference}\n"
    )
    result = _statement(panel, statement)
    assert [line.result for line in result.matched] == [R.MATCHED] and result.reported == []
    right.refresh_from_db()
    assert right.status == Instalment.Status.PAID and right.paid_on == dt.date(2026, 3, 5)


def test_a_statement_without_the_columns_needed_is_refused_whole(panel: Panel) -> None:
    with pytest.raises(services.CallInvalid) as error:
        _statement(panel, "Tarih;Tutar;Bakiye\n05.03.2026;-1.234,56;99.000,00\n")
    [message] = error.value.errors["statement"]
    assert "columns for the amount, the IBAN and the description" in message
    assert "Tarih, Tutar, Bakiye" in message
    assert not StatementLine.objects.exists()
