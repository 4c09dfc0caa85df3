"""What calls publish: the awarded grants (page and open data in CSV, JSON and XLSX) never name
a person who received a grant, nor give anyone's phone, IBAN or tax number; the volunteer
figures withhold small cells; a certificate of volunteering is checked by its code (valid,
unknown, revoked) and printed with a QR code to that check. A grantee follows their grant
(the decision with its reasons, the instalments) and sends a report on a milestone.

Every record is made by the services, on the example calls of ``data/calls.yaml``; people,
organisations and numbers are invented."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from adilkent.calls import services
from adilkent.calls.models import Application, CallStaff, GrantReport, Role, Shift
from adilkent.core.tests.factories import make_district, make_mahalle

from .conftest import Calls

pytestmark = pytest.mark.django_db

VALID_IBAN = "TR330006100519786457841326"
PERSON_TCKN = "10000000146"
ASSOCIATION_VKN = "4540536920"
PERSON_NAME = "Uydurma Ayla Bireysel"
PERSON_PHONE = "0555 987 65 43"


@dataclass
class Staff:
    coordinator: Any
    reviewers: list[Any]


@pytest.fixture
def staff(calls: Calls, django_user_model: Any) -> Staff:
    coordinator = django_user_model.objects.create_user("koordinator", password="x", is_staff=True)
    reviewers = []
    for n in range(2):
        user = django_user_model.objects.create_user(f"hakem{n}", password="x", is_staff=True)
        CallStaff.objects.create(call=calls.grant, user=user, role=CallStaff.Role.REVIEWER)
        reviewers.append(user)
    return Staff(coordinator, reviewers)


def _grant_application(calls: Calls, **kwargs: Any) -> services.Submitted:
    base: dict[str, Any] = {
        "call": calls.grant, "language": "tr", "contact_name": "Uydurma İletişim Kişisi",
        "phone": "0555 000 11 22", "email": "", "mahalle_id": calls.mahalle.pk, "age_band": "",
        "sex": "", "answers": {"target_group": "women", "months": "6"}, "consent": True,
        "applicant_kind": "association", "organisation": "Uydurma Kadın Kooperatifi Derneği",
        "tax_number": ASSOCIATION_VKN, "iban": VALID_IBAN, "project_title": "Mahalle mutfağı",
        "project_summary": "Ortak mutfak.", "amount_requested": "40000",
        "budget": [services.BudgetInput("Mutfak malzemesi", "40000")],
    }  # fmt: skip
    base.update(kwargs)
    return services.application_submit(**base)


def _award(application: Application, staff: Staff, amount: str) -> Application:
    services.application_screen(
        application=application, eligible=True, note="", by=staff.coordinator
    )
    for reviewer in staff.reviewers:
        if not services.has_declared(application.call, reviewer):
            services.panel_declare(call=application.call, reviewer=reviewer, conflicts={})
        services.review_submit(
            application=application, reviewer=reviewer,
            scores={"equal-access": 4, "feasibility": 4, "budget": 5}, comment="",
        )  # fmt: skip
    return services.grant_determine(
        application=application, award=True, reasons="Eşit erişime güçlü katkı.", amount=amount,
        by=staff.coordinator,
    )  # fmt: skip


@dataclass
class Awarded:
    person: services.Submitted
    association: services.Submitted


@pytest.fixture
def awarded(calls: Calls, staff: Staff) -> Awarded:
    """A grant to a person (35,000 TL) and one to an association (40,000 TL, in two
    instalments, the first paid and reported on)."""
    person = _grant_application(
        calls, applicant_kind="person", organisation="", contact_name=PERSON_NAME,
        phone=PERSON_PHONE, tax_number=PERSON_TCKN, project_title="Sokak sanatı duvarı",
        amount_requested="35000", budget=[services.BudgetInput("Boya", "35000")],
    )  # fmt: skip
    association = _grant_application(calls)
    _award(person.application, staff, "35000")
    _award(association.application, staff, "40000")
    services.agreement_record(
        application=association.application, number="HB-2026-001", signed_on=dt.date(2026, 6, 2),
        instalments=[
            services.InstalmentInput("Açılış", "24000", dt.date(2026, 6, 10)),
            services.InstalmentInput("Kapanış", "16000", dt.date(2026, 9, 10)),
        ],
        by=staff.coordinator,
    )  # fmt: skip
    first = association.application.instalments.get(number=1)
    services.instalment_release(instalment=first)
    services.payment_batch_create(call=calls.grant, by=staff.coordinator)
    first.refresh_from_db()
    services.instalment_pay(instalment=first, paid_on=dt.date(2026, 6, 12))
    report = services.grant_report_submit(
        application=association.application, instalment=first, summary="Mutfak açıldı."
    )
    services.grant_report_accept(report=report, by=staff.coordinator)
    return Awarded(person, association)


def _forbidden(awarded: Awarded) -> list[str]:
    """What open data must never contain: the person's name, phones, IBAN and tax numbers."""
    return [PERSON_NAME, PERSON_PHONE, "0555 000 11 22", "Uydurma İletişim Kişisi", VALID_IBAN,
            PERSON_TCKN, ASSOCIATION_VKN]  # fmt: skip


