"""The confidential channel, in Russian: an anonymous person reports harassment with a photo,
keeps the receipt shown once and a proof of report without its contents; a recipient signs
in with the second factor, opens her key with her passphrase, reads the report and the photo
and answers; the reporter reads the answer with the receipt and adds a message and another
photo; a wrong receipt gets the same "no report" page whatever it is.

The two recipients (equality unit staff), their passphrases, the unit and the photos are
invented for the test.
"""

from __future__ import annotations

import re
import secrets
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import PageSession, ServedDatabase
from .staff import check_axe, shell, staff_log_in
from .support import LANGUAGE_DIRECTIONS

pytestmark = pytest.mark.browser

TAG = secrets.token_hex(3)
UNIT = f"Uydurma Daire Başkanlığı ({TAG})"
# (username, full name, role, passphrase): passphrases of the test only, long enough (12+)
RECIPIENTS = [
    (f"esitlik-a-{TAG}", "Uydurma Zeynep Eşit", "Eşitlik birimi uzmanı", "uydurma parola " + TAG),
    (f"esitlik-b-{TAG}", "Uydurma Deniz Adil", "Etik kurul üyesi", "başka uydurma parola " + TAG),
]
REPORT_TEXT = (
    "Начальник отдела много раз трогал меня за плечи и отпускал замечания о моей внешности "
    "при коллегах. Я просила его прекратить, но он продолжает."
)
REPLY = "Здравствуйте. Мы получили ваше сообщение и начали проверку. Вы можете прислать фото?"
FOLLOW_UP = "Да, прилагаю ещё одно фото переписки."
CAMERA = "UydurmaKamera-" + TAG  # written in the photo's EXIF; must not survive the upload
RECEIPT = re.compile(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){5}")

SETUP = """
from django.contrib.auth import get_user_model
from adilkent.confidential.models import ReportKind, Unit
from adilkent.confidential.services import recipient_create
Unit.objects.create(name={unit!r}, employees=120)
harassment = ReportKind.objects.get(code="harassment")
for username, name, role, passphrase in {recipients!r}:
    first, last = name.rsplit(" ", 1)
    user = get_user_model().objects.create_user(username, first_name=first, last_name=last)
    recipient_create(user=user, role=role, kinds=[harassment], passphrase=passphrase)
print("RECIPIENTS", harassment.recipients.count())
"""

# What the database holds for the report: who has a key, how many messages and files.
COUNTS = """
from adilkent.confidential.models import Report
report = Report.objects.get(number={number!r})
holders = sorted(e.recipient.user.username for e in report.envelopes.all())
print("HOLDERS", ",".join(holders))
print("MESSAGES", report.messages.filter(author="reporter").count(),
      report.messages.filter(author="recipient", to_reporter=True).count())
print("FILES", report.attachments.count(), report.status)
"""


def _photo(path: Path, colour: tuple[int, int, int], exif: bool = False) -> Path:
    """A small real JPEG (optionally with a camera name in its EXIF) made with Pillow."""
    from PIL import Image

    image = Image.new("RGB", (64, 48), colour)
    options = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = CAMERA  # Make
        options["exif"] = data.tobytes()
    image.save(path, format="JPEG", quality=85, **options)
    return path


def _not_in_bytes(text: str, data: bytes) -> bool:
    return not any(
        encoded in data
        for piece in (text, text[:30])
        for encoded in (piece.encode(), piece.encode("utf-16-be"), piece.encode("utf-16-le"))
    )


def _check_page(session: PageSession, language: str, where: str) -> None:
    assert session.html_attribute("lang") == language
    assert session.html_attribute("dir") == LANGUAGE_DIRECTIONS[language]
    check_axe(session, where)


def _follow(session: PageSession, receipt: str) -> int:
    """Open the follow page and send ``receipt``; the status of the answer."""
    page = session.page
    session.goto("/ru/report/follow/")
    page.fill("input[name=receipt]", receipt)
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/ru/report/follow/")
    ) as answer:
        page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    status: int = answer.value.status
    return status


