"""An Arabic-speaking resident on a phone reports a problem next to a tram stop and reads the
answer in Arabic, on the tracking page and in the message sent to her.

From the home page, one tap opens the complaint form. She finds a named tram stop of the demo
data by search, puts the pin next to it, gives an e-mail address and sends the complaint.
A staff member working in Turkish triages it and answers in Arabic through the staff screens.
The queue's worker then sends the messages (the demo settings write e-mail to the worker's
output, which the test reads back as the messages that would have left). She follows the
request by its code on the tracking page, in Arabic, and sees the answer. Every page she and
the staff member open passes axe.

The resident, her address and the texts are invented for the test.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import secrets
from collections.abc import Callable
from email.message import EmailMessage

import pytest

from .conftest import PageSession, ServedDatabase
from .pin_helpers import PHONE, find_tram_stop, metres, pin_next_to_stop, wait_for_pin_map
from .staff import check_axe, shell, staff_log_in
from .support import manage, run_logged, server_environment

pytestmark = pytest.mark.browser

COMPLAINT_AR = "حاوية القمامة بجانب محطة الترام مكسورة والقمامة على الرصيف منذ ثلاثة أيام."
REPLY_AR = "شكراً لك. سيستبدل فريق النظافة الحاوية غداً صباحاً."
# What the intake's Arabic catalogue says (read from the .po file, not from the code's output):
SUBJECT_AR = "طلبك {code}"  # "Your request …"
RECEIVED_AR = "استلمنا طلبك. رمز المتابعة الخاص بك هو {code}."  # "We have received your request…"
TRIAGED_AR = "الحالة: تم الفرز."  # "Status: triaged."
OUR_ANSWER_AR = "ردّنا"  # "Our answer", on the tracking page

STORED = """
from adilkent.intake.models import Request
r = Request.objects.get(tracking_code="{code}")
print(f"REQ|{{r.kind}}|{{r.preferred_language}}|{{r.lat}}|{{r.lon}}|END")
"""
WIDER_THAN_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const page = document.querySelector("main").getBoundingClientRect();
  const wide = [...document.querySelectorAll("body *")].filter((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && (box.left < page.left - 1 || box.right > page.right + 1);
  });
  return {
    clientWidth: width,
    scrollWidth: document.documentElement.scrollWidth,
    wider: wide.slice(0, 30).map((element) => {
      const box = element.getBoundingClientRect();
      return `${element.tagName}#${element.id}.${element.className} ${box.left}..${box.right}`;
    }),
  };
}"""
SEPARATOR = re.compile(r"^-{79}$", re.MULTILINE)


def captured_messages(output: str, to: str) -> list[EmailMessage]:
    """The e-mail messages to ``to`` in a worker's output (Django's console e-mail backend
    writes each message whole, followed by a line of 79 dashes)."""
    found = []
    for chunk in SEPARATOR.split(output):
        start = chunk.find("Content-Type:")
        if start < 0:
            continue
        raw = chunk[start:].encode("utf-8")  # as bytes: the 8-bit body is then decoded as such
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        if message["To"] == to:
            found.append(message)
    return found


def run_worker(
    database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory, log_name: str
) -> str:
    """Run the queued jobs once, as ``make demo``'s worker would; what it wrote."""
    env = server_environment(
        os.environ,
        ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")),
        **database.env,
    )
    log = database.artefacts / f"{log_name}.log"
    before = log.read_text() if log.exists() else ""
    run_logged(manage("db_worker", "--batch"), env, log, 300)
    return log.read_text()[len(before) :]


