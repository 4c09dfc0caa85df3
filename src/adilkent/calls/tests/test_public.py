"""The public pages of calls: the list and a call's page in the reader's language, the
application form built from the call's questions, applying to the example volunteer and grant
calls through the form (a receipt with the number and the follow code; bad input shown beside
each field with what was typed kept), and following an application with its number and code
(the same answer for a wrong number and a wrong code; withdrawal).

The example calls come from ``data/calls.yaml`` (the ``calls`` fixture); the applicants,
their numbers and their organisations are invented."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.utils import translation

from adilkent.calls.forms import ApplicationForm
from adilkent.calls.models import Application, Call, Question

from .conftest import Calls

pytestmark = pytest.mark.django_db

VALID_IBAN = "TR330006100519786457841326"
BAD_IBAN = "TR330006100519786457841327"  # the last digit changed: check digits fail
VALID_VKN = "4540536920"
BAD_VKN = "4540536921"


def _volunteer_form(calls: Calls, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "contact_name": "Uydurma Deniz Gönüllü",
        "phone": "0555 111 22 33",
        "email": "",
        "mahalle": calls.mahalle.pk,
        "age_band": "25-34",
        "sex": "female",
        "q_roles": ["translation", "social-media"],
        "q_languages": "Türkçe, Farsça",
        "q_hours_per_month": "12",
        "q_motivation": "Çeviriyle kadınlara ulaşmak istiyorum.",
        "adult": "on",
        "consent": "on",
    }
    data.update(changes)
    return data


def _grant_form(calls: Calls, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "applicant_kind": "association",
        "organisation": "Uydurma Mahalle Kadınları Derneği",
        "contact_name": "Uydurma Selin Başvuran",
        "phone": "0555 444 55 66",
        "email": "dernek@example.org",
        "mahalle": calls.other_mahalle.pk,
        "q_target_group": "women",
        "q_months": "6",
        "q_partners": "",
        "tax_number": VALID_VKN,
        "iban": VALID_IBAN,
        "project_title": "Mahallede çocuk bakım köşesi",
        "project_summary": "Pazar günleri çocuk bakım köşesi.",
        "amount_requested": "30000",
        "budget_item_1": "Malzeme",
        "budget_amount_1": "12000",
        "budget_item_2": "Eğitmen ücreti",
        "budget_amount_2": "18000",
        "consent": "on",
    }
    data.update(changes)
    return data


def _text(response: Any) -> str:
    return str(response.content.decode())


# --- the form built from the questions -----------------------------------------------------


def test_the_form_has_a_field_for_each_kind_of_question(db: None) -> None:
    call = Call.objects.create(
        slug="kinds", kind=Call.Kind.VOLUNTEER, title={"tr": "Türler", "en": "Kinds"},
        opens_on=dt.date(2026, 1, 1), closes_on=dt.date(2026, 12, 31),
    )  # fmt: skip
    options = [
        {"value": "a", "label": {"tr": "Bir", "fa": "یک"}},
        {"value": "b", "label": {"tr": "İki", "fa": "دو"}},
    ]
    for order, kind in enumerate(Question.Kind.values):
        Question.objects.create(
            call=call, key=kind, order=order, kind=kind,
            label={"tr": f"Soru {kind}", "fa": f"پرسش {kind}"},
            choices=options if kind in ("choice", "multiple") else [],
            required=kind != "date",
        )  # fmt: skip
    form = ApplicationForm(call=call, language="fa")
    fields = form.fields
    assert isinstance(fields["q_text"].widget, forms.TextInput)
    assert isinstance(fields["q_long_text"].widget, forms.Textarea)
    assert isinstance(fields["q_choice"].widget, forms.RadioSelect)
    assert fields["q_choice"].choices == [("a", "یک"), ("b", "دو")]  # type: ignore[attr-defined]
    assert isinstance(fields["q_multiple"].widget, forms.CheckboxSelectMultiple)
    assert isinstance(fields["q_number"].widget, forms.NumberInput)
    assert isinstance(fields["q_yes_no"].widget, forms.RadioSelect)
    assert [v for v, _label in fields["q_yes_no"].choices] == ["yes", "no"]  # type: ignore[attr-defined]
    assert fields["q_date"].widget.input_type == "date"
    # labels in the reader's language; an optional question says so
    assert fields["q_text"].label == "پرسش text"
    with translation.override("en"):
        assert str(fields["q_date"].label) == "پرسش date (optional)"
    # a volunteer call asks for the age; a grant's fields are not there
    assert "adult" in fields and "iban" not in fields and "budget_item_1" not in fields


def test_a_grant_call_adds_the_organisation_bank_project_budget_and_attachments(
    calls: Calls,
) -> None:
    form = ApplicationForm(call=calls.grant, language="tr")
    for name in ("applicant_kind", "organisation", "tax_number", "iban", "project_title",
                 "project_summary", "amount_requested", "attachments"):  # fmt: skip
        assert name in form.fields, name
    assert len(form.budget_rows()) >= 6
    assert "adult" not in form.fields
    assert form.fields["attachments"].widget.attrs.get("multiple") or getattr(
        form.fields["attachments"].widget, "allow_multiple_selected", False
    )


# --- the list and a call's page ----------------------------------------------------------


def test_the_list_shows_both_calls_in_the_readers_language(client: Client, calls: Calls) -> None:
    text = _text(client.get("/fa/calls/"))
    assert "فراخوان داوطلبان ازمیر برابر" in text  # the volunteer call's Persian title
    assert "فراخوان کمک‌هزینهٔ خرد برنامهٔ پرورش اجتماعی" in text
    assert 'href="/fa/calls/esit-izmir-gonullu/"' in text


def test_the_call_pages_say_what_the_call_is_with_criteria_roles_and_trainings(
    client: Client, calls: Calls
) -> None:
    volunteer = _text(client.get("/en/calls/esit-izmir-gonullu/"))
    assert "Anyone aged 18 or over may apply." in volunteer
    assert "This is an example call." in volunteer
    row = re.search(r"<tr><th scope=\"row\">Workshops</th><td>(.*?)</td></tr>", volunteer)
    assert row is not None and row.group(1) == "Gender equality basics"
    assert re.search(r"<th scope=\"row\">Translation</th><td>none</td>", volunteer)
    assert 'href="/en/calls/esit-izmir-gonullu/apply/"' in volunteer
    grant = _text(client.get("/en/calls/sosyal-kulucka-mikro-hibe/"))
    # weights 3, 2, 1: half, a third and a sixth of the score
    assert re.search(
        r"Contribution to equal access</th><td class=\"num\">3</td><td class=\"num\">50%", grant
    )
    assert re.search(r"Realistic budget</th><td class=\"num\">1</td><td class=\"num\">17%", grant)
    assert client.get("/en/calls/no-such-call/").status_code == 404


def test_an_unpublished_or_closed_call_takes_no_application(client: Client, calls: Calls) -> None:
    Call.objects.filter(pk=calls.volunteer.pk).update(closes_on=dt.date(2020, 1, 31))
    page = client.get("/en/calls/esit-izmir-gonullu/apply/")
    assert "This call is not open for applications." in _text(page)
    assert '<form method="post" enctype' not in _text(page)
    answer = client.post("/en/calls/esit-izmir-gonullu/apply/", _volunteer_form(calls))
    assert answer.status_code == 400 and not Application.objects.exists()
    Call.objects.filter(pk=calls.grant.pk).update(published=False)
    assert client.get("/en/calls/sosyal-kulucka-mikro-hibe/apply/").status_code == 404


# --- applying ----------------------------------------------------------------------------


def test_a_volunteer_applies_and_gets_the_number_and_the_follow_code(
    client: Client, calls: Calls
) -> None:
    answer = client.post("/en/calls/esit-izmir-gonullu/apply/", _volunteer_form(calls))
    assert answer.status_code == 200
    text = _text(answer)
    application = Application.objects.get()
    assert (
        application.call == calls.volunteer and application.contact_name == "Uydurma Deniz Gönüllü"
    )
    assert application.mahalle == calls.mahalle and application.language == "en"
    assert '"roles": ["translation", "social-media"]' in application.answers
    number = re.search(r'id="public-id"[^>]*>([^<]+)<', text)
    code = re.search(r'id="follow-code"[^>]*>([^<]+)<', text)
    assert number is not None and number.group(1) == application.public_id
    assert code is not None and len(code.group(1)) >= 8
    assert answer["Cache-Control"] == "private, no-store"
    assert "What happens next" in text


def test_an_association_applies_for_a_grant_with_its_budget_and_a_file(
    client: Client, calls: Calls
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile(
        "butce.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )
    answer = client.post(
        "/en/calls/sosyal-kulucka-mikro-hibe/apply/", {**_grant_form(calls), "attachments": [pdf]}
    )
    assert answer.status_code == 200, _text(answer)
    application = Application.objects.get()
    assert application.applicant_kind == "association"
    assert application.organisation == "Uydurma Mahalle Kadınları Derneği"
    assert application.iban == VALID_IBAN and application.tax_number == VALID_VKN
    assert [(b.item, str(b.amount)) for b in application.budget_lines.all()] == [
        ("Malzeme", "12000.00"),
        ("Eğitmen ücreti", "18000.00"),
    ]
    assert [a.original_name for a in application.attachments.all()] == ["butce.pdf"]
    assert application.public_id in _text(answer)


def test_bad_grant_input_shows_each_message_beside_its_field_and_keeps_what_was_typed(
    client: Client, calls: Calls
) -> None:
    form = _grant_form(
        calls, iban=BAD_IBAN, tax_number=BAD_VKN, budget_amount_2="10000", consent="",
        q_months="",
    )  # fmt: skip
    answer = client.post("/en/calls/sosyal-kulucka-mikro-hibe/apply/", form)
    assert answer.status_code == 400
    assert not Application.objects.exists()
    text = _text(answer)
    expected = {
        "id_iban_error": "This IBAN&#x27;s check digits are wrong",
        "id_tax_number_error": "This tax number is not valid",
        "id_budget_item_1_error": "The budget lines add up to 22,000.00 TL, not the 30,000.00 TL requested.",
        "id_consent_error": "Your consent is needed",
        "id_q_months_error": "Answer “How many months will the project take?”.",
    }
    for error_id, message in expected.items():
        listed = re.search(rf'<ul class="errorlist" id="{error_id}">(.*?)</ul>', text, re.S)
        assert listed is not None and message in listed.group(1), error_id
    # summarised at the top, each linking to its field
    assert 'href="#id_iban">' in text and 'href="#id_q_months">' in text
    # what was typed is kept
    assert f'value="{BAD_IBAN}"' in text and f'value="{BAD_VKN}"' in text
    assert 'value="Uydurma Mahalle Kadınları Derneği"' in text
    assert 'value="Eğitmen ücreti"' in text and 'value="10000"' in text
    assert re.search(r'value="women"[^>]*checked', text)
    # the field with the problem says so to assistive technology
    assert re.search(r'<input[^>]*name="iban"[^>]*aria-invalid="true"', text)


def test_a_volunteer_form_sent_empty_asks_for_every_needed_answer(
    client: Client, calls: Calls
) -> None:
    answer = client.post("/en/calls/esit-izmir-gonullu/apply/", {})
    assert answer.status_code == 400
    text = _text(answer)
    for message in (
        "Enter your name.",
        "Give a phone number or an e-mail address, to hear back.",
        "Volunteers must be at least 18 years old.",
        "Your consent is needed to process this application.",
        "Answer “Which areas would you like to volunteer in?”.",
        "Answer “Why would you like to volunteer?”.",
    ):
        assert message in text, message
    assert "Which languages do you speak?" in text and "Answer “Which languages" not in text
    assert not Application.objects.exists()


# --- following ---------------------------------------------------------------------------


def _apply_volunteer(client: Client, calls: Calls) -> tuple[str, str]:
    text = _text(client.post("/en/calls/esit-izmir-gonullu/apply/", _volunteer_form(calls)))
    number = re.search(r'id="public-id"[^>]*>([^<]+)<', text)
    code = re.search(r'id="follow-code"[^>]*>([^<]+)<', text)
    assert number and code
    return number.group(1), code.group(1)


def test_the_number_and_the_code_open_the_application(client: Client, calls: Calls) -> None:
    number, code = _apply_volunteer(client, calls)
    assert "Application number" in _text(client.get("/en/calls/follow/"))
    page = client.post("/en/calls/follow/", {"public_id": number, "code": code})
    assert page.status_code == 200
    text = _text(page)
    assert re.search(r'data-status="submitted">received<', text)
    assert re.search(r'aria-current="step">received', text)
    assert "Equal İzmir call for volunteers" in text
    # the number and code travel in the form's hidden fields, not in an address
    assert f'name="code" value="{code}"' in text and f"code={code}" not in text


def test_a_wrong_code_and_a_wrong_number_get_the_same_answer(client: Client, calls: Calls) -> None:
    number, code = _apply_volunteer(client, calls)
    other_code = ("A" if code[0] != "A" else "B") + code[1:]
    wrong_code = client.post("/en/calls/follow/", {"public_id": number, "code": other_code})
    wrong_number = client.post("/en/calls/follow/", {"public_id": "C-0000000000", "code": code})
    assert wrong_code.status_code == wrong_number.status_code == 404

    def message(response: Any) -> str:
        found = re.search(r'id="follow-error">([^<]+)<', _text(response))
        assert found is not None
        return found.group(1)

    assert message(wrong_code) == message(wrong_number)
    assert "No application has this number and follow code." in message(wrong_code)


def test_the_applicant_withdraws_after_confirming(client: Client, calls: Calls) -> None:
    number, code = _apply_volunteer(client, calls)
    unconfirmed = client.post(
        "/en/calls/follow/", {"public_id": number, "code": code, "action": "withdraw"}
    )
    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm" in _text(unconfirmed)
    assert Application.objects.get().status == Application.Status.SUBMITTED
    done = client.post(
        "/en/calls/follow/",
        {"public_id": number, "code": code, "action": "withdraw", "confirm": "yes"},
    )
    assert done.status_code == 200
    assert Application.objects.get().status == Application.Status.WITHDRAWN
    text = _text(done)
    assert "Your application is withdrawn." in text and 'value="withdraw"' not in text
