"""A micro-grant, in Turkish, from the application to the bank's statement: an association
applies to the Social Incubation micro-grant call; the coordinator finds it eligible; two
reviewers declare no conflict of interest and score it; a third declares a conflict with it
and from then on neither sees it in their list nor may open it (refused); the coordinator
awards it, records the agreement with two instalments and releases the first; the finance
officer makes the payment batch and downloads its file; the bank's statement (written here
from that file, one line's amount changed) is uploaded and the reconciliation report shows
that line with its problem and the other matched.

The staff members, the association, its project and the second grant (made in the database,
so that the batch has two payments) are invented for the test.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from .conftest import PageSession, ServedDatabase
from .staff import check_axe, shell, staff_log_in

pytestmark = pytest.mark.browser

SLUG = "sosyal-kulucka-mikro-hibe"
TAG = secrets.token_hex(3)
ORGANISATION = f"Uydurma Mahalle Kadınları Derneği {TAG}"
PROJECT = "Mahallede kadınlar için hukuk atölyeleri"
IBAN = "TR330006100519786457841326"  # a published example of a Turkish IBAN
VKN = "4540536920"  # a valid tax number
USERS = {role: f"hibe-{role}-{TAG}" for role in ("coord", "rev1", "rev2", "rev3", "finance")}
GRANTS = "/tr/calls/staff/grants"

SETUP = """
from django.contrib.auth import get_user_model
from adilkent.calls.models import Call, CallStaff
call = Call.objects.get(slug={slug!r})
roles = {{"coord": "coordinator", "rev1": "reviewer", "rev2": "reviewer", "rev3": "reviewer",
         "finance": "finance"}}
for key, username in {users!r}.items():
    user = get_user_model().objects.create_user(username, is_staff=True,
                                                first_name=key.capitalize(), last_name="Uydurma")
    CallStaff.objects.create(call=call, user=user, role=roles[key])
print("STAFF", CallStaff.objects.filter(call=call).count())
"""

# A second grant of the call, awarded and released in the database by two other reviewers,
# so that the payment batch holds two payments.
SECOND_GRANT = """
import datetime as dt
from django.contrib.auth import get_user_model
from adilkent.calls import services
from adilkent.calls.models import Call, CallStaff
call = Call.objects.get(slug={slug!r})
coordinator = get_user_model().objects.get(username={coordinator!r})
submitted = services.application_submit(
    call=call, language="tr", contact_name="Uydurma Kişi", phone="05550000002", email="",
    mahalle_id=None, age_band="", sex="", answers={{"target_group": "children", "months": "4"}},
    consent=True, applicant_kind="cooperative", organisation="Uydurma Kooperatifi {tag}",
    tax_number="{vkn}", iban="TR320010009999901234567890", project_title="Çocuk kütüphanesi",
    amount_requested="15000", budget=[services.BudgetInput("Kitaplar", "15000")],
)
application = submitted.application
services.application_screen(application=application, eligible=True, note="", by=coordinator)
for n in (4, 5):
    reviewer = get_user_model().objects.create_user(f"hibe-rev{{n}}-{tag}", is_staff=True)
    CallStaff.objects.create(call=call, user=reviewer, role="reviewer")
    services.panel_declare(call=call, reviewer=reviewer, conflicts={{}})
    services.review_submit(application=application, reviewer=reviewer,
                           scores={{"equal-access": 4, "feasibility": 4, "budget": 4}}, comment="")
services.grant_determine(application=application, award=True, reasons="Uydurma gerekçe",
                         amount="15000", by=coordinator)
services.agreement_record(application=application, number="HS-{tag}-2",
                          signed_on=dt.date.today(),
                          instalments=[services.InstalmentInput("Tek aşama", "15000",
                                                                dt.date.today())],
                          by=coordinator)
