"""A guardian applies in Arabic for two children to two ÇOGEM centres, sees their places in
line, gets an offer when a place is given up, and accepts it; the centre's staff see the child
and mark attendance. Staff enter a phone application in Turkish. The demo data's example term is used (its places are examples); the families,
children and staff account are invented for the test.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from collections.abc import Callable

import pytest

from .conftest import PageSession, ServedDatabase
from .staff import PASSWORD, check_axe, shell, staff_log_in
from .support import manage, run_logged, server_environment

pytestmark = pytest.mark.browser


# Run in the served database: the first centre's younger group gets one place, held (accepted)
# by another family's child; the second centre's has none free. Prints the holder's placement.
SETUP = """
from adilkent.enrolment.models import Centre, Group, Term, Placement
from adilkent.enrolment.services import ChildInput, application_submit, allocation_round, offer_answer
term = Term.objects.get(name="Örnek dönem (gösterim)")
first = Centre.objects.get(name="Uzundere ÇOGEM"); second = Centre.objects.get(name="Limontepe ÇOGEM")
Group.objects.filter(term=term, centre=first, label="7–10").update(capacity=1)
Group.objects.filter(term=term, centre=second, label="7–10").update(capacity=0)
from adilkent.places.models import Mahalle
holder = application_submit(term=term, guardian_name="Invented Holder", guardian_phone="0555 111 11 11",
    guardian_email="", children=[ChildInput("Holder Child", "{born}")], centre_ids=[first.pk],
    mahalle_id=Mahalle.objects.order_by("pk").first().pk, priority_groups=["low_income"], language="tr")
