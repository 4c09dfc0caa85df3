"""Certificates: issued only by the course's completion rule; verified publicly with nothing
more than the holder, the course and the date (forged, altered and revoked codes refused);
printed as a one-page PDF with a QR code of the verification address; issued, printed and
revoked by the course's staff only, each request audited."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import segno
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from adilkent.cases.models import AuditEvent
from adilkent.core.tests.factories import log_in_verified
from adilkent.courses import certificate_views, certificates
from adilkent.courses.certificates import certificate_html, certificate_pdf, qr_svg, verify_url
from adilkent.courses.models import Certificate, new_certificate_code
from adilkent.courses.services import CourseInvalid, certificate_issue, certificate_revoke
from adilkent.enrolment.models import Attendance, StaffAccess

from .conftest import CourseSetting, Enrolled

pytestmark = pytest.mark.django_db

HOLDER = "Zeynep Testoğlu"
ISSUED = dt.date(2026, 6, 22)


def _attend(setting: CourseSetting, enrolled: Enrolled, days: int) -> None:
    for session in setting.sessions[:days]:
        Attendance.objects.create(placement=enrolled.placement, day=session.day, present=True)


def _as(user: Any) -> Client:
    client = Client()
    log_in_verified(client, user)
    return client


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def certificate(course_setting: CourseSetting, enrolled: Enrolled, coordinator: Any) -> Certificate:
    _attend(course_setting, enrolled, 4)
    return certificate_issue(
        application=enrolled.placement.application, issued_by=coordinator, today=ISSUED
    )


@pytest.fixture
def centre_staff(course_setting: CourseSetting, django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user("centre_staff", password="x", is_staff=True)
    StaffAccess.objects.create(user=user, role="centre", centre=course_setting.centre)
    return user


@pytest.fixture
def nobody(course_setting: CourseSetting, django_user_model: Any) -> Any:
    """Staff, but with no access to any course centre."""
    return django_user_model.objects.create_user("nobody", password="x", is_staff=True)


# --- issuing by the completion rule ---------------------------------------------------------


def test_three_of_five_days_is_refused_naming_what_is_missing(
    course_setting: CourseSetting, enrolled: Enrolled, coordinator: Any
) -> None:
    _attend(course_setting, enrolled, 3)
    application = enrolled.placement.application
    with pytest.raises(CourseInvalid) as refused:
        certificate_issue(application=application, issued_by=coordinator, today=ISSUED)
    (message,) = refused.value.errors["application"]
    assert "attended 3 of the 4 session days needed" in message

    answer = _as(coordinator).post(f"/en/courses/staff/applications/{application.pk}/certificate/")
    assert answer.status_code == 302
    assert answer["Location"] == f"/en/courses/staff/{course_setting.course.pk}/"
    (message,) = _messages(answer)
    assert "completion rule is not met" in message
    assert "attended 3 of the 4 session days needed" in message
    assert not Certificate.objects.exists()


def test_four_of_five_days_is_issued(
    course_setting: CourseSetting, enrolled: Enrolled, coordinator: Any
) -> None:
    _attend(course_setting, enrolled, 4)
    application = enrolled.placement.application
    answer = _as(coordinator).post(f"/en/courses/staff/applications/{application.pk}/certificate/")
    assert answer.status_code == 302
    assert answer["Location"] == f"/en/courses/staff/{course_setting.course.pk}/"
    certificate = Certificate.objects.get()
    assert certificate.application == application
    assert certificate.course == course_setting.course
    assert certificate.holder_name == HOLDER
    assert certificate.issued_by == coordinator
    assert certificate.issued_on == timezone.localdate()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", certificate.code)
    assert _messages(answer) == [f"Certificate issued, verification code {certificate.code}."]
    # a second one for the same trainee is refused
    again = _as(coordinator).post(f"/en/courses/staff/applications/{application.pk}/certificate/")
    assert _messages(again) == ["A certificate was already issued."]
    assert Certificate.objects.count() == 1


def test_staff_of_the_centre_issues_too(
    course_setting: CourseSetting, enrolled: Enrolled, centre_staff: Any
) -> None:
    _attend(course_setting, enrolled, 4)
    application = enrolled.placement.application
    answer = _as(centre_staff).post(f"/en/courses/staff/applications/{application.pk}/certificate/")
    assert answer.status_code == 302
    assert Certificate.objects.get().issued_by == centre_staff


# --- public verification ----------------------------------------------------------------------


def test_a_valid_code_shows_holder_course_and_date_only(
    client: Client, certificate: Certificate, enrolled: Enrolled
) -> None:
    answer = client.get(f"/en/courses/verify/{certificate.code}/")
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "This certificate is valid." in page
    assert HOLDER in page
    assert "Bilgisayarda giysi kalıbı (test)" in page
    assert date_format(ISSUED) in page
    # nothing else about the person or the course
    for other in ("0555", enrolled.follow_code, "1990", "Test Kurs Merkezi", "Pattern making"):
        assert other not in page
    assert answer["Cache-Control"] == "private, no-store"
    assert 'name="robots" content="noindex, nofollow"' in page


def test_the_form_takes_a_code_typed_loosely(client: Client, certificate: Certificate) -> None:
    typed = " " + certificate.code.replace("-", " ").lower() + " "
    answer = client.get("/en/courses/verify/", {"code": typed})
    assert answer.status_code == 200
    assert HOLDER in answer.content.decode()


def test_the_empty_form_looks_nothing_up(client: Client) -> None:
    answer = client.get("/en/courses/verify/")
    assert answer.status_code == 200
    assert "Type the verification code printed on the certificate" in answer.content.decode()


def _another_code(code: str) -> str:
    while (forged := new_certificate_code()) == code:
        pass
    return forged


def _altered(code: str) -> str:
    """The code with one character changed (to another of the code's letters and digits)."""
    at = 5
    changed = "B" if code[at] != "B" else "C"
    return code[:at] + changed + code[at + 1 :]


@pytest.mark.parametrize("make", [_another_code, _altered], ids=["forged", "altered"])
def test_a_forged_or_altered_code_is_refused(
    client: Client, certificate: Certificate, make: Any
) -> None:
    code = make(certificate.code)
    assert code != certificate.code and len(code) == len(certificate.code)
    answer = client.get(f"/en/courses/verify/{code}/")
    assert answer.status_code == 404
    page = answer.content.decode()
    assert "No certificate has this code." in page
    assert HOLDER not in page
    assert "Bilgisayarda" not in page


def test_a_revoked_code_says_when_not_whose_nor_why(
    client: Client, certificate: Certificate
) -> None:
    certificate_revoke(certificate=certificate, reason="Attendance sheet was filled in wrongly")
    answer = client.get(f"/en/courses/verify/{certificate.code}/")
    assert answer.status_code == 410
    page = answer.content.decode()
    revoked_on = timezone.localtime(certificate.revoked_at).date()
    assert f"was revoked on {date_format(revoked_on)}" in page
    assert "This certificate is valid." not in page
    for hidden in (HOLDER, "Attendance sheet", "Bilgisayarda"):
        assert hidden not in page


def test_lookups_are_limited_per_connection(
    client: Client, certificate: Certificate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(certificate_views, "LOOKUPS_PER_HOUR", 3)
    for _i in range(3):
        forged = _another_code(certificate.code)
        assert client.get(f"/en/courses/verify/{forged}/").status_code == 404
    answer = client.get(f"/en/courses/verify/{certificate.code}/")
    assert answer.status_code == 429
    page = answer.content.decode()
    assert "Too many attempts" in page
    assert HOLDER not in page


def test_the_page_reads_right_to_left_in_arabic(client: Client, certificate: Certificate) -> None:
    answer = client.get(f"/ar/courses/verify/{certificate.code}/")
    assert answer.status_code == 200
    page = answer.content.decode()
    assert 'dir="rtl"' in page
    assert f"<bdi>{HOLDER}</bdi>" in page


# --- the printed certificate ------------------------------------------------------------------


def _dark_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules (column, row) an SVG drawn by :func:`qr_svg` paints, read back from
    its path (moves and horizontal runs, one unit a module, the border included)."""
    (path,) = re.findall(r'<path class="qrline"[^>]* d="([^"]+)"', svg)
    x = y = 0.0
    dark = set()
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s+(-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark.update((int(x) + i, int(y)) for i in range(int(a)))
            x += float(a)
    return dark


def test_the_qr_code_draws_the_symbol_of_the_url() -> None:
    url = "https://adilkent.example.org/tr/courses/verify/ABCD-EFGH-JKLM-NPQR/"
    svg = qr_svg(url)
    assert svg.startswith("<svg") and 'viewBox="0 0 ' in svg
    symbol = segno.make(url, error=certificates.QR_ERROR_LEVEL, micro=False)
    assert symbol.error in {"M", "Q", "H"}  # at least level M
    border = 4
    expected = {
        (column + border, row + border)
        for row, line in enumerate(symbol.matrix)
        for column, module in enumerate(line)
        if module
    }
    assert _dark_modules(svg) == expected
    assert _dark_modules(qr_svg(url.replace("ABCD", "ABCE"))) != expected


def test_the_certificate_page_holds_what_is_printed(
    certificate: Certificate, enrolled: Enrolled
) -> None:
    url = f"https://adilkent.example.org/tr/courses/verify/{certificate.code}/"
    html = certificate_html(certificate=certificate, verify_url=url)
    assert '<html lang="tr" dir="ltr">' in html
    assert HOLDER in html
    assert "Bilgisayarda giysi kalıbı (test)" in html
    assert "Test Kurs Merkezi" in html
    assert "Kalıp" in html  # the branch, in the certificate's language
    assert certificate.code in html
    assert _dark_modules(html) == _dark_modules(qr_svg(url))
    assert f'<span class="url" dir="ltr">{url}</span>' in html
    for other in ("0555", enrolled.follow_code, "1990"):
        assert other not in html


def test_the_certificate_is_printed_right_to_left_in_persian(certificate: Certificate) -> None:
    certificate.language = "fa"
    url = f"https://adilkent.example.org/fa/courses/verify/{certificate.code}/"
    html = certificate_html(certificate=certificate, verify_url=url)
    assert '<html lang="fa" dir="rtl">' in html
    assert HOLDER in html


def test_the_pdf_is_one_landscape_page_with_the_qr_code(certificate: Certificate) -> None:
    from weasyprint import HTML

    url = f"https://adilkent.example.org/tr/courses/verify/{certificate.code}/"
    pdf = certificate_pdf(certificate=certificate, verify_url=url)
    assert pdf.startswith(b"%PDF")

    document = HTML(string=certificate_html(certificate=certificate, verify_url=url)).render()
    (page,) = document.pages
    assert page.width > page.height

    def images(box: Any) -> list[str]:
        found = [type(box.replacement).__name__] if hasattr(box, "replacement") else []
        for child in getattr(box, "children", []):
            found += images(child)
        return found

    assert images(page._page_box) == ["SVGImage"]


def test_the_verification_address_is_in_the_certificate_language(
    certificate: Certificate, settings: Any
) -> None:
    settings.PUBLIC_BASE_URL = "https://adilkent.example.org"
    assert verify_url(certificate) == (
        f"https://adilkent.example.org/tr/courses/verify/{certificate.code}/"
    )


# --- staff: printing, revoking, scope ------------------------------------------------------------


def test_staff_download_the_pdf_with_the_public_address_in_its_qr_code(
    certificate: Certificate, coordinator: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = _as(coordinator).get(f"/en/courses/staff/certificates/{certificate.pk}.pdf")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    assert f"certificate-{certificate.code}.pdf" in answer["Content-Disposition"]
    assert answer["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(
        object_type="course certificate", object_id=str(certificate.pk), action="view"
    ).exists()

    printed: list[str] = []
    monkeypatch.setattr(certificates, "html_to_pdf", lambda html: printed.append(html) or b"%PDF")
    settings.PUBLIC_BASE_URL = "https://adilkent.example.org"
    _as(coordinator).get(f"/en/courses/staff/certificates/{certificate.pk}.pdf")
    expected = f"https://adilkent.example.org/tr/courses/verify/{certificate.code}/"
    (html,) = printed
    assert expected in html
    assert _dark_modules(html) == _dark_modules(qr_svg(expected))

    printed.clear()
    settings.PUBLIC_BASE_URL = ""
    _as(coordinator).get(f"/en/courses/staff/certificates/{certificate.pk}.pdf")
    assert f"http://testserver/tr/courses/verify/{certificate.code}/" in printed[0]


def test_the_coordinator_revokes_with_a_reason(
    certificate: Certificate, coordinator: Any, course_setting: CourseSetting
) -> None:
    url = f"/en/courses/staff/certificates/{certificate.pk}/revoke/"
    refused = _as(coordinator).post(url, {"reason": "  "})
    assert refused.status_code == 302
    assert _messages(refused) == ["Write why the certificate is revoked."]
    certificate.refresh_from_db()
    assert certificate.revoked_at is None

    answer = _as(coordinator).post(url, {"reason": "Attendance sheet was filled in wrongly"})
    assert answer["Location"] == f"/en/courses/staff/{course_setting.course.pk}/"
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revoked_reason == "Attendance sheet was filled in wrongly"
    assert AuditEvent.objects.filter(
        object_type="course certificate", reason="Attendance sheet was filled in wrongly"
    ).exists()
    # a revoked certificate is not printed any more
    pdf = _as(coordinator).get(f"/en/courses/staff/certificates/{certificate.pk}.pdf")
    assert pdf.status_code == 302
    assert _messages(pdf) == ["This certificate was revoked: it is not printed any more."]


def test_centre_staff_print_but_do_not_revoke(certificate: Certificate, centre_staff: Any) -> None:
    client = _as(centre_staff)
    assert client.get(f"/en/courses/staff/certificates/{certificate.pk}.pdf").status_code == 200
    answer = client.post(
        f"/en/courses/staff/certificates/{certificate.pk}/revoke/", {"reason": "wrong"}
    )
    assert answer.status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_staff_without_access_get_404_everywhere(
    certificate: Certificate, enrolled: Enrolled, nobody: Any, course_setting: CourseSetting,
    django_user_model: Any,
) -> None:  # fmt: skip
    elsewhere = django_user_model.objects.create_user("elsewhere", password="x", is_staff=True)
    other_centre = course_setting.centre.__class__.objects.create(
        programme=course_setting.programme, name="Another centre"
    )
    StaffAccess.objects.create(user=elsewhere, role="centre", centre=other_centre)
    issue = f"/en/courses/staff/applications/{enrolled.placement.application.pk}/certificate/"
    pdf = f"/en/courses/staff/certificates/{certificate.pk}.pdf"
    revoke = f"/en/courses/staff/certificates/{certificate.pk}/revoke/"
    for user in (nobody, elsewhere):
        client = _as(user)
        assert client.post(issue).status_code == 404
        assert client.get(pdf).status_code == 404
        assert client.post(revoke, {"reason": "wrong"}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert Certificate.objects.count() == 1
    denied = AuditEvent.objects.filter(action=AuditEvent.Action.DENIED)
    assert denied.filter(object_type="course certificate").count() == 4
    assert denied.filter(object_type="course application").count() == 2


def test_unknown_records_are_404(coordinator: Any) -> None:
    client = _as(coordinator)
    assert client.post("/en/courses/staff/applications/999999/certificate/").status_code == 404
    assert client.get("/en/courses/staff/certificates/999999.pdf").status_code == 404
    assert (
        client.post("/en/courses/staff/certificates/999999/revoke/", {"reason": "x"}).status_code
        == 404
    )


def test_staff_pages_need_a_login_and_the_second_factor(
    certificate: Certificate, coordinator: Any
) -> None:
    anonymous = Client().get(f"/en/courses/staff/certificates/{certificate.pk}.pdf")
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    client = Client()
    client.force_login(coordinator)  # no second factor in this session
    unverified = client.get(f"/en/courses/staff/certificates/{certificate.pk}.pdf")
    assert unverified.status_code == 302
    assert "verify" in unverified["Location"]
    issue = client.post(f"/en/courses/staff/applications/{certificate.application_id}/certificate/")
    assert issue.status_code == 302 and "verify" in issue["Location"]