services.instalment_release(instalment=application.instalments.get())
print("SECOND", application.public_id)
"""

STATE = """
from adilkent.calls.models import Application, Conflict, Review
application = Application.objects.get(public_id={number!r})
print("STATUS", application.status)
print("REVIEWS", ",".join(sorted(r.reviewer.username for r in application.reviews.all())))
print("CONFLICTS", ",".join(sorted(c.reviewer.username for c in application.conflicts.all())))
print("INSTALMENTS", ",".join(f"{{i.number}}:{{i.status}}" for i in application.instalments.all()))
"""


def _state(database: ServedDatabase, factory: pytest.TempPathFactory, number: str) -> str:
    return shell(database, factory, STATE.format(number=number), "calls-grant-state")


def _staff(
    open_page: Callable[..., PageSession],
    database: ServedDatabase,
    factory: pytest.TempPathFactory,
    key: str,
    where: str,
) -> PageSession:
    """A new browser context (its own cookies) where ``USERS[key]`` signs in to ``where``."""
    session = open_page()
    staff_log_in(
        session, database, factory, coordinator_of=None, where=where,
        log_name="calls-grant-staff", username=USERS[key],
    )  # fmt: skip
    return session


def _apply(session: PageSession) -> str:
    """The association applies in Turkish; its application number from the receipt."""
    page = session.page
    session.goto(f"/tr/calls/{SLUG}/apply/")
    assert session.html_attribute("lang") == "tr"
    page.check("input[name=applicant_kind][value=association]")
    page.fill("#id_organisation", ORGANISATION)
    page.fill("#id_contact_name", "Uydurma Ayşe Demir")
    page.fill("#id_phone", "0555 123 45 67")
    page.fill("#id_email", "ayse@example.org")
    page.check("input[name=q_target_group][value=women]")
    page.fill("#id_q_months", "6")
    page.fill("#id_q_partners", "Uydurma Barosu gönüllüleri")
    page.fill("#id_tax_number", VKN)
    page.fill("#id_iban", "TR33 0006 1005 1978 6457 8413 26")
    page.fill("#id_project_title", PROJECT)
    page.fill(
        "#id_project_summary",
        "Altı ay boyunca Karabağlar'da kadınlara haklarını anlatan atölyeler düzenleyeceğiz.",
    )
    page.fill("#id_amount_requested", "30000")
    page.fill("#id_budget_item_1", "Avukat eğitmen ücreti")
    page.fill("#id_budget_amount_1", "22000")
    page.fill("#id_budget_item_2", "Basılı materyal ve ikram")
    page.fill("#id_budget_amount_2", "8000")
    page.check("#id_consent")
    session.screenshot("calls-grant-apply-tr")
    page.locator("form.calls-form button[type=submit]").click()
    page.wait_for_selector("#follow-code")
    number = page.locator("#public-id").inner_text().strip()
    assert re.fullmatch(r"C-[0-9A-F]{10}", number), number
    session.screenshot("calls-grant-receipt-tr")
    return number


def _declare_and_score(
    session: PageSession, number: str, scores: dict[str, str], axe: bool
) -> None:
    page = session.page
    assert page.locator("#declaration-form").is_visible()
    row = page.locator(f"#declaration-form tr[data-application='{number}']")
    assert row.count() == 1
    assert PROJECT in row.inner_text() and ORGANISATION in row.inner_text()
    # Before the declaration: nothing of the application but who applies and the title.
    assert "30.000" not in page.content() and "Avukat eğitmen" not in page.content()
    if axe:
        check_axe(session, "calls-grant-declaration-tr")
        session.screenshot("calls-grant-declaration-tr")
    page.check("#id_confirm")
    page.locator("#declaration-form button[type=submit]").click()
    page.wait_for_selector(f"tr[data-application='{number}'][data-scored=no]")
    page.locator(f"tr[data-application='{number}'] a").click()
    page.wait_for_url(f"**/application/{number}/review/")
    assert "Avukat eğitmen ücreti" in page.content()
    for key, value in scores.items():
        page.fill(f"#id_score_{key}", value)
    page.fill("#id_comment", "Hedef grup açık, bütçe gerçekçi.")
    if axe:
        check_axe(session, "calls-grant-scoring-tr")
        session.screenshot("calls-grant-scoring-tr")
    page.locator("#score-form button[type=submit]").click()
    page.wait_for_selector(f"tr[data-application='{number}'][data-scored=yes]")


def test_a_micro_grant_from_the_application_to_the_reconciled_statement(
    open_page: Callable[..., PageSession],
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
) -> None:
    database, factory = served_database, tmp_path_factory
    output = shell(database, factory, SETUP.format(slug=SLUG, users=USERS), "calls-grant-setup")
    assert re.search(r"STAFF \d+", output), output

    # The association applies, in Turkish.
    number = _apply(open_page(locale="tr-TR"))

    # The coordinator finds it eligible on the grant's page.
    application_url = f"{GRANTS}/application/{number}/"
    coordinator = _staff(open_page, database, factory, "coord", application_url)
    page = coordinator.page
    assert page.locator("[data-status=submitted]").count() == 1
    page.check("#eligible-yes")
    page.locator("#screen-form button[type=submit]").click()
    page.wait_for_selector("[data-status=eligible]")

    # Two reviewers declare no conflict and score it.
    review_url = f"{GRANTS}/{SLUG}/review/"
    for key, scores, axe in [
        ("rev1", {"equal-access": "5", "feasibility": "4", "budget": "4"}, True),
        ("rev2", {"equal-access": "4", "feasibility": "3", "budget": "5"}, False),
    ]:
        _declare_and_score(
            _staff(open_page, database, factory, key, review_url), number, scores, axe
        )

    # The third declares a conflict with it: it is not in their list and its page refuses them.
    third = _staff(open_page, database, factory, "rev3", review_url)
    page = third.page
    row = page.locator(f"#declaration-form tr[data-application='{number}']")
    row.locator("input[type=checkbox]").check()
    row.locator("input[type=text]").fill("Derneğin yönetim kurulunda kız kardeşim var.")
    page.check("#id_confirm")
    page.locator("#declaration-form button[type=submit]").click()
    page.wait_for_selector("#my-conflicts")
    assert page.locator(f"tr[data-application='{number}']").count() == 0
    assert number in page.locator("#my-conflicts + ul").inner_text()
    third.screenshot("calls-grant-reviewer-with-conflict-tr")
    refused = third.goto(f"{GRANTS}/application/{number}/review/")
    assert refused.status == 403
    assert "Avukat eğitmen" not in page.content()
    state = _state(database, factory, number)
    assert "STATUS eligible" in state, state
    assert f"REVIEWS {USERS['rev1']},{USERS['rev2']}" in state, state
    assert f"CONFLICTS {USERS['rev3']}" in state, state

    # The coordinator reads the reviews, awards the grant, records the agreement with two
    # instalments and releases the first.
    page = coordinator.page
    coordinator.goto(application_url)
    assert page.locator("[data-mean]").count() == 1
    check_axe(coordinator, "calls-grant-application-tr")
    coordinator.screenshot("calls-grant-application-reviewed-tr")
    page.check("#id_decide-decision_0")
    page.fill("#id_decide-amount", "30000")
    page.fill(
        "#id_decide-reasons", "Eşit erişime katkısı yüksek; uygulanabilir ve bütçesi gerçekçi."
    )
    page.locator("#determination-form button[type=submit]").click()
    page.wait_for_selector("[data-status=awarded]")
    page.fill("#id_agreement-number", f"HS-{TAG}-1")
    page.fill("#id_agreement-signed_on", "2026-12-01")
    page.fill("#id_agreement-milestone_1", "Atölyelerin başlaması")
    page.fill("#id_agreement-amount_1", "20000")
    page.fill("#id_agreement-due_1", "2026-12-15")
    page.fill("#id_agreement-milestone_2", "Son rapor")
    page.fill("#id_agreement-amount_2", "10000")
    page.fill("#id_agreement-due_2", "2027-05-31")
    page.locator("#agreement-form button[type=submit]").click()
    page.wait_for_selector("tr[data-instalment='2'] [data-instalment-status=planned]")
    page.locator("tr[data-instalment='1'] .release-form button").click()
    page.wait_for_selector("tr[data-instalment='1'] [data-instalment-status=released]")
    assert page.locator("tr[data-instalment='2'] [data-instalment-status=planned]").count() == 1
    check_axe(coordinator, "calls-grant-application-awarded-tr")
    coordinator.screenshot("calls-grant-application-awarded-tr")
    second = shell(
        database, factory,
        SECOND_GRANT.format(slug=SLUG, coordinator=USERS["coord"], tag=TAG, vkn=VKN),
        "calls-grant-second",
    )  # fmt: skip
    assert "SECOND C-" in second, second

    # Finance makes the payment batch and downloads its file.
    finance = _staff(open_page, database, factory, "finance", f"{GRANTS}/{SLUG}/payments/")
    page = finance.page
    page.locator(".batch-form button[type=submit]").click()
    page.wait_for_selector("a.batch-file")
    with page.expect_download() as download_info:
        page.locator("a.batch-file").first.click()
    batch = Path(download_info.value.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(batch)))
    mine = [r for r in rows if r["payee"] == ORGANISATION]
    assert len(rows) == 2 and len(mine) == 1, rows
    assert (mine[0]["iban"], mine[0]["amount"]) == (IBAN, "20000.00")

    # The bank's statement, as a Turkish bank writes it, the other grant's amount changed.
    def turkish(amount: Decimal) -> str:
        whole, cents = f"{amount:.2f}".split(".")
        return "-" + f"{int(whole):,}".replace(",", ".") + "," + cents

    lines = ["Tarih;Tutar;IBAN;Açıklama"]
    for r in rows:
        amount = Decimal(r["amount"]) - (0 if r is mine[0] else 500)
        lines.append(f"05.12.2026;{turkish(amount)};{r['iban']};EFT {r['description']}")
    statement = tmp_path / "hesap-ekstresi.csv"
    statement.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.set_input_files("input[name=statement]", str(statement))
    page.locator("#statement-form button[type=submit]").click()
    page.wait_for_url("**/staff/grants/statement/*/")
    assert page.locator("[data-count=total]").inner_text().strip() == "2"
    assert page.locator("[data-count=matched]").inner_text().strip() == "1"
    assert page.locator("[data-count=reported]").inner_text().strip() == "1"
    reported = page.locator("#reported-lines tbody tr")
    assert reported.count() == 1 and reported.get_attribute("data-result") == "amount"
    other = next(r for r in rows if r is not mine[0])
    assert other["reference"] in reported.inner_text()
    # both amounts in the page's language (Turkish: a dot between thousands, a decimal comma)
    assert "14.500,00" in reported.inner_text() and "15.000,00" in reported.inner_text()
    matched = page.locator("#matched-lines tbody tr")
    assert matched.count() == 1 and mine[0]["reference"] in matched.inner_text()
    check_axe(finance, "calls-grant-reconciliation-tr")
    finance.screenshot("calls-grant-reconciliation-tr")
    state = _state(database, factory, number)
    assert "STATUS awarded" in state and "INSTALMENTS 1:paid,2:planned" in state, state
