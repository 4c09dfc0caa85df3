"""Paying grants and checking the bank's word for it.

A payment batch takes the instalments released for payment and gives the finance unit a file
to upload to the bank's bulk transfer screen: one row per payment with the payee, the IBAN,
the amount and a reference unique to the instalment, which the bank carries into the
description. The bank statement (CSV, as banks export it) is read back: each line is matched
by that reference to its instalment and checked for the amount and the IBAN. A line that
matches pays its instalment; every other line is kept and reported with what is wrong (no
such reference, another amount, another IBAN, an instalment already paid or never sent):
none is dropped. An instalment is never paid twice."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from adilkent.importers.csvfiles import read_text_rows
from adilkent.importers.report import SourceFileError
from adilkent.text import spreadsheet_safe

from ..models import Call, Instalment, PaymentBatch, StatementImport, StatementLine
from ..validation import NumberInvalid, iban_clean
from .common import CallInvalid, lira

MAX_STATEMENT_BYTES = 5 * 1024 * 1024

BATCH_COLUMNS = ("row", "payee", "iban", "amount", "currency", "reference", "description")


def payment_batch_create(*, call: Call, by: User) -> PaymentBatch:
    """A batch of every instalment of the call released for payment (and in no batch)."""
    with transaction.atomic():
        due = list(
            Instalment.objects.select_for_update()
            .filter(application__call=call, status=Instalment.Status.RELEASED, batch__isnull=True)
            .order_by("application__created_at", "number")
        )
        if not due:
            raise CallInvalid({"": [_("No instalment is released for payment.")]})
        batch = PaymentBatch.objects.create(
            call=call, created_by=by, total=sum((i.amount for i in due), Decimal(0))
        )
        for instalment in due:
            instalment.status = Instalment.Status.IN_BATCH
            instalment.batch = batch
            instalment.save(update_fields=["status", "batch"])
    return batch


def _payee(instalment: Instalment) -> str:
    application = instalment.application
    return application.organisation or application.contact_name


def payment_batch_file(batch: PaymentBatch) -> bytes:
    """The batch as a CSV file (UTF-8 with a byte-order mark, amounts with a decimal point)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(BATCH_COLUMNS)
    for n, instalment in enumerate(
        batch.instalments.select_related("application").order_by("pk"), start=1
    ):
        application = instalment.application
        writer.writerow(
            [
                n,
                spreadsheet_safe(_payee(instalment)),
                application.iban,
                f"{instalment.amount:.2f}",
                "TRY",
                instalment.reference,
                spreadsheet_safe(
                    f"{instalment.reference} {application.public_id} {instalment.number}"
                ),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def instalment_pay(*, instalment: Instalment, paid_on: dt.date) -> Instalment:
    """Mark an instalment paid: refused if it is paid already or was never sent to the bank."""
    with transaction.atomic():
        locked = Instalment.objects.select_for_update().get(pk=instalment.pk)
        if locked.status == Instalment.Status.PAID:
            raise CallInvalid(
                {
                    "": [
                        _("Instalment %(ref)s is already paid (on %(day)s): it is not paid twice.")
                        % {"ref": locked.reference, "day": locked.paid_on}
                    ]
                }
            )
        if locked.status != Instalment.Status.IN_BATCH:
            raise CallInvalid(
                {
                    "": [
                        _("Instalment %(ref)s was not sent to the bank.")
                        % {"ref": locked.reference}
                    ]
                }
            )
        locked.status = Instalment.Status.PAID
        locked.paid_on = paid_on
        locked.save(update_fields=["status", "paid_on"])
    instalment.refresh_from_db()
    return instalment


# --- the bank statement --------------------------------------------------------------------

COLUMNS = {
    "date": ("date", "tarih", "işlem tarihi", "islem tarihi", "value date", "valör"),
    "amount": ("amount", "tutar", "işlem tutarı", "islem tutari"),
    "iban": ("iban", "karşı iban", "karsi iban", "alıcı iban", "alici iban", "counterparty iban"),
    "reference": ("reference", "description", "açıklama", "aciklama", "referans"),
}
REFERENCE = re.compile(r"ADK[0-9A-F]{10}")


def _column_names(header: list[str]) -> dict[str, str]:
    """Which of the file's columns is the date, amount, IBAN and reference."""
    found = {}
    lowered = {h.casefold(): h for h in header}
    for name, aliases in COLUMNS.items():
        for alias in aliases:
            if alias.casefold() in lowered:
                found[name] = lowered[alias.casefold()]
                break
    return found


def _statement_amount(text: str) -> Decimal | None:
    """An amount as banks write it: ``-1.234,56``, ``1234.56``, ``1,234.56``; its absolute
    value (the statement shows outgoing payments as negative)."""
    text = text.strip().replace(" ", "").replace("TL", "").replace("TRY", "")
    if not text:
        return None
    if "," in text and "." in text:
        if text.rindex(",") > text.rindex("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return abs(value) if value.is_finite() else None


def _statement_date(text: str) -> dt.date | None:
    text = text.strip()
    for form in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


@dataclass
class Reconciliation:
    statement: StatementImport
    matched: list[StatementLine] = field(default_factory=list)
    reported: list[StatementLine] = field(default_factory=list)


def statement_import(*, call: Call, data: bytes, original_name: str, by: User) -> Reconciliation:
    """Read a bank statement (CSV with the date, amount, IBAN and description columns, in
    English or Turkish) and match each line to an instalment of the call; or
    :class:`CallInvalid` when the file cannot be read at all (nothing is kept then)."""
    if len(data) > MAX_STATEMENT_BYTES:
        raise CallInvalid({"statement": [_("The statement is larger than 5 MB.")]})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1254")  # the Turkish Windows code page some banks use
        except UnicodeDecodeError as error:
            raise CallInvalid({"statement": [_("The statement is not a text file.")]}) from error
    handle = io.StringIO(text, newline="")
    try:
        rows = list(read_text_rows(handle, (), None, original_name))
    except (SourceFileError, csv.Error) as error:
        raise CallInvalid({"statement": [str(error)]}) from error
    header = list(rows[0][1]) if rows else []
    names = _column_names(header)
    missing = [n for n in ("amount", "iban", "reference") if n not in names]
    if missing or not rows:
        raise CallInvalid(
            {
                "statement": [
                    _(
                        "The statement needs columns for the amount, the IBAN and the description "
                        "(e.g. Tutar, IBAN, Açıklama); found: %(found)s."
                    )
                    % {"found": ", ".join(header) or "—"}
                ]
            }
        )
    result: Reconciliation
    with transaction.atomic():
        statement = StatementImport.objects.create(
            call=call, original_name=original_name[:200], uploaded_by=by
        )
        result = Reconciliation(statement)
        for number, row in rows:
            line = _match(statement, call, number, row, names)
            (
                result.matched if line.result == StatementLine.Result.MATCHED else result.reported
            ).append(line)
    return result


def _match(
    statement: StatementImport, call: Call, number: int, row: dict[str, str], names: dict[str, str]
) -> StatementLine:
    R = StatementLine.Result
    raw_amount = row.get(names["amount"], "")
    raw_iban = row.get(names["iban"], "")
    reference_text = row.get(names["reference"], "")
    booked_on = _statement_date(row.get(names["date"], "")) if "date" in names else None
    amount = _statement_amount(raw_amount)
    line = StatementLine(
        statement=statement,
        row=number,
        booked_on=booked_on,
        amount=amount,
        iban="".join(raw_iban.split()).upper()[:40],
        reference=reference_text[:300],
    )
    problems = []
    if amount is None:
        problems.append(_("the amount “%(v)s” cannot be read") % {"v": raw_amount})
    try:
        iban = iban_clean(raw_iban)
    except NumberInvalid as error:
        iban = ""
        problems.append(f"IBAN “{raw_iban}”: {error}")
    references = REFERENCE.findall(reference_text.upper())
    if problems:
        line.result = R.UNREADABLE
        line.problem = "; ".join(problems)[:300]
        line.save()
        return line
    instalment = (
        Instalment.objects.select_for_update()
        .select_related("application")
        .filter(reference__in=references, application__call=call)
        .first()
    )
    if instalment is None:
        line.result = R.UNKNOWN
        line.problem = (
            _("no instalment of this call has the reference in “%(d)s”") % {"d": reference_text}
        )[:300]
    else:
        line.instalment = instalment
        if instalment.status == Instalment.Status.PAID:
            line.result = R.ALREADY_PAID
            line.problem = _(
                "instalment %(ref)s was already paid on %(day)s: a second payment?"
            ) % {"ref": instalment.reference, "day": instalment.paid_on}
        elif instalment.status != Instalment.Status.IN_BATCH:
            line.result = R.NOT_SENT
            line.problem = _("instalment %(ref)s was never sent to the bank") % {
                "ref": instalment.reference
            }
        elif amount != instalment.amount:
            line.result = R.AMOUNT
            line.problem = _("paid %(paid)s TL where the instalment is %(due)s TL") % {
                "paid": lira(amount),
                "due": lira(instalment.amount),
            }
        elif iban != instalment.application.iban:
            line.result = R.IBAN
            line.problem = _("paid into %(paid)s where the grantee's IBAN is %(due)s") % {
                "paid": iban,
                "due": instalment.application.iban,
            }
        else:
            line.result = R.MATCHED
            instalment.status = Instalment.Status.PAID
            instalment.paid_on = booked_on or statement.uploaded_at.date()
            instalment.save(update_fields=["status", "paid_on"])
    line.problem = line.problem[:300]
    line.save()
    return line
