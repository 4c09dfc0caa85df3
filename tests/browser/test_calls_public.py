"""A resident volunteers in Persian on a phone: she opens the calls, the example volunteer call
of Eşit İzmir, sends its form empty once (every needed answer is asked for, once), fills it in,
gets the receipt with her application number and follow code, and opens her application with
them: it is received. Every page is right to left and passes axe. The awarded grants page, in
Turkish, passes axe too.

The demo data's example calls are used (their dates and shifts are examples); the resident is
invented."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from .conftest import PageSession, ServedDatabase
from .staff import check_axe, shell

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "fa-IR",
}
CALL_TITLE = "فراخوان داوطلبان ازمیر برابر"  # the volunteer call's Persian title
NAME = "Uydurma Mina Gönüllü"
GRANTEE = "Uydurma Bireysel Hibe Alan"

# Two grants of the example grant call awarded as staff would (screening, two reviewers who
# declared no conflict, the determination): to an association and to a person.
AWARDS = """
from django.contrib.auth import get_user_model
from adilkent.calls import services
from adilkent.calls.models import Call, CallStaff
from adilkent.places.models import Mahalle
call = Call.objects.get(slug="sosyal-kulucka-mikro-hibe")
User = get_user_model()
coordinator, _made = User.objects.get_or_create(username="calls-public-coordinator")
reviewers = []
for n in range(2):
    user, _made = User.objects.get_or_create(username=f"calls-public-reviewer-{n}")
    CallStaff.objects.get_or_create(call=call, user=user, role="reviewer")
    reviewers.append(user)
mahalle = Mahalle.objects.order_by("pk").first()
for kind, organisation, name, tax, amount in [
    ("association", "Uydurma Mahalle Kadınları Derneği", "Uydurma Temsilci", "4540536920", "30000"),
    ("person", "", "{grantee}", "10000000146", "20000"),
]:
    a = services.application_submit(call=call, language="tr", contact_name=name,
        phone="0555 000 00 00", email="", mahalle_id=mahalle.pk, age_band="", sex="",
        answers={"target_group": "women", "months": "6"}, consent=True, applicant_kind=kind,
        organisation=organisation, tax_number=tax, iban="TR330006100519786457841326",
        project_title=f"Uydurma proje ({kind})", amount_requested=amount,
        budget=[services.BudgetInput("Malzeme", amount)]).application
    services.application_screen(application=a, eligible=True, note="", by=coordinator)
    for reviewer in reviewers:
        if not services.has_declared(call, reviewer):
            services.panel_declare(call=call, reviewer=reviewer, conflicts={})
        services.review_submit(application=a, reviewer=reviewer,
            scores={"equal-access": 4, "feasibility": 3, "budget": 5}, comment="")
    services.grant_determine(application=a, award=True, reasons="Uydurma gerekçe.",
        amount=amount, by=coordinator)
print("AWARDED", call.applications.filter(status="awarded").count())
"""


def _rtl(session: PageSession) -> None:
    assert session.html_attribute("dir") == "rtl"
    assert session.html_attribute("lang") == "fa"


def test_a_resident_volunteers_in_persian_on_a_phone(
    open_page: Callable[..., PageSession],
) -> None:
    session = open_page(**PHONE)
    page = session.page

    session.goto("/fa/calls/")
    _rtl(session)
    check_axe(session, "calls-list-fa")
    page.get_by_role("link", name=CALL_TITLE).click()
    page.wait_for_url("**/fa/calls/esit-izmir-gonullu/")
    _rtl(session)
    assert page.locator("main .notice[role=note]").count() == 1  # an example call, it says so
    check_axe(session, "calls-call-fa")
    page.locator("main a.button[href$='/apply/']").click()
    page.wait_for_url("**/esit-izmir-gonullu/apply/")
    _rtl(session)

    # sent empty: every needed answer is asked for, once, and summarised at the top
    page.locator("form.calls-form button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    _rtl(session)
    for name in ("contact_name", "phone", "adult", "consent", "q_roles", "q_motivation"):
        assert page.locator(f"#id_{name}_error").count() == 1, name
    assert page.locator("[id$='_error']").count() == page.locator(".error-summary li").count()
    assert page.locator("#id_q_languages_error").count() == 0  # optional
    check_axe(session, "calls-apply-errors-fa")
    session.screenshot("calls-apply-errors-fa")

    page.fill("#id_contact_name", NAME)
    page.fill("#id_phone", "0555 246 80 13")
    mahalle = page.locator("#id_mahalle option:not([value=''])").first.get_attribute("value")
    page.select_option("#id_mahalle", value=mahalle)
    page.select_option("#id_age_band", value="25-34")
    page.select_option("#id_sex", value="female")
    page.check("input[name=q_roles][value=translation]")
    page.check("input[name=q_roles][value=social-media]")
    page.fill("#id_q_languages", "فارسی، ترکی")
    page.fill("#id_q_hours_per_month", "10")
    page.fill("#id_q_motivation", "می‌خواهم به زنان مهاجر کمک کنم.")
    page.check("#id_adult")
    page.check("#id_consent")
    session.screenshot("calls-apply-filled-fa")
    page.locator("form.calls-form button[type=submit]").click()

    page.wait_for_selector("#follow-code")
    _rtl(session)
    number = page.locator("#public-id").inner_text().strip()
    code = page.locator("#follow-code").inner_text().strip()
    assert re.fullmatch(r"C-[0-9A-F]{10}", number), number
    assert len(code) >= 8
    check_axe(session, "calls-receipt-fa")
    session.screenshot("calls-receipt-fa")

    # she follows it later, typing the number and the code
    session.goto("/fa/calls/follow/")
    _rtl(session)
    page.fill("#id_public_id", number)
    page.fill("#id_code", code)
    page.locator("form.calls-form button[type=submit]").click()
    page.wait_for_selector("#application-status")
    assert page.locator("#application-status").get_attribute("data-status") == "submitted"
    assert page.locator(".steps li[aria-current=step]").count() == 1
    assert number not in page.url and code not in page.url
    session.screenshot("calls-status-fa")
    check_axe(session, "calls-status-fa")


def test_the_grants_page_in_turkish_passes_axe(
    browser_page: PageSession,
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    output = shell(
        served_database, tmp_path_factory, AWARDS.replace("{grantee}", GRANTEE), "calls-awards"
    )
    assert "AWARDED" in output, output
    session = browser_page
    response = session.goto("/tr/calls/grants/")
    assert response.status == 200
    assert session.html_attribute("dir") == "ltr"
    table = session.page.locator("main table").inner_text()
    assert "Uydurma Mahalle Kadınları Derneği" in table and "Uydurma proje (person)" in table
    assert GRANTEE not in session.page.content()
    check_axe(session, "calls-grants-tr")
    session.screenshot("calls-grants-tr")
    data = session.page.request.get(session.base_url + "/tr/calls/grants/data.csv")
    assert data.ok and "attachment" in (data.headers.get("content-disposition") or "")