def test_the_grants_page_names_the_association_and_never_the_person(
    client: Client, awarded: Awarded
) -> None:
    text = client.get("/en/calls/grants/").content.decode()
    assert "Uydurma Kadın Kooperatifi Derneği" in text and "Mahalle mutfağı" in text
    assert "an individual grantee" in text and "Sokak sanatı duvarı" in text
    for secret in _forbidden(awarded):
        assert secret not in text, secret
    row = re.search(r"Uydurma Kadın Kooperatifi Derneği.*?</tr>", text, re.S)
    assert row is not None
    cells = re.sub(r"<[^>]+>", "|", row.group(0))
    assert "40,000" in cells and "1 of 2" in cells and "grant awarded" in cells
    for fmt in ("csv", "json", "xlsx"):
        assert f'href="/en/calls/grants/data.{fmt}"' in text
    # Names as the applicants wrote them, marked with the application's language.
    assert '<bdi lang="tr">Sokak sanatı duvarı</bdi>' in text


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_the_open_data_never_holds_a_persons_name_phone_iban_or_tax_number(
    client: Client, awarded: Awarded, fmt: str
) -> None:
    response = client.get(f"/en/calls/grants/data.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content
    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(body)).active
        rows = [
            [str(c) if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)
        ]
        header, data = rows[0], rows[1:]
        records = [dict(zip(header, r, strict=True)) for r in data]
        text = "\n".join("\t".join(r) for r in rows)
    elif fmt == "json":
        records = json.loads(body)
        text = body.decode()
    else:
        text = body.decode("utf-8-sig")
        import csv

        records = list(csv.DictReader(io.StringIO(text)))
    for secret in _forbidden(awarded):
        assert secret not in text, (fmt, secret)
    by_project = {r["project_title"]: r for r in records}
    assert by_project["Sokak sanatı duvarı"]["grantee"] == "an individual grantee"
    assert by_project["Mahalle mutfağı"]["grantee"] == "Uydurma Kadın Kooperatifi Derneği"
    assert str(by_project["Mahalle mutfağı"]["instalments_paid"]) == "1"
    assert str(by_project["Mahalle mutfağı"]["reports_accepted"]) == "1"
    assert Decimal(str(by_project["Sokak sanatı duvarı"]["amount_awarded_tl"])) == Decimal("35000")
    # the review trail: two reviewers, each 4/5 (weight 3), 4/5 (weight 2), 5/5 (weight 1):
    # (0.8 × 3 + 0.8 × 2 + 1 × 1) / 6 = 83.3 of 100
    assert str(by_project["Mahalle mutfağı"]["reviews"]) == "2"
    assert Decimal(str(by_project["Mahalle mutfağı"]["mean_review_score"])) == Decimal("83.3")


