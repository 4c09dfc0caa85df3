"""The public pages: the application in any language, the receipt's code, the status page
with positions and offers answered there; bad input answered with its reasons."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from adilkent.enrolment.models import Application, Placement
from adilkent.enrolment.services import allocation_round

from .conftest import Setting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def open_today(setting: Setting) -> None:
    """The pages use today's date: the term takes applications today and starts in 90 days."""
    today = timezone.localdate()
    term = setting.term
    term.applications_open_on, term.applications_close_on = today, today + dt.timedelta(days=30)
    term.starts_on, term.ends_on = today + dt.timedelta(days=90), today + dt.timedelta(days=400)
    term.save()


def _born(setting: Setting, months: int) -> str:
    """The birth date of a child ``months`` old (and a few days) when the term starts."""
    start = setting.term.starts_on
    year, month = divmod(start.year * 12 + start.month - 1 - months, 12)
    return dt.date(year, month + 1, 1).isoformat()


def _form(s: Setting, **change: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "guardian_name": "Invented Guardian",
        "guardian_phone": "0555 000 00 00",
        "mahalle": str(s.mahalle.pk),
        "child_1_name": "Ayşe",
        "child_1_birth": _born(s, 48),
        "child_2_name": "Deniz",
        "child_2_birth": _born(s, 60),
        "choice_1": str(s.north.pk),
        "choice_2": str(s.south.pk),
        "priority_groups": ["low_income"],
    }
    data.update(change)
    return data


def _apply(client: Client, s: Setting, **change: str) -> str:
    answer = client.post(f"/ar/enrolment/{s.term.pk}/apply/", _form(s, **change))
    assert answer.status_code == 302, answer.content.decode()[:2000]
    receipt = client.get(answer["Location"])
    found = re.search(r"data-follow-code>([A-Z0-9-]+)<", receipt.content.decode())
    assert found is not None
    return found.group(1)


def test_the_index_lists_open_terms_and_says_when_an_address_is_unknown(
    client: Client, setting: Setting
) -> None:
    page = client.get("/tr/enrolment/").content.decode()
    assert "North centre" in page and "South centre" in page
    assert f'href="/tr/enrolment/{setting.term.pk}/apply/"' in page
    english = client.get("/en/enrolment/").content.decode()
    assert "The address is not given in the sources yet" in english


def test_apply_in_arabic_then_follow_with_the_code(client: Client, setting: Setting) -> None:
    form = client.get(f"/ar/enrolment/{setting.term.pk}/apply/")
    assert form.status_code == 200 and 'dir="rtl"' in form.content.decode()
    code = _apply(client, setting)
    assert Application.objects.filter(preferred_language="ar").count() == 2
    assert client.get("/ar/enrolment/received/").status_code == 302  # shown once
    status = client.get("/ar/enrolment/status/", {"code": code}).content.decode()
    assert "Ayşe" in status and "Deniz" in status


def test_bad_input_is_shown_on_the_form_and_nothing_is_stored(
    client: Client, setting: Setting
) -> None:
    answer = client.post(
        f"/en/enrolment/{setting.term.pk}/apply/",
        _form(setting, child_1_birth=_born(setting, 20), mahalle="", guardian_phone=""),
    )
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "Please correct the marked fields" in page
    assert "Ayşe will be 20 months old on" in page  # each problem, all at once
    assert "Choose the mahalle in İzmir where the child lives" in page
    assert "Give a phone number or an e-mail address" in page
    unknown = client.post(
        f"/en/enrolment/{setting.term.pk}/apply/", _form(setting, choice_1="999999")
    )
    assert unknown.status_code == 400 and "Select a valid choice" in unknown.content.decode()
    assert not Application.objects.exists()