_run, offers = allocation_round(term=term, reason="test set-up")
(offer,) = [o for o in offers if o.application_id == holder.applications[0].pk]
offer_answer(follow_code=holder.follow_code, placement_id=offer.pk, accept=True)
print("HOLDER", offer.pk)
"""
CANCEL = """
from adilkent.enrolment.models import Placement
from adilkent.enrolment.services import placement_cancel
placement_cancel(placement=Placement.objects.get(pk={pk}), reason="the family moved away")
"""


def _shell(database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory, code: str) -> str:
    return shell(database, tmp_path_factory, code, "enrolment-setup")


def _born(months: int) -> str:
    """A birth date that makes a child ``months`` old when the example term starts (today + 90
    days, as the demo data sets it)."""
    start = dt.date.today() + dt.timedelta(days=90)
    year, month = divmod(start.year * 12 + start.month - 1 - months, 12)
    return dt.date(year, month + 1, 1).isoformat()


def test_a_guardian_applies_in_arabic_and_accepts_an_offer_after_a_cancellation(
    open_page: Callable[..., PageSession],
    browser_page: PageSession,
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    output = _shell(served_database, tmp_path_factory, SETUP.replace("{born}", _born(100)))
    holder = int(re.search(r"HOLDER (\d+)", output).group(1))  # type: ignore[union-attr]

    session, page = browser_page, browser_page.page
    session.goto("/ar/enrolment/")
    assert session.html_attribute("dir") == "rtl"
    check_axe(session, "enrolment-index-ar")
    page.locator("a.button[href*='/apply/']").first.click()
    page.wait_for_selector("form.enrolment-form")
    check_axe(session, "enrolment-apply-ar")
    page.fill("input[name=guardian_name]", "ولية أمر مخترعة")
    page.fill("input[name=guardian_phone]", "0555 222 22 22")
    page.select_option("select[name=mahalle]", index=5)
    page.fill("input[name=child_1_name]", "ليلى")
    page.fill("input[name=child_1_birth]", _born(98))
    page.fill("input[name=child_2_name]", "عمر")
    page.fill("input[name=child_2_birth]", _born(110))
    page.select_option("select[name=choice_1]", label="Uzundere ÇOGEM")
    page.select_option("select[name=choice_2]", label="Limontepe ÇOGEM")
    page.check("input[name=priority_groups][value=refugee_or_migrant]")
    page.locator("form.enrolment-form button[type=submit]").click()

    page.wait_for_selector("[data-follow-code]")
    code = page.locator("[data-follow-code]").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    session.screenshot("enrolment-receipt-ar")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("section.enrolment-child")
    children = page.locator("section.enrolment-child")
    assert children.count() == 2
    for number in range(2):
        lines = children.nth(number).locator("li")
        assert lines.count() == 2  # in line for both centres
        assert "Uzundere ÇOGEM" in lines.nth(0).inner_text()
    session.screenshot("enrolment-status-waiting-ar")
    check_axe(session, "enrolment-status-ar")

    _shell(served_database, tmp_path_factory, CANCEL.replace("{pk}", str(holder)))
    page.reload()
    offer = page.locator(".offer")
    assert offer.count() == 1 and "Uzundere ÇOGEM" in offer.inner_text()
    session.screenshot("enrolment-offer-ar")
    offer.locator("button[value=accept]").click()
    page.wait_for_selector("section.enrolment-child")
    assert page.locator(".offer").count() == 0
    placed = page.locator("section.enrolment-child p[role=status]")
    assert placed.count() == 1 and "Uzundere ÇOGEM" in placed.inner_text()
    session.screenshot("enrolment-accepted-ar")
    assert not session.page_errors

    # The centre's staff see the child in the group and mark the day's attendance.
    child = placed.locator("xpath=ancestor::section").locator("h2").inner_text().split()[0]
    staff = open_page()
    staff_log_in(
        staff, served_database, tmp_path_factory, coordinator_of="cogem",
        where="/tr/enrolment/staff/", log_name="enrolment-staff",
    )  # fmt: skip
    staff.page.get_by_role("link", name=re.compile("Örnek dönem")).click()
    staff.page.locator("table a", has_text="Uzundere ÇOGEM").first.click()
    staff.page.wait_for_selector("form.attendance-form")
    check_axe(staff, "enrolment-staff-group-tr")
    staff.page.get_by_label(child).check()
    staff.page.locator("form.attendance-form button[type=submit]").click()
    staff.page.wait_for_selector(".message--success")
    assert staff.page.get_by_label(child).is_checked()
    staff.screenshot("enrolment-staff-attendance-tr")
    assert not staff.page_errors


def test_staff_enter_a_phone_application_in_turkish(
    open_page: Callable[..., PageSession],
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    username = "enrolment-desk-" + secrets.token_hex(3)
    env = server_environment(
        os.environ,
        ADILKENT_VAR_DIR=str(tmp_path_factory.mktemp("var")),
        ADILKENT_DEMO_USERNAME=username,
        ADILKENT_DEMO_PASSWORD=PASSWORD,
        **served_database.env,
    )
    run_logged(
        manage("create_demo_staff"), env, served_database.artefacts / "enrolment-staff.log", 300
    )
    session = open_page()
    page = session.page
    session.goto("/tr/enrolment/")
    apply_url = page.locator("a.button[href*='/apply/']").first.get_attribute("href")
    session.goto(f"/tr/accounts/login/?next={apply_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("form.enrolment-form")
    assert page.locator("input[name=channel][value=phone]").is_checked()
    page.fill("input[name=guardian_name]", "Uydurma Veli")
    page.fill("input[name=guardian_phone]", "0555 333 33 33")
    page.select_option("select[name=mahalle]", index=7)
    page.fill("input[name=child_1_name]", "Zeynep")
    page.fill("input[name=child_1_birth]", _born(140))
    page.select_option("select[name=choice_1]", label="Buca ÇOGEM")
    page.locator("form.enrolment-form button[type=submit]").click()
    page.wait_for_selector("[data-follow-code]")
    session.screenshot("enrolment-phone-receipt-tr")
    # the phone number is encrypted, so the application is found by reading them all
    check = """
from adilkent.enrolment.models import Application
(a,) = [x for x in Application.objects.all() if x.guardian_phone == "0555 333 33 33"]
print("CHANNEL", a.channel, a.entered_by.username)
"""
    output = _shell(served_database, tmp_path_factory, check)
    assert f"CHANNEL phone {username}" in output
    assert not session.page_errors
