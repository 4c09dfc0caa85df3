"""At a stop of the mobile employment point the connection drops: staff go on registering
people on the tablet, the entries wait on the device, and when the connection returns each
arrives once. One of the people had registered at an earlier stop: they are linked to that
registration, not registered again. The people and the staff account are invented.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

import pytest

from .conftest import PageSession, ServedDatabase
from .staff import check_axe, shell, staff_log_in

pytestmark = pytest.mark.browser

PAGE = "/tr/employment/mobile/"
# Numbers and names of this run only: the served database may be used again.
RUN = secrets.token_hex(3)
STOP = f"Deneme durağı {RUN}"


def _number(prefix: str) -> tuple[str, str]:
    """A mobile number of this run, as "0555 1234567", and its seven last digits."""
    digits = f"{secrets.randbelow(10**7):07d}"
    return f"{prefix} {digits}", digits


EARLIER_PHONE, EARLIER_DIGITS = _number("0555")

# Run in the served database: the person registered at an earlier stop, through the service.
SETUP = """
import uuid
from django.utils import timezone
from adilkent.employment.mobile import mobile_registration_receive
mobile_registration_receive(client_id=uuid.uuid4(), name="Uydurma Önceki {run}",
    phone="{phone}", birth_year=1980, sex="woman", mahalle_id=None, skills="", languages="",
    cv_consent=False, stop="Önceki durak", entered_at=timezone.now(), entered_by=None)