def test_the_offer_is_answered_on_the_status_page(client: Client, setting: Setting) -> None:
    code = _apply(client, setting, child_2_name="", child_2_birth="")
    other = _apply(
        client, setting, child_1_name="Banu", child_2_name="", child_2_birth="", priority_groups=[]
    )
    _run, offers = allocation_round(term=setting.term, reason="first")
    mine = next(p for p in offers if p.application.child_name == "Ayşe")
    page = client.get("/en/enrolment/status/", {"code": code}).content.decode()
    assert "A place is offered at North centre" in page
    refused = client.post(
        "/en/enrolment/status/answer/", {"code": other, "placement": mine.pk, "answer": "accept"}
    )
    assert refused.status_code == 400 and "no such offer for this code" in refused.content.decode()
    assert Placement.objects.get(pk=mine.pk).state == "offered"
    done = client.post(
        "/en/enrolment/status/answer/", {"code": code, "placement": mine.pk, "answer": "accept"}
    )
    assert done.status_code == 302
    assert Placement.objects.get(pk=mine.pk).state == "accepted"
    page = client.get("/en/enrolment/status/", {"code": code}).content.decode()
    assert "Your child has a place at North centre" in page


def test_an_unknown_code_says_so(client: Client, setting: Setting) -> None:
    answer = client.get("/en/enrolment/status/", {"code": "NOPE-NOPE-NOPE"})
    assert answer.status_code == 404 and "No application has this code" in answer.content.decode()


def test_the_programme_page_says_applications_are_open(client: Client, setting: Setting) -> None:
    page = client.get(f"/en/programmes/p/{setting.programme.slug}/").content.decode()
    assert "Applications for a place are open" in page
    assert f'href="/en/enrolment/{setting.term.pk}/apply/"' in page


def test_the_draw_is_published_and_can_be_re_run(client: Client, setting: Setting) -> None:
    import hashlib

    assert (
        "has not been drawn yet"
        in client.get(f"/en/enrolment/{setting.term.pk}/lottery/").content.decode()
    )
    _apply(client, setting, child_2_name="", child_2_birth="")
    _apply(
        client, setting, child_1_name="Banu", child_2_name="", child_2_birth="", priority_groups=[]
    )
    allocation_round(term=setting.term, reason="first")
    setting.term.refresh_from_db()
    page = client.get(f"/en/enrolment/{setting.term.pk}/lottery/").content.decode()
    assert setting.term.lottery_seed in page
    assert "Ayşe" not in page and "Invented Guardian" not in page  # numbers, never names
    for application in Application.objects.all():
        number = hashlib.sha256(
            f"{setting.term.lottery_seed}:{application.public_id}".encode()
        ).hexdigest()
        assert number in page and application.public_id in page


def test_the_coordinator_sees_each_rank_and_why(
    client: Client, setting: Setting, django_user_model: Any
) -> None:
    from adilkent.core.tests.factories import log_in_verified
    from adilkent.enrolment.models import StaffAccess

    _apply(client, setting, child_2_name="", child_2_birth="")
    coordinator = django_user_model.objects.create_user("coord", is_staff=True)
    StaffAccess.objects.create(user=coordinator, role="coordinator", programme=setting.programme)
    log_in_verified(client, coordinator)
    page = client.get(f"/en/enrolment/staff/terms/{setting.term.pk}/").content.decode()
    assert "Applications in the order of the next round" in page
    assert "Our household has a low income (+3)" in page and "Ayşe" in page


def test_who_applies_and_who_does_not(client: Client, setting: Setting, settings: Any) -> None:
    """Applications per mahalle with small cells withheld; a mahalle among the most in need
    without any application is listed too."""
    from adilkent.analytics.models import AccessAnalysis
    from adilkent.core.tests.factories import make_facility_type, make_mahalle
    from adilkent.enrolment import selectors
    from adilkent.enrolment.models import PriorityRules

    settings.CASES_MIN_CELL_SIZE = 2
    quiet = make_mahalle(setting.mahalle.district, "Sessizmahalle")
    AccessAnalysis.objects.create(
        facility_type=make_facility_type("child-centre", "Child centres"),
        status=AccessAnalysis.Status.DONE,
        finished_at=timezone.now(),
        results={"need_ranks": {str(quiet.pk): 1}, "mahalle_measured": 100},
    )
    rules = PriorityRules.objects.get()
    rules.rules = {**rules.rules, "need_index": "child-centre"}
    rules.save()
    _apply(client, setting)  # two children from Testmahalle
    rows = {r.name: r for r in selectors.applicants_by_mahalle(setting.term)}
    assert rows["Testmahalle"].applicants.count == 2
    assert rows["Sessizmahalle"].applicants is None and rows["Sessizmahalle"].need_share == 0.01
    settings.CASES_MIN_CELL_SIZE = 5
    rows = {r.name: r for r in selectors.applicants_by_mahalle(setting.term)}
    assert rows["Testmahalle"].applicants.suppressed