def test_arabic_complaint_by_phone_from_home_page_to_answer(
    open_page: Callable[..., PageSession],
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    stop, stop_lat, stop_lon, _mahalle = find_tram_stop(
        served_database, tmp_path_factory, "complaint-arabic-tram-stop"
    )
    address = f"nour-{secrets.token_hex(4)}@example.org"

    # --- the resident: home page, one tap, the complaint form ---
    resident = open_page(**PHONE)
    page = resident.page
    resident.goto("/ar/")
    assert resident.html_attribute("dir") == "rtl"
    check_axe(resident, "complaint-ar-phone-home")
    report = page.locator("main a[data-task=report]")
    assert report.count() == 1
    report.tap()
    page.wait_for_url("**/ar/requests/**")
    form = page.locator("form.intake-form")
    form.wait_for()
    wait_for_pin_map(resident)

    complaint = page.locator("input[name=kind][value=complaint]")
    page.locator("label", has=complaint).tap()  # she taps the words, as on any phone
    assert complaint.is_checked()
    page.fill("textarea[name=text]", COMPLAINT_AR)
    pin_lat, pin_lon = pin_next_to_stop(page, stop)
    assert metres(pin_lat, pin_lon, stop_lat, stop_lon) < 300
    page.fill("input[name=email]", address)
    # The answer's language is the page's language unless she chooses another.
    assert page.input_value("select[name=preferred_language]") == "ar"
    resident.screenshot("complaint-ar-phone-form")
    check_axe(resident, "complaint-ar-phone-form")
    # Nothing is wider than the phone's screen (WCAG 1.4.10, reflow): a fieldset once was.
    width = page.evaluate(WIDER_THAN_SCREEN)
    resident.save_json("complaint-ar-phone-form-width", width)
    # (the map's own layers may reach outside it: the map clips them, the page does not scroll)
    assert width["scrollWidth"] <= width["clientWidth"], width
    form.locator("button[type=submit]").tap()
    page.wait_for_selector("[data-tracking-code]")
    code = page.locator("[data-tracking-code]").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    check_axe(resident, "complaint-ar-phone-receipt")

    stored = shell(served_database, tmp_path_factory, STORED.format(code=code), "complaint-ar")
    found = re.search(r"REQ\|(\w+)\|(\w+)\|([\d.]+)\|([\d.]+)\|END", stored)
    assert found, stored
    assert (found[1], found[2]) == ("complaint", "ar")
    assert metres(float(found[3]), float(found[4]), stop_lat, stop_lon) < 300

    # --- staff, working in Turkish: triage, then an answer in Arabic ---
    staff = open_page(locale="tr-TR")
    staff_page = staff.page
    staff_log_in(
        staff,
        served_database,
        tmp_path_factory,
        coordinator_of=None,
        where="/tr/requests/staff/",
        log_name="complaint-ar-staff",
    )
    row = staff_page.locator("table tbody tr", has=staff_page.locator(f"a:text-is('{code}')"))
    assert row.count() == 1
    row.locator("a").first.click()
    staff_page.wait_for_url("**/tr/requests/staff/*/")
    staff_page.locator("form.inline-form:has(input[name=do][value=triage]) button").click()
    staff_page.wait_for_load_state()
    staff_page.fill("textarea#reply", REPLY_AR)
    staff_page.locator("form:has(input[value=reply]) button[type=submit]").click()
    staff_page.wait_for_load_state()
    assert REPLY_AR in staff_page.locator("ol.plain-list").inner_text()
    staff.goto(staff_page.url.removeprefix(staff.base_url))  # without the one-time message
    check_axe(staff, "complaint-ar-staff-request-tr")

    # --- the queue's worker sends the messages: all in Arabic, to her address only ---
    output = run_worker(served_database, tmp_path_factory, "complaint-ar-worker")
    messages = captured_messages(output, address)
    assert {m["Subject"] for m in messages} == {SUBJECT_AR.format(code=code)}
    bodies = [str(m.get_content()).strip() for m in messages]
    assert sorted(bodies) == sorted([RECEIVED_AR.format(code=code), TRIAGED_AR, REPLY_AR])
    assert not any("Durum" in body for body in bodies)  # nothing in the staff's Turkish

    # --- the resident follows her request by its code, in Arabic ---
    resident.goto("/ar/requests/track/")
    check_axe(resident, "complaint-ar-phone-track")
    page.fill("input#code", code)
    page.locator("form.search button[type=submit]").click()
    page.wait_for_selector("[data-status]")
    assert resident.html_attribute("dir") == "rtl"
    assert resident.html_attribute("lang") == "ar"
    assert page.locator("[data-status]").get_attribute("data-status") == "triaged"
    answer = page.locator("ol.timeline li[data-event=reply]")
    assert answer.count() == 1
    assert REPLY_AR in answer.inner_text() and OUR_ANSWER_AR in answer.inner_text()
    assert COMPLAINT_AR in page.locator(".resident-text").inner_text()
    assert page.locator("[data-told-by]").get_attribute("data-told-by") == "email"
    resident.screenshot("complaint-ar-phone-status")
    check_axe(resident, "complaint-ar-phone-status")
    assert not resident.page_errors and not staff.page_errors