def test_the_grants_are_read_in_one_query_however_many(
    awarded: Awarded, django_assert_num_queries: Any
) -> None:
    from adilkent.calls.selectors import awarded_grants

    with django_assert_num_queries(1):
        assert len(awarded_grants("en")) == 2


def test_an_unknown_open_data_format_is_not_found(client: Client, calls: Calls) -> None:
    assert client.get("/en/calls/grants/data.exe").status_code == 404


def test_the_grantee_sees_the_decision_and_instalments_and_sends_a_report(
    client: Client, awarded: Awarded
) -> None:
    number = awarded.association.application.public_id
    code = awarded.association.follow_code
    text = client.post("/en/calls/follow/", {"public_id": number, "code": code}).content.decode()
    assert "Eşit erişime güçlü katkı." in text and "40,000.00 TL" in text
    assert "Açılış" in text and "Kapanış" in text and "paid" in text
    second = awarded.association.application.instalments.get(number=2)
    sent = client.post(
        "/en/calls/follow/",
        {"public_id": number, "code": code, "action": "report", "instalment": second.pk,
         "summary": "Kapanış etkinliği yapıldı."},
    )  # fmt: skip
    assert sent.status_code == 200 and "Your report is sent." in sent.content.decode()
    assert GrantReport.objects.filter(
        instalment=second, summary="Kapanış etkinliği yapıldı."
    ).exists()
    empty = client.post(
        "/en/calls/follow/",
        {"public_id": number, "code": code, "action": "report", "summary": " "},
    )
    assert empty.status_code == 400 and "Describe what was done." in empty.content.decode()


# --- volunteers: figures and certificates -----------------------------------------------------


def _volunteer(calls: Calls, name: str, mahalle_id: int) -> Application:
    return services.application_submit(
        call=calls.volunteer, language="tr", contact_name=name, phone="0555 123 00 00",
        email="", mahalle_id=mahalle_id, age_band="25-34", sex="female",
        answers={"roles": ["translation"], "hours_per_month": "10", "motivation": "Yardım."},
        consent=True, adult=True,
    ).application  # fmt: skip


def _approve(application: Application, by: Any) -> Application:
    services.application_screen(application=application, eligible=True, note="", by=by)
    interview = services.interview_schedule(
        application=application, scheduled_at=timezone.now() + dt.timedelta(days=1),
        place="Konak", interviewer=by,
    )  # fmt: skip
    services.interview_record(interview=interview, outcome="passed", notes="", by=by)
    return services.volunteer_approve(application=application, by=by)


def _served(application: Application, by: Any, hours: str) -> None:
    """On the workshop shift as a translator; the shift is then moved to the past (it took
    place) and the hours recorded."""
    shift = Shift.objects.filter(call=application.call).order_by("starts_at").first()
    assert shift is not None
    role = Role.objects.get(call=application.call, key="translation")
    assignment = services.volunteer_assign(application=application, shift=shift, role=role)
    start = timezone.now() - dt.timedelta(days=2)
    Shift.objects.filter(pk=shift.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=3))
    assignment.refresh_from_db()
    services.hours_record(assignment=assignment, hours=hours, by=by)


def _rows(html: str, caption: str) -> dict[str, list[str]]:
    table = re.search(rf"<caption[^>]*>{caption}</caption>(.*?)</table>", html, re.S)
    assert table is not None, caption
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        ]
        rows[cells[0]] = cells[1:]
    return rows