def test_documents_are_sent_with_the_form(
    client: Client, setting: Setting, settings: Any, tmp_path: Any
) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from adilkent.enrolment.models import ApplicationDocument

    settings.MEDIA_ROOT = tmp_path
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, format="PNG")
    form = _form(setting, child_2_name="", child_2_birth="")
    form["document_1"] = SimpleUploadedFile("belge.png", out.getvalue())
    assert client.post(f"/en/enrolment/{setting.term.pk}/apply/", form).status_code == 302
    assert ApplicationDocument.objects.get().original_name == "belge.png"
    bad = _form(setting, child_1_name="Banu", child_2_name="", child_2_birth="")
    bad["document_1"] = SimpleUploadedFile("x.pdf", b"not a pdf")
    answer = client.post(f"/en/enrolment/{setting.term.pk}/apply/", bad)
    assert answer.status_code == 400 and "is not a photo" in answer.content.decode()


def test_a_family_withdraws_an_application_and_the_place_goes_on(
    client: Client, setting: Setting
) -> None:
    code = _apply(client, setting, child_2_name="", child_2_birth="")
    other = _apply(
        client, setting, child_1_name="Banu", child_2_name="", child_2_birth="", priority_groups=[]
    )
    third = _apply(
        client, setting, child_1_name="Cem", child_2_name="", child_2_birth="", priority_groups=[]
    )
    allocation_round(term=setting.term, reason="first")
    mine = selectors_applications(code)[0]
    assert Placement.objects.filter(application=mine, state="offered").exists()
    refused = client.post("/en/enrolment/status/withdraw/", {"code": other, "application": mine.pk})
    assert (
        refused.status_code == 400
        and "no such application for this code" in refused.content.decode()
    )
    done = client.post("/en/enrolment/status/withdraw/", {"code": code, "application": mine.pk})
    assert done.status_code == 302
    assert Application.objects.get(pk=mine.pk).status == "withdrawn"
    assert (
        "This application was withdrawn"
        in client.get("/en/enrolment/status/", {"code": code}).content.decode()
    )
    # Ayşe's place went to the one of Banu and Cem who was still waiting
    waiting = [selectors_applications(c)[0] for c in (other, third)]
    assert all(Placement.objects.filter(application=a, state="offered").exists() for a in waiting)


def selectors_applications(code: str) -> list[Application]:
    from adilkent.enrolment.selectors import applications_by_code

    return applications_by_code(code)


def test_record_numbers_in_other_scripts_are_not_read_as_numbers(
    client: Client, setting: Setting
) -> None:
    """``int("٣")`` is 3: the offer and withdrawal forms read ids strictly, so an id in
    Arabic-Indic digits is no id at all and changes nothing."""
    code = _apply(client, setting, child_2_name="", child_2_birth="")
    allocation_round(term=setting.term, reason="first")
    offer = Placement.objects.get()
    arabic = str(offer.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    answer = client.post(
        "/en/enrolment/status/answer/", {"code": code, "placement": arabic, "answer": "accept"}
    )
    assert answer.status_code == 400 and Placement.objects.get().state == "offered"
    application = Application.objects.get()
    arabic = str(application.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    client.post("/en/enrolment/status/withdraw/", {"code": code, "application": arabic})
    assert Application.objects.get().status == "waiting"
