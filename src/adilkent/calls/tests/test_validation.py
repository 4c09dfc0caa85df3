"""Bank and identity numbers as a grant applicant types them: real invalid IBANs, tax numbers
(VKN) and identity numbers (T.C. Kimlik No) are refused with a message that says what is
wrong; a valid foreign IBAN is a valid IBAN, but grants are paid into Turkish accounts only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.translation import override

from adilkent.calls import services
from adilkent.calls.models import Call
from adilkent.calls.validation import NumberInvalid, iban_clean, tax_number_clean

VALID_IBAN = "TR330006100519786457841326"  # a published example of a Turkish IBAN


@pytest.fixture(autouse=True)
def _english() -> object:
    with override("en"):
        yield


def _refusal(function: object, text: str) -> str:
    with pytest.raises(NumberInvalid) as error:
        function(text)  # type: ignore[operator]
    return str(error.value)


def test_a_valid_iban_is_kept_compact_whatever_the_spacing_and_case() -> None:
    assert iban_clean(VALID_IBAN) == VALID_IBAN
    assert iban_clean("tr33 0006 1005 1978 6457 8413 26") == VALID_IBAN


def test_a_changed_digit_is_caught_by_the_check_digits() -> None:
    message = _refusal(iban_clean, "TR330006100519786457841327")
    assert "check digits are wrong" in message


def test_a_turkish_iban_one_character_short_has_the_wrong_length() -> None:
    message = _refusal(iban_clean, VALID_IBAN[:-1])
    assert "wrong number of characters" in message


def test_an_unknown_country_code_and_nonsense_are_refused() -> None:
    assert "known country code" in _refusal(iban_clean, "XX330006100519786457841326")
    assert _refusal(iban_clean, "not an iban at all")
    assert "Enter the IBAN" in _refusal(iban_clean, "   ")


@pytest.mark.django_db
def test_a_valid_german_iban_is_an_iban_but_not_one_a_grant_is_paid_into() -> None:
    assert iban_clean("DE89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    today = timezone.localdate()
    call = Call.objects.create(
        slug="iban-test", kind=Call.Kind.GRANT, title={"en": "Test"},
        opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=1),
        maximum_award=50000,
    )  # fmt: skip
    with pytest.raises(services.CallInvalid) as error:
        services.application_submit(
            call=call, language="en", contact_name="Invented Person", phone="05550000000",
            email="", mahalle_id=None, age_band="", sex="", answers={}, consent=True,
            applicant_kind="association", organisation="Invented Derneği",
            tax_number="4540536920", iban="DE89370400440532013000", project_title="A project",
            amount_requested="1000", budget=[services.BudgetInput("Materials", "1000")],
        )  # fmt: skip
    assert error.value.errors["iban"] == [
        "Grants are paid into a Turkish bank account (an IBAN starting TR)."
    ]
    assert "tax_number" not in error.value.errors


def test_tax_numbers_vkn() -> None:
    assert tax_number_clean("4540536920") == "4540536920"
    assert tax_number_clean(" 454 053 6920 ") == "4540536920"
    assert "tax number is not valid" in _refusal(tax_number_clean, "4540536921")


def test_identity_numbers_tckn() -> None:
    assert tax_number_clean("17291716060") == "17291716060"
    assert "identity number is not valid" in _refusal(tax_number_clean, "17291716061")


def test_letters_and_wrong_lengths_are_refused_with_what_is_wrong() -> None:
    assert "digits only" in _refusal(tax_number_clean, "45405369AB")
    assert "digits only" in _refusal(tax_number_clean, "４５４０５３６９２０")  # full-width digits
    message = _refusal(tax_number_clean, "454053692")
    assert "10 digits" in message and "11" in message and "this one has 9" in message
    assert "this one has 12" in _refusal(tax_number_clean, "172917160601")
    assert "Enter the tax number" in _refusal(tax_number_clean, "")