def test_volunteer_figures_withhold_small_cells_and_say_why(
    client: Client, calls: Calls, staff: Staff, settings: Any
) -> None:
    settings.CASES_MIN_CELL_SIZE = 3
    buca = make_mahalle(make_district("Buca"), "Uydurmamahalle")
    konak = [_volunteer(calls, f"Uydurma Konaklı {n}", calls.mahalle.pk) for n in range(4)]
    for n in range(3):
        _volunteer(calls, f"Uydurma Bayraklılı {n}", calls.other_mahalle.pk)
    _volunteer(calls, "Uydurma Bucalı", buca.pk)
    for application in konak[:3]:
        _approve(application, staff.coordinator)
    _served(konak[0], staff.coordinator, "2.5")

    html = client.get("/en/calls/volunteers/figures/").content.decode()
    assert "Counts below 3 are withheld" in html
    rows = _rows(html, "By district")
    # applications: Buca's 1 is withheld, and Bayraklı's 3 with it (the next smallest), so
    # that Buca's cannot be worked out from the total; approved: Konak's 3 shown; the one
    # person who served (and her hours) withheld
    assert rows["Konak"] == ["4", "3", "fewer than 3", "withheld"]
    assert rows["Bayraklı"][0] == "fewer than 3"
    assert rows["Buca"][0] == "fewer than 3"
    assert rows["Total"] == ["8", "3", "fewer than 3", "withheld"]
    assert _rows(html, "By role")["Translation"] == ["fewer than 3", "withheld"]
    for n in range(4):
        assert f"Uydurma Konaklı {n}" not in html

    settings.CASES_MIN_CELL_SIZE = 1
    html = client.get("/en/calls/volunteers/figures/").content.decode()
    assert _rows(html, "By district")["Konak"] == ["4", "3", "1", "2.5"]
    assert _rows(html, "By role")["Translation"] == ["1", "2.5"]


@pytest.fixture
def certificate(calls: Calls, staff: Staff) -> Any:
    application = _volunteer(calls, "Uydurma Sertifika Sahibi", calls.mahalle.pk)
    _approve(application, staff.coordinator)
    _served(application, staff.coordinator, "3")
    return services.volunteer_certificate_issue(application=application, by=staff.coordinator)


def test_a_certificate_is_valid_unknown_or_revoked(client: Client, certificate: Any) -> None:
    valid = client.get(f"/en/calls/certificate/{certificate.code}/")
    assert valid.status_code == 200
    text = valid.content.decode()
    assert "This certificate is valid." in text and "Uydurma Sertifika Sahibi" in text
    assert "Equal İzmir call for volunteers" in text and "3.0" in text
    assert "0555 123 00 00" not in text
    assert valid["X-Robots-Tag"] == "noindex, nofollow"
    # typed in lower case without dashes: the same certificate
    loose = certificate.code.replace("-", "").lower()
    assert client.get(f"/en/calls/certificate/{loose}/").status_code == 200
    unknown = client.get("/en/calls/certificate/AAAA-BBBB-CCCC-DDDD/")
    assert unknown.status_code == 404 and "No certificate has this code" in unknown.content.decode()
    # revoked (as the erasure of the holder's data does)
    type(certificate).objects.filter(pk=certificate.pk).update(
        revoked_at=timezone.now(), revoked_reason="test"
    )
    revoked = client.get(f"/en/calls/certificate/{certificate.code}/")
    assert revoked.status_code == 410
    assert "revoked" in revoked.content.decode()
    assert "Uydurma Sertifika Sahibi" not in revoked.content.decode()
    assert client.get(f"/en/calls/certificate/{certificate.code}/pdf/").status_code == 410


def test_the_certificate_pdf_prints_with_a_qr_code_to_the_check(
    client: Client, certificate: Any
) -> None:
    from adilkent.calls.certificates import certificate_html

    html = certificate_html(certificate=certificate, verify_url="https://example.org/x")
    assert "Uydurma Sertifika Sahibi" in html and "<svg" in html and certificate.code in html
    response = client.get(f"/en/calls/certificate/{certificate.code}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get("/en/calls/certificate/AAAA-BBBB-CCCC-DDDD/pdf/").status_code == 404
