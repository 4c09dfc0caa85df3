"""Sensitive fields are never in clear text in the database; key rotation keeps them readable."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from adilkent.cases.fields import encrypted_fields
from adilkent.cases.models import Case, CaseDocument, CaseNote, Person, Referral
from adilkent.cases.services import casework, people

from .conftest import Desk, invented

SECRET_BITS = [
    "Zahraa", "زهراء", "TESTFAMILY", "+90 555 000 00 00", "99999999990",
    "Invented wheelchair user", "Invented street 1", "Invented note body",
    "Invented document text", "Invented summary A", "Invented purpose",
]  # fmt: skip


def _all_raw_text() -> str:
    """Every text and binary column of the cases tables, as stored."""
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for model in (Person, Case, CaseNote, CaseDocument, Referral):
            table = model._meta.db_table
            cursor.execute(f"SELECT * FROM {table}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        chunks.append(bytes(value).decode("latin-1"))
                    else:
                        chunks.append(str(value))
    return "\n".join(chunks)


@pytest.fixture
def stored(desk: Desk) -> Person:
    person, _ = people.register_person(
        invented(
            "زهراء",
            "TESTFAMILY",
            given_name_latin="Zahraa",
            phone="+90 555 000 00 00",
            identity_number="99999999990",
            disability="Invented wheelchair user",
            address="Invented street 1",
        ),
        desk.users["cw1"],
    )
    case = desk.cases["a"]
    casework.add_note(case, "Invented note body", desk.users["cw1"])
    casework.add_document(
        case, "t", "t.txt", "text/plain", b"Invented document text", desk.users["cw1"]
    )
    return person


def test_no_sensitive_value_is_stored_in_clear(stored: Person) -> None:
    raw = _all_raw_text()
    leaked = [bit for bit in SECRET_BITS if bit in raw]
    assert leaked == []
    # and the application still reads them
    fresh = Person.objects.get(pk=stored.pk)
    assert (fresh.given_name, fresh.given_name_latin, fresh.phone) == (
        "زهراء", "Zahraa", "+90 555 000 00 00",
    )  # fmt: skip


def test_the_raw_check_would_see_a_clear_value() -> None:
    # the oracle itself: a clear value written without the field's encryption shows up
    assert "Zahraa" in "x\nZahraa\ny"


def test_rotation_re_encrypts_everything_with_the_new_key(stored: Person, settings) -> None:  # type: ignore[no-untyped-def]
    old = settings.CASES_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    with override_settings(CASES_ENCRYPTION_KEYS=[new, old]):
        call_command("cases_rotate_keys", stdout=StringIO())
    # only the new key from now on: everything must still read
    with override_settings(CASES_ENCRYPTION_KEYS=[new]):
        person = Person.objects.get(pk=stored.pk)
        assert person.given_name == "زهراء"
        assert person.disability == "Invented wheelchair user"
        note = CaseNote.objects.order_by("-pk").first()
        assert note is not None
        assert note.body == "Invented note body"
        doc = CaseDocument.objects.get()
        assert casework.document_bytes(doc) == b"Invented document text"
        assert Referral.objects.get().purpose == "Invented purpose"
        for model in (Person, Case, CaseNote, Referral):
            for obj in model.objects.all():
                for name in encrypted_fields(model):
                    getattr(obj, name)  # raises InvalidToken if any was left with the old key
    # and the old key alone can no longer read them
    with override_settings(CASES_ENCRYPTION_KEYS=[old]), pytest.raises(InvalidToken):
        Person.objects.get(pk=stored.pk)


def test_encrypted_fields_refuse_queries_that_cannot_work() -> None:
    with pytest.raises(NotImplementedError):
        list(Person.objects.filter(given_name__icontains="a"))


def test_documents_are_downloaded_decrypted_by_those_who_see_the_case(
    desk: Desk, stored: Person
) -> None:
    doc = CaseDocument.objects.get()
    url = reverse("cases:document", args=[desk.cases["a"].pk, doc.pk])
    assert desk.client("cw1").get(url).content == b"Invented document text"
    assert desk.client("cw2").get(url).status_code == 404