print("EARLIER REGISTERED")
"""
CHECK = """
from adilkent.employment.models import MobileRegistration, Profile
registrations = MobileRegistration.objects.filter(stop="{stop}")
print("REGISTRATIONS", registrations.count())
print("DUPLICATES", registrations.filter(duplicate=True).count())
print("NEW PROFILES", Profile.objects.filter(registrations__in=registrations.filter(duplicate=False)).distinct().count())
print("CLIENT IDS", len(set(registrations.values_list("client_id", flat=True))))
"""


def _shell(database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory, code: str) -> str:
    return shell(database, tmp_path_factory, code, "mobile-employment-setup")


def _staff_log_in(
    session: PageSession,
    database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
    where: str = PAGE,
) -> None:
    """Staff of the mobile employment point, with an authenticator, sign in to the form."""
    staff_log_in(
        session, database, tmp_path_factory, coordinator_of="mobile-employment-point",
        where=where, log_name="mobile-employment-staff",
    )  # fmt: skip


def _enter(page: Any, name: str, phone: str, birth_year: str, sex: str) -> None:
    page.fill("#id_name", name)
    page.fill("#id_phone", phone)
    page.fill("#id_birth_year", birth_year)
    page.check(f"input[name=sex][value={sex}]")
    page.locator("form[data-mobile-form] button[type=submit]").click()


def test_entries_made_without_a_connection_arrive_once_when_it_returns(
    open_page: Callable[..., PageSession],
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    output = _shell(
        served_database,
        tmp_path_factory,
        SETUP.replace("{run}", str(RUN)).replace("{phone}", EARLIER_PHONE),
    )
    assert "EARLIER REGISTERED" in output

    session = open_page()
    page = session.page
    _staff_log_in(session, served_database, tmp_path_factory)
    queue = page.locator("[data-mobile-queue]")
    queue.wait_for(state="visible")  # the page's script has started
    count = page.locator("[data-waiting-count]")
    assert count.inner_text() == "0"
    check_axe(session, "mobile-employment-tr")

    page.context.set_offline(True)
    page.fill("#id_stop", STOP)
    d = EARLIER_DIGITS
    people = [
        (f"Uydurma Yeni {RUN}", _number("0532")[0], "1991", "man"),
        # the person of the earlier stop, the number written another way
        (f"Uydurma Önceki {RUN}", f"+90 (555) {d[:3]} {d[3:5]} {d[5:]}", "", "woman"),
        (f"Uydurma Üçüncü {RUN}", _number("0542")[0], "2000", "unsaid"),
    ]
    for number, (name, phone, year, sex) in enumerate(people, start=1):
        _enter(page, name, phone, year, sex)
        page.wait_for_function(
            "n => document.querySelector('[data-waiting-count]').textContent === String(n)",
            arg=number,
        )
        assert page.locator("#id_name").input_value() == ""  # ready for the next person
    assert count.inner_text() == "3"
    waiting = page.locator("[data-waiting-list] li")
    assert waiting.count() == 3
    assert people[1][0] in waiting.nth(1).inner_text()
    assert page.locator("#id_stop").input_value() == STOP  # the stop stays for the next one
    assert page.locator("[data-connection]").inner_text().strip() != ""
    assert not [url for url in session.requests if "/mobile/send/" in url]
    session.screenshot("mobile-employment-offline-tr")
    check_axe(session, "mobile-employment-waiting-tr")

    page.context.set_offline(False)
    page.wait_for_function(
        "() => document.querySelector('[data-waiting-count]').textContent === '0'",
        timeout=30_000,
    )
    assert waiting.count() == 0
    assert page.locator("[data-rejected]").is_hidden()
    session.screenshot("mobile-employment-sent-tr")

    output = _shell(served_database, tmp_path_factory, CHECK.replace("{stop}", STOP))
    found = dict(re.findall(r"^([A-Z ]+) (\d+)$", output, flags=re.MULTILINE))
    assert found == {
        "REGISTRATIONS": "3",
        "DUPLICATES": "1",
        "NEW PROFILES": "2",
        "CLIENT IDS": "3",
    }, output

    # Nothing waits any more after the page is opened again, and today's list shows them.
    page.reload()
    queue.wait_for(state="visible")
    assert count.inner_text() == "0"
    page.get_by_role("link", name=re.compile("Today's registrations|Bugünkü")).click()
    page.wait_for_selector("[data-mobile-counts]")
    assert page.locator("table tbody tr", has_text=STOP).count() == 3
    check_axe(session, "mobile-employment-received-tr")
    assert not session.page_errors


# An entry kept on the tablet for too long, as the page's script stores it.
OLD_ENTRY = """
([key, entry]) => {
  const waiting = JSON.parse(localStorage.getItem(key + ":waiting") || "[]");
  waiting.push(entry);
  localStorage.setItem(key + ":waiting", JSON.stringify(waiting));
}
"""


def test_an_entry_the_server_refuses_is_shown_for_correcting_in_arabic(
    open_page: Callable[..., PageSession],
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    where = "/ar/employment/mobile/"
    session = open_page()
    page = session.page
    _staff_log_in(session, served_database, tmp_path_factory, where)
    assert session.html_attribute("dir") == "rtl"
    page.locator("[data-mobile-queue]").wait_for(state="visible")
    key = page.locator("[data-mobile-form]").get_attribute("data-store-key")
    name = f"شخص مخترع {RUN}"
    phone = _number("0555")[0]
    page.evaluate(
        OLD_ENTRY,
        [
            key,
            {
                "client_id": "5b0c0a52-0000-4000-8000-" + secrets.token_hex(6),
                "entered_at": "2020-01-01T09:00:00.000Z",
                "name": name,
                "phone": phone,
                "birth_year": "1990",
                "sex": "woman",
                "mahalle": "",
                "skills": "",
                "languages": "العربية",
                "cv_consent": False,
                "stop": STOP + " (ar)",
            },
        ],
    )
    page.reload()  # opened again (after logging in anew): what waits is sent at once
    rejected = page.locator("[data-rejected]")
    rejected.wait_for(state="visible")
    assert page.locator("[data-waiting-count]").inner_text() == "0"
    item = page.locator("[data-rejected-list] li").first
    assert name in item.inner_text()
    assert item.locator(".errorlist li").count() == 1  # the time of entry, too long ago
    session.screenshot("mobile-employment-rejected-ar")
    check_axe(session, "mobile-employment-rejected-ar")

    item.locator("button").first.click()  # correct: the entry comes back into the form
    assert page.locator("#id_name").input_value() == name
    assert page.locator("#id_phone").input_value() == phone
    assert rejected.is_hidden()
    page.locator("form[data-mobile-form] button[type=submit]").click()
    page.wait_for_function(
        "() => document.querySelector('[data-waiting-count]').textContent === '0'"
        " && !document.querySelector('[data-waiting-list] li')"
    )
    output = _shell(
        served_database,
        tmp_path_factory,
        f"""
from adilkent.employment.models import MobileRegistration
print("FOUND", sum(1 for r in MobileRegistration.objects.filter(stop="{STOP} (ar)")
    if r.profile.name == "{name}"))
""",
    )
    assert "FOUND 1" in output, output
    assert not session.page_errors
