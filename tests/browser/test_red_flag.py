"""Accessible İzmir's Red Flag in the browser, in Turkish: a staff member who is both assessor
and coordinator (an invented account) finds a real hospital of the demo's places, registers
it, records a passed assessment through the staff pages and grants the flag; the public map
page then lists the hospital and marks it on the map, and the step-free analysis of hospitals
on the demo data names it among the flagged facilities. The public map (in Turkish and
Persian) and the assessment page pass axe."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

import pytest

from .conftest import PageSession, ServedDatabase
from .staff import check_axe, shell, staff_log_in

pytestmark = pytest.mark.browser

TAG = secrets.token_hex(3)
USERNAME = f"kirmizi-bayrak-{TAG}"

SETUP = """
from django.contrib.auth import get_user_model
from adilkent.places.models import Facility
from adilkent.redflag.models import RedFlagStaff, Subject
user = get_user_model().objects.create_user({username!r}, is_staff=True,
                                            first_name="Deniz", last_name="Uydurma")
for role in ("assessor", "coordinator"):
    RedFlagStaff.objects.create(user=user, role=role)
for f in Facility.objects.filter(facility_type__code="hospital").exclude(name="").order_by("-pk"):
    same = Facility.objects.filter(name__icontains=f.name).count()
    if same == 1 and not Subject.objects.filter(facility=f).exists():
        print("FACILITY", f.pk, "|" + f.name + "|")
        break
"""


def test_an_assessor_grants_a_red_flag_and_the_venue_appears_on_the_public_map(
    open_page: Callable[..., PageSession],
    browser_page: PageSession,
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    out = shell(served_database, tmp_path_factory, SETUP.format(username=USERNAME), "redflag-setup")
    found = re.search(r"FACILITY (\d+) \|(.+)\|", out)
    assert found is not None, out
    facility_id, name = found.group(1), found.group(2)

    staff = open_page()
    staff_log_in(
        staff, served_database, tmp_path_factory, coordinator_of=None,
        where="/tr/red-flag/staff/", log_name="redflag-staff", username=USERNAME,
    )  # fmt: skip
    sp = staff.page
    # find the hospital and register it for the indoor checklist
    sp.fill("#id_q", name)
    with sp.expect_navigation():
        sp.locator("main form[method=get] button[type=submit]").first.click()
    row = sp.locator("main table tbody tr", has_text=name)
    row.locator("select[name=kind]").select_option("indoor")
    with sp.expect_navigation():
        row.locator("button[type=submit]").click()
    assert name in sp.locator("main h1").inner_text()
    place_url = sp.url

    # record the visit: first with an answer missing (refused, what was typed kept), then whole
    with sp.expect_navigation():
        sp.locator(f"main a[href$='{place_url.split('/tr', 1)[1]}assess/']").click()
    check_axe(staff, "redflag-assess-tr")
    sp.fill("#id_visited_on", "2026-11-20")
    radios = sp.locator("main input[type=radio][value=meets]")
    for k in range(radios.count() - 1):
        radios.nth(k).check()
    sp.fill("#id_note-door_width", "Kapı 95 cm ölçüldü")
    with sp.expect_navigation():
        sp.locator("main form button[type=submit]").click()
    assert sp.locator("#error-summary").is_visible()
    assert sp.input_value("#id_note-door_width") == "Kapı 95 cm ölçüldü"
    check_axe(staff, "redflag-assess-errors-tr")
    sp.locator("main input[type=radio][value=meets]").last.check()
    sp.locator("main input[type=radio][value=na]").nth(5).check()  # tactile paving: optional
    staff.screenshot("redflag-assess-tr")
    with sp.expect_navigation():
        sp.locator("main form button[type=submit]").click()
    assert "✓" in sp.locator("main").inner_text()
    with sp.expect_navigation():
        sp.locator("main form[action*='/grant/'] button").click()
    assert sp.locator("main .redflag-flag").count() == 1
    staff.screenshot("redflag-granted-tr")

    # the public map page lists the hospital and marks it
    session, page = browser_page, browser_page.page
    session.goto("/tr/red-flag/")
    assert name in page.locator("#redflag-list").inner_text()
    page.wait_for_selector(f"#redflag-map [aria-label*='{name}']", state="attached")
    session.screenshot("redflag-map-tr")
    check_axe(session, "redflag-map-tr")
    with page.expect_navigation():
        page.locator("#redflag-list a", has_text=name).click()
    main = page.locator("main").inner_text()
    assert "Deniz" not in main and "Uydurma" not in main  # no assessor named
    check_axe(session, "redflag-place-tr")

    session.goto("/fa/red-flag/")
    assert session.html_attribute("dir") == "rtl"
    assert name in page.locator("#redflag-list").inner_text()
    session.screenshot("redflag-map-fa")
    check_axe(session, "redflag-map-fa")

    # the step-free analysis of hospitals on the demo data names the flagged ones
    session.goto("/tr/red-flag/step-free/?type=hospital")
    flagged = page.locator("#flagged-facilities").inner_text()
    assert name in flagged
    assert page.locator("#flagged-facilities a").count() >= 2  # the example flags too
    assert page.locator("#gap-table tbody tr").count() > 0
    session.screenshot("redflag-step-free-tr")
    check_axe(session, "redflag-step-free-tr")
    assert facility_id


def test_the_step_free_analysis_runs_on_the_demo_data_and_says_which_are_flagged(
    browser_page: PageSession,
) -> None:
    session, page = browser_page, browser_page.page
    session.goto("/en/red-flag/step-free/")
    page.select_option("#id_type", "park")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    items = page.locator("#flagged-facilities li")
    assert items.count() >= 1
    assert "Example" in items.first.inner_text()
    href = items.first.locator("a").get_attribute("href") or ""
    assert href.startswith("/en/red-flag/place/")
    assert page.locator("#gap-table tbody tr").count() == 30
    session.goto(href)
    assert page.locator("main .redflag-example").count() >= 1
