"""A volunteer of Eşit İzmir, in Ukrainian: she applies to the example volunteer call on its
public form and keeps her receipt; a coordinator of the call screens her application,
schedules and holds the interview, records that she completed the training "gender equality
basics", approves her and assigns her to the example workshop in the "workshops" role (which
that training opens); once the workshop has taken place her hours are recorded, and her
certificate of volunteering is issued, whose public verification page shows the hours.

The example call of the demo data is used (its dates and shifts are examples). The
volunteer and the coordinator are invented for the test. The workshop taking place is done by
moving the shift's times into the past in the database, said where it is done. The staff
application page is checked with axe in Ukrainian and in Arabic (right to left).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable

import pytest

from .conftest import PageSession, ServedDatabase
from .staff import check_axe, shell, staff_log_in

pytestmark = pytest.mark.browser

SLUG = "esit-izmir-gonullu"
NAME = "Оксана Вигадана-Тест"
WORKSHOP = "Kadın hakları atölyesi (örnek)"

MAHALLE = """
from adilkent.places.models import Mahalle
print("MAHALLE", Mahalle.objects.get(name="Alsancak", district__name="Konak").pk)
"""

# A member of staff is given the coordinator's role in the call (as `manage.py call_staff`
# would give it); `staff_log_in` then sets their password and authenticator.
COORDINATOR = """
from django.contrib.auth import get_user_model
from adilkent.calls.models import Call, CallStaff
user = get_user_model().objects.create_user("{username}", is_staff=True)
CallStaff.objects.create(call=Call.objects.get(slug="{slug}"), user=user, role="coordinator")
print("COORDINATOR", user.username)
"""

# The workshop took place: it began four hours ago and ended an hour ago (it lasts 3 hours).
WORKSHOP_HELD = """
import datetime as dt
from django.utils import timezone
from adilkent.calls.models import Shift
shift = Shift.objects.get(call__slug="{slug}", activity="{workshop}")
shift.starts_at = timezone.now() - dt.timedelta(hours=4)
shift.ends_at = shift.starts_at + dt.timedelta(hours=3)
shift.save()
print("HELD", shift.pk)
"""


def _shell(
    database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory, code: str, **values: str
) -> str:
    for key, value in {"slug": SLUG, "workshop": WORKSHOP, **values}.items():
        code = code.replace("{" + key + "}", value)
    return shell(database, tmp_path_factory, code, "calls-volunteer-setup")


def _submit(session: PageSession, step: str) -> None:
    """Send the form of a step of the application page and wait for the page again."""
    page = session.page
    with page.expect_navigation():
        page.locator(f"#step-{step} button[type=submit]").click()
    messages = page.locator("main .messages").all_inner_texts()
    assert messages and not page.locator("main .notice[role=alert]").count(), (step, messages)


def test_a_volunteer_applies_in_ukrainian_and_is_certified_for_her_hours(
    open_page: Callable[..., PageSession],
    browser_page: PageSession,
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    mahalle = re.search(r"MAHALLE (\d+)", _shell(served_database, tmp_path_factory, MAHALLE))
    assert mahalle is not None

    # --- she applies, in Ukrainian -------------------------------------------------------------
    session, page = browser_page, browser_page.page
    session.goto(f"/uk/calls/{SLUG}/apply/")
    assert session.html_attribute("lang") == "uk"
    page.fill("#id_contact_name", NAME)
    page.fill("#id_phone", "0555 987 65 43")
    page.select_option("#id_mahalle", mahalle.group(1))
    page.select_option("#id_age_band", "25-34")
    page.select_option("#id_sex", "female")
    page.check("input[name=q_roles][value=workshops]")
    page.check("input[name=q_roles][value=translation]")
    page.fill("#id_q_languages", "українська, русский, English")
    page.fill("#id_q_hours_per_month", "10")
    page.fill("#id_q_motivation", "Хочу проводити майстер-класи для жінок у Конаку.")
    page.check("#id_adult")
    page.check("#id_consent")
    session.screenshot("calls-volunteer-apply-uk")
    with page.expect_navigation():
        page.locator("main form.calls-form button[type=submit]").click()
    public_id = page.locator("#public-id").inner_text().strip()
    assert re.fullmatch(r"C-[0-9A-F]{10}", public_id), public_id
    assert page.locator("#follow-code").inner_text().strip()
    session.screenshot("calls-volunteer-receipt-uk")

    # --- a coordinator of the call takes it from there ---------------------------------------
    username = "calls-coordinator-" + secrets.token_hex(3)
    assert "COORDINATOR" in _shell(
        served_database, tmp_path_factory, COORDINATOR, username=username
    )
    staff = open_page()
    staff_log_in(
        staff, served_database, tmp_path_factory, coordinator_of=None,
        where="/uk/calls/staff/", log_name="calls-volunteer-staff", username=username,
    )  # fmt: skip
    sp = staff.page
    assert "Набір волонтерів «Рівний Ізмір»" in sp.locator("main").inner_text()
    with sp.expect_navigation():
        sp.get_by_role("link", name="Набір волонтерів «Рівний Ізмір»").click()
    row = sp.locator("main table tbody tr", has_text=public_id)
    assert NAME in row.inner_text()
    with sp.expect_navigation():
        row.get_by_role("link", name=public_id).click()
    application_url = f"/uk/calls/staff/application/{public_id}/"
    assert sp.url.endswith(application_url)
    main = sp.locator("main")
    # her answers, under the questions in Ukrainian
    assert "У яких напрямах ви хотіли б допомагати?" in main.inner_text()
    assert "Переклад, Майстер-класи" in main.inner_text()  # as the form lists them
    check_axe(staff, "calls-staff-application-submitted-uk")
    staff.screenshot("calls-staff-application-submitted-uk")

    # screening
    sp.check("input[name=eligible][value=yes]")
    sp.fill("#id_note", "18+, проживає в Конаку")
    _submit(staff, "screen")
    # interview: scheduled for tomorrow, then held
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    sp.fill("#id_interview-scheduled_at", f"{tomorrow.isoformat()}T10:30")
    sp.fill("#id_interview-place", "Konak, Kent Adaleti ve Eşitlik Dairesi")
    _submit(staff, "interview")
    assert "Konak, Kent Adaleti ve Eşitlik Dairesi" in sp.locator("#interview-pending").inner_text()
    sp.check("input[name=outcome-outcome][value=passed]")
    sp.fill("#id_outcome-notes", "Мотивована, досвід роботи з жінками.")
    _submit(staff, "outcome")
    # the training the workshops need, completed today
    sp.select_option("#id_training-training", label="Основи гендерної рівності")
    _submit(staff, "training")
    assert (
        "Основи гендерної рівності"
        in sp.locator("section[aria-labelledby=trainings-done]").inner_text()
    )
    _submit(staff, "approve")
    # approved: the next step is a shift, and approving is no longer offered
    assert sp.locator("#step-assign").count() == 1 and sp.locator("#step-approve").count() == 0

    # the workshop, in the workshops role the training opened
    shift_choice = sp.locator("#id_assign-shift option", has_text=WORKSHOP)
    sp.select_option("#id_assign-shift", shift_choice.get_attribute("value"))
    sp.select_option("#id_assign-role", label="Майстер-класи")
    _submit(staff, "assign")
    assignments = sp.locator("section[aria-labelledby=shifts] tbody tr")
    assert assignments.count() == 1 and WORKSHOP in assignments.inner_text()
    check_axe(staff, "calls-staff-application-approved-uk")
    staff.screenshot("calls-staff-application-approved-uk")

    # in Arabic the page reads right to left, and passes axe too
    staff.goto(application_url.replace("/uk/", "/ar/"))
    assert staff.html_attribute("dir") == "rtl"
    check_axe(staff, "calls-staff-application-approved-ar")
    staff.screenshot("calls-staff-application-approved-ar")

    # the workshop took place (its times moved into the past); 3 hours are recorded
    assert "HELD" in _shell(served_database, tmp_path_factory, WORKSHOP_HELD)
    staff.goto(application_url)
    hours = sp.locator("section[aria-labelledby=shifts] input[name$='-hours']")
    hours.fill("3")
    with sp.expect_navigation():
        sp.locator("section[aria-labelledby=shifts] form button[type=submit]").click()
    assert not sp.locator("main .notice[role=alert]").count()
    assert hours.input_value() == "3"

    # the certificate, and its public verification page with the hours
    _submit(staff, "certificate")
    code = sp.locator("#certificate-code").inner_text().strip()
    assert code
    staff.screenshot("calls-staff-application-certified-uk")
    pdf = sp.request.get(staff.base_url + sp.locator("#certificate-pdf").get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    with sp.expect_navigation():
        sp.locator("#certificate-verify").click()
    assert code in sp.url
    result = sp.locator("main").inner_text()
    assert NAME in result and "Набір волонтерів «Рівний Ізмір»" in result
    hours_shown = sp.locator("main dl.facts dd").nth(2).inner_text().strip()  # "Hours served"
    assert re.fullmatch(r"3([,.]0+)?", hours_shown), result
    staff.screenshot("calls-certificate-verify-uk")
    assert not staff.page_errors and not session.page_errors
