"""The City Council's bodies, in the browser.

1. A child joins the İzmir Children's Assembly only after a guardian's consent is recorded: the
   assembly's coordinator adds an 11-year-old on the staff members page and is refused with the
   message, records the mother's consent (who, relation, when, how), then adds the child with
   it. The public page of the assembly counts children and names none.
2. A working group (Transport) adopts a recommendation to a unit; the coordinator records the
   unit's answer and what was done on its behalf; the public page shows the recommendation and
   the answer.

The people, the unit and the texts are invented for the test (the demo data has no members).
axe checks: the staff members page (Turkish), the public body page in Turkish and Arabic.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

import pytest

from .conftest import PageSession, ServedDatabase
from .staff import check_axe, shell, staff_log_in

pytestmark = pytest.mark.browser

CHILD = "Ece Deneme-Uydurma " + secrets.token_hex(2).upper()
CHILD_PHONE = "0555 010 20 30"
GUARDIAN_CONTACT = "0555 040 50 60"

# A member of staff is made coordinator of the bodies (as `manage.py council_staff` would);
# `staff_log_in` then sets their password and authenticator.
COORDINATOR = """
from django.contrib.auth import get_user_model
from adilkent.council.models import Body, BodyStaff
user = get_user_model().objects.create_user("{username}", is_staff=True)
for slug in ("childrens-assembly", "wg-transport"):
    BodyStaff.objects.create(body=Body.objects.get(slug=slug), user=user, role="coordinator")
print("COORDINATOR", user.username)
"""


def _coordinator(
    open_page: Callable[..., PageSession],
    database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
    where: str,
) -> PageSession:
    username = "council-coordinator-" + secrets.token_hex(3)
    code = COORDINATOR.replace("{username}", username)
    assert "COORDINATOR" in shell(database, tmp_path_factory, code, "council-setup")
    staff = open_page()
    staff_log_in(
        staff, database, tmp_path_factory, coordinator_of=None, where=where,
        log_name="council-staff", username=username,
    )  # fmt: skip
    return staff


def _submit(session: PageSession, form: str) -> None:
    page = session.page
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").click()


def _fill_child(session: PageSession, born: dt.date) -> None:
    page = session.page
    page.fill("#id_member-full_name", CHILD)
    page.fill("#id_member-birth_date", born.isoformat())
    page.select_option("#id_member-sex", "female")
    page.fill("#id_member-phone", CHILD_PHONE)


def test_a_child_joins_the_childrens_assembly_only_after_a_guardians_consent(
    open_page: Callable[..., PageSession],
    browser_page: PageSession,
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    members_url = "/tr/council/staff/body/childrens-assembly/members/"
    staff = _coordinator(open_page, served_database, tmp_path_factory, members_url)
    page = staff.page
    check_axe(staff, "council-staff-members-tr")
    staff.screenshot("council-staff-members-tr")

    today = dt.date.today()
    born = today.replace(year=today.year - 11) - dt.timedelta(days=40)
    # without a consent: refused, with the message beside the consent field, what was typed kept
    _fill_child(staff, born)
    _submit(staff, "#add-member form")
    error = page.locator("#id_member-consent_error").inner_text()
    assert "consent" in error.lower() or "onay" in error.lower(), error
    assert page.locator("main .notice[role=alert]").count() == 1
    assert page.input_value("#id_member-full_name") == CHILD
    assert CHILD not in page.locator("section[aria-labelledby=member-list]").inner_text()
    check_axe(staff, "council-staff-members-refused-tr")
    staff.screenshot("council-staff-members-refused-tr")

    # the mother's consent, given today on a signed form
    page.fill("#id_consent-child_name", CHILD)
    page.fill("#id_consent-child_birth_date", born.isoformat())
    page.fill("#id_consent-guardian_name", "Ayla Deneme-Uydurma")
    page.select_option("#id_consent-relation", "mother")
    page.fill("#id_consent-guardian_contact", GUARDIAN_CONTACT)
    page.fill("#id_consent-given_on", today.isoformat())
    page.select_option("#id_consent-how", "signed_form")
    _submit(staff, "#add-consent form")
    assert page.locator("main .messages").count() == 1
    assert not page.locator("main .notice[role=alert]").count()

    # now the child is added with that consent
    _fill_child(staff, born)
    consent = page.locator("#id_member-consent option", has_text=CHILD)
    page.select_option("#id_member-consent", consent.get_attribute("value"))
    _submit(staff, "#add-member form")
    assert not page.locator("main .notice[role=alert]").count()
    row = page.locator("section[aria-labelledby=member-list] tbody tr", has_text=CHILD)
    assert CHILD_PHONE in row.inner_text() and GUARDIAN_CONTACT in row.inner_text()
    staff.screenshot("council-staff-members-added-tr")

    # the public page counts her and names nobody; it passes axe in Turkish and Arabic
    session = browser_page
    for language in ("tr", "ar"):
        session.goto(f"/{language}/council/body/childrens-assembly/")
        main = session.page.locator("main").inner_text()
        assert CHILD not in main and CHILD_PHONE not in main and GUARDIAN_CONTACT not in main
        assert session.page.locator("#children").count() == 1
        if language == "ar":
            assert session.html_attribute("dir") == "rtl"
        check_axe(session, f"council-body-childrens-assembly-{language}")
        session.screenshot(f"council-body-childrens-assembly-{language}")


def test_a_working_group_adopts_a_recommendation_the_unit_answers_and_the_public_sees_both(
    open_page: Callable[..., PageSession],
    browser_page: PageSession,
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    where = "/tr/council/staff/body/wg-transport/recommendations/"
    staff = _coordinator(open_page, served_database, tmp_path_factory, where)
    page = staff.page
    title = "Gece otobüsleri (test) " + secrets.token_hex(2)
    page.fill("#id_rec-title", title)
    page.fill("#id_rec-text", "5 numaralı hatta gece seferleri konulsun.")
    page.select_option("#id_rec-language", "tr")
    page.fill("#id_rec-unit_name", "Ulaşım Dairesi (test)")
    _submit(staff, "#adopt form")
    assert not page.locator("main .notice[role=alert]").count()
    with page.expect_navigation():
        page.get_by_role("link", name=title).click()

    page.check("input[name=answer-answer][value=partly]")
    page.fill("#id_answer-text", "Eylülden itibaren iki hatta başlanacak.")
    _submit(staff, "#answer form")
    page.fill("#id_progress-text", "İhale ilanı yayımlandı.")
    _submit(staff, "#progress form")
    assert not page.locator("main .notice[role=alert]").count()
    staff.screenshot("council-staff-recommendation-tr")

    session = browser_page
    for language in ("tr", "ar"):
        session.goto(f"/{language}/council/body/wg-transport/")
        article = session.page.locator("article", has_text=title)
        text = article.inner_text()
        assert "Eylülden itibaren iki hatta başlanacak." in text
        assert "İhale ilanı yayımlandı." in text and "Ulaşım Dairesi (test)" in text
        check_axe(session, f"council-body-wg-transport-{language}")
        session.screenshot(f"council-body-wg-transport-{language}")
    # and in the list of recommendations, filtered by the working group
    session.goto("/tr/council/recommendations/?body=wg-transport")
    assert title in session.page.locator("main").inner_text()