def test_a_report_in_russian_is_read_and_answered_and_followed_with_the_receipt(
    open_page: Callable[..., PageSession],
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
) -> None:
    output = shell(
        served_database,
        tmp_path_factory,
        SETUP.format(unit=UNIT, recipients=RECIPIENTS),
        "confidential-setup",
    )
    assert "RECIPIENTS 2" in output, output

    # An anonymous person writes the report, in Russian, with a photo.
    reporter = open_page(locale="ru-RU")
    page = reporter.page
    reporter.goto("/ru/report/")
    _check_page(reporter, "ru", "report-new-ru")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("form.report-form button[type=submit]").click()  # nothing filled in
    assert answer.value.status == 400
    page.wait_for_load_state()
    for field in ("kind", "text"):
        control = page.locator(f"#{field}")
        assert control.get_attribute("aria-invalid") == "true", field
        assert page.locator(f"#{control.get_attribute('aria-describedby')}").is_visible(), field
    _check_page(reporter, "ru", "report-new-errors-ru")
    page.select_option("select[name=kind]", label="Домогательство")
    page.select_option("select[name=unit]", label=UNIT)
    page.fill("textarea[name=text]", REPORT_TEXT)
    page.fill("input[name=where]", "Конак, служебное здание, 3-й этаж")
    page.set_input_files("input[name=files]", _photo(tmp_path / "фото.jpg", (200, 80, 60), True))
    reporter.screenshot("confidential-new-ru")
    page.locator("form.report-form button[type=submit]").click()
    page.wait_for_url("**/ru/report/received/")
    receipt = page.locator("[data-receipt]").inner_text().strip()
    assert RECEIPT.fullmatch(receipt), receipt
    found = re.search(r"R-[0-9A-F]{8}", page.locator("main").inner_text())
    assert found, "the report number is not on the receipt page"
    number = found.group(0)
    reporter.screenshot("confidential-received-ru")
    _check_page(reporter, "ru", "report-received-ru")

    # The proof of report: a PDF with the number, without what was written. The template of
    # the proof (confidential/proof.html) is never given the contents; the PDF's text may be
    # compressed, so its bytes are checked and, where poppler's pdftotext is installed, its
    # text too.
    with page.expect_download() as download_info:
        page.locator("form[action$='/report/proof/'] button[type=submit]").click()
    download = download_info.value
    assert download.suggested_filename == f"{number}.pdf"
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    for secret in (REPORT_TEXT, receipt):
        assert _not_in_bytes(secret, pdf), "the proof holds what was reported, or the receipt"
    if pdftotext := shutil.which("pdftotext"):
        text = subprocess.run(
            [pdftotext, "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert number in text, text
        assert REPORT_TEXT[:20] not in text and receipt not in text, text

    # The receipt is shown once: the page again leads to the follow page, without it.
    reporter.goto("/ru/report/received/")
    assert page.url.endswith("/ru/report/follow/"), page.url
    assert page.locator("[data-receipt]").count() == 0
    assert receipt not in page.content()

    # Both recipients of the kind hold a key; nothing is read yet.
    counts = shell(
        served_database, tmp_path_factory, COUNTS.format(number=number), "confidential-setup"
    )
    assert f"HOLDERS {','.join(sorted(r[0] for r in RECIPIENTS))}" in counts, counts
    assert "MESSAGES 0 0" in counts and "FILES 1 received" in counts, counts

    # A recipient signs in (second factor), opens her key and reads the report.
    username, _name, _role, passphrase = RECIPIENTS[0]
    staff = open_page()
    staff_log_in(
        staff, served_database, tmp_path_factory, coordinator_of=None,
        where="/tr/report/inbox/", log_name="confidential-staff", username=username,
    )  # fmt: skip
    inbox = staff.page
    _check_page(staff, "tr", "report-inbox-locked-tr")
    inbox.fill(".unlock-form input[name=passphrase]", "yanlış parola " + TAG)
    inbox.locator(".unlock-form button[type=submit]").click()
    inbox.wait_for_selector(".message--error")
    assert inbox.locator(".unlock-form").count() == 1  # a wrong passphrase opens nothing
    inbox.fill(".unlock-form input[name=passphrase]", passphrase)
    inbox.locator(".unlock-form button[type=submit]").click()
    inbox.wait_for_load_state()
    assert inbox.locator(".unlock-form").count() == 0
    staff.screenshot("confidential-inbox-tr")
    _check_page(staff, "tr", "report-inbox-tr")
    inbox.get_by_role("link", name=number).click()
    inbox.wait_for_selector("[data-contents]")
    assert REPORT_TEXT in inbox.locator("[data-contents]").inner_text()
    assert UNIT in inbox.locator("main").inner_text()
    photo = inbox.get_by_role("link", name="фото.jpg")
    with inbox.expect_download() as download_info:
        photo.click()
    stored = Path(download_info.value.path()).read_bytes()
    assert stored.startswith(b"\xff\xd8"), stored[:16]  # a JPEG
    assert CAMERA.encode() not in stored  # kept without its EXIF
    _check_page(staff, "tr", "report-inbox-report-tr")

    # She answers the reporter.
    inbox.fill(".reply-form textarea[name=text]", REPLY)
    assert inbox.locator(".reply-form input[name=to_reporter]").is_checked()
    inbox.locator(".reply-form button[type=submit]").click()
    inbox.wait_for_selector(".message--success")
    assert REPLY in inbox.locator(".report-message--recipient").inner_text()
    staff.screenshot("confidential-inbox-report-tr")

    # The reporter reads the answer with the receipt, and adds a message and another photo.
    assert _follow(reporter, receipt) == 200
    assert number in page.locator("main").inner_text()
    assert REPLY in page.locator(".report-message--recipient").inner_text()
    _check_page(reporter, "ru", "report-follow-open-ru")
    page.fill("textarea[name=text]", FOLLOW_UP)
    page.set_input_files("input[name=files]", _photo(tmp_path / "переписка.jpg", (40, 90, 160)))
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("p.notice[role=status]")
    assert FOLLOW_UP in page.locator(".report-message--reporter").inner_text()
    reporter.screenshot("confidential-follow-ru")
    _check_page(reporter, "ru", "report-follow-added-ru")

    # It reached the recipient: the page again shows the message and both photos.
    inbox.reload()
    assert FOLLOW_UP in inbox.locator(".report-message--reporter").inner_text()
    assert inbox.get_by_role("link", name="переписка.jpg").count() == 1
    counts = shell(
        served_database, tmp_path_factory, COUNTS.format(number=number), "confidential-setup"
    )
    assert "MESSAGES 1 1" in counts and "FILES 2 in_review" in counts, counts

    # A wrong receipt (a made-up one, the real one with a letter changed, garbage) gets the
    # same page, status 404, with the same message and nothing of any report.
    changed = ("B" if receipt[0] != "B" else "C") + receipt[1:]
    answers = []
    for wrong in ("ABCD-EFGH-JKLM-NPQR-STUV-WXYZ", changed, "не знаю"):
        assert _follow(reporter, wrong) == 404, wrong
        main = page.locator("main")
        alert = main.locator("[role=alert]")
        assert alert.count() == 1
        receipt_input = page.locator("input[name=receipt]")  # the message is tied to it
        assert receipt_input.get_attribute("aria-invalid") == "true"
        assert receipt_input.get_attribute("aria-describedby") == alert.get_attribute("id")
        assert page.locator("[data-status], .report-message, textarea").count() == 0
        assert number not in main.inner_text() and REPLY not in page.content()
        answers.append(main.inner_text())
    assert answers[0] == answers[1] == answers[2], answers
    reporter.screenshot("confidential-follow-wrong-ru")
    _check_page(reporter, "ru", "report-follow-wrong-ru")

    assert not reporter.page_errors and not staff.page_errors


@pytest.mark.parametrize("language", list(LANGUAGE_DIRECTIONS))
def test_the_public_report_pages_in_six_languages(browser_page: PageSession, language: str) -> None:
    """The report form and the follow page: right-to-left in Arabic and Persian, and no
    serious or critical axe finding."""
    session = browser_page
    for where in ("report/", "report/follow/"):
        response = session.goto(f"/{language}/{where}")
        assert response.status == 200, where
        _check_page(session, language, f"{where.strip('/').replace('/', '-')}-{language}")
    session.screenshot(f"confidential-public-{language}")
    assert not session.page_errors
