"""A resident answers the example survey "There is a Voice in the Neighbourhood" in Persian
on a phone: the page is right to left, a question appears only after the answer that asks
for it, a constraint's Persian message is shown and the answer corrected, a member of the
household is added, and the answers arrive as exactly one response. The answers are
invented."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from typing import Any

import pytest

from .conftest import PageSession, ServedDatabase
from .staff import check_axe, shell

pytestmark = pytest.mark.browser

SLUG = "voice-in-the-neighbourhood"
PAGE = f"/fa/surveys/{SLUG}/"
RUN = secrets.token_hex(3)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

# The example survey in the served database, through its command (idempotent).
READY = """
from django.contrib.auth import get_user_model
from django.core.management import call_command
User = get_user_model()
user = User.objects.filter(is_superuser=True).order_by("pk").first()
if user is None:
    user, _ = User.objects.get_or_create(username="survey-example-loader", defaults={"is_staff": True})
call_command("load_example_survey", by=user.get_username())
print("SURVEY READY")
"""
CHECK = """
import json
from adilkent.surveys.models import Response
found = Response.objects.filter(survey__slug="{slug}", answers__mahalle_other="{marker}")
print("RESPONSES", found.count())
for response in found:
    print("ANSWERS", json.dumps(response.answers, ensure_ascii=False, sort_keys=True))
    print("SOURCE", response.source)
"""


def survey_ready(database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert "SURVEY READY" in shell(database, tmp_path_factory, READY, "surveys-setup")


def _press(page: Any, selector: str) -> None:
    """Press a button of the form and wait for the page the server answers with."""
    with page.expect_navigation(wait_until="load"):
        page.locator(selector).click()


def _next(page: Any) -> None:
    _press(page, "main .survey-buttons button[value=next]")


def test_a_resident_answers_in_persian_on_a_phone(
    open_page: Callable[..., PageSession],
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    survey_ready(served_database, tmp_path_factory)
    marker = f"محله آزمایشی {RUN}"
    session = open_page(locale="fa-IR", **PHONE)
    page = session.page
    session.goto(PAGE)
    assert session.html_attribute("dir") == "rtl"
    assert session.html_attribute("lang") == "fa"
    assert (
        "صفحه ۱ از" in page.locator("#progress").inner_text()
        or "1" in page.locator("#progress").inner_text()
    )
    check_axe(session, "survey-answer-fa")

    # the skip: "which mahalle?" is asked only after "another mahalle"
    assert page.locator("#input-mahalle_other").count() == 0
    page.select_option("#input-mahalle-0", "other")
    page.fill("#input-age", "۱۳۰")  # Persian digits; older than the form allows
    page.locator("input[name=sex][value=female]").check()
    page.locator("input[name=languages][value=fa]").check()
    page.locator("input[name=services_needed][value=health]").check()
    _next(page)
    other = page.locator("#input-mahalle_other")
    assert other.is_visible()
    other.fill(marker)

    # the constraint: the form's own message, in Persian, in the summary and at the field
    _next(page)
    summary = page.locator("#error-summary")
    assert "سن باید بین 0 تا 120 باشد." in summary.inner_text()
    assert page.locator("#input-age").get_attribute("aria-invalid") == "true"
    assert page.locator("#error-age").is_visible()
    session.screenshot("survey-answer-fa-constraint")
    check_axe(session, "survey-answer-fa-constraint")
    summary.get_by_role("link").first.click()
    page.fill("#input-age", "۳۴")
    _next(page)

    # health care: not reached; the barriers are asked then
    assert page.locator("input[name=barriers_health]").count() == 0
    page.locator("input[name=reach_health][value=no]").check()
    _next(page)
    page.locator("input[name=barriers_health][value=distance]").check()
    page.locator("input[name=barriers_health][value=language]").check()
    _next(page)

    # the household: one more person, added with the page's own button
    _press(page, "button[value='add:member']")
    page.fill("#input-member-0-member_age", "۹")
    page.locator("input[name=member-0-member_sex][value=male]").check()
    page.locator("input[name=member-0-member_disability][value=no]").check()
    check_axe(session, "survey-answer-fa-repeat")
    _next(page)

    page.fill("#input-comments", "اتوبوس بیشتر")
    assert page.locator("a.survey-resume__link").count() == 1  # the link to continue later
    _press(page, "main .survey-buttons button[value=send]")
    assert page.url.endswith(f"/fa/surveys/{SLUG}/thanks/"), page.url
    assert session.html_attribute("dir") == "rtl"
    session.screenshot("survey-answer-fa-thanks")
    check_axe(session, "survey-answer-fa-thanks")
    assert not session.page_errors

    output = shell(
        served_database,
        tmp_path_factory,
        CHECK.replace("{slug}", SLUG).replace("{marker}", marker),
        "surveys-check",
    )
    assert re.search(r"^RESPONSES 1$", output, flags=re.MULTILINE), output
    answers = json.loads(re.search(r"^ANSWERS (.*)$", output, flags=re.MULTILINE).group(1))  # type: ignore[union-attr]
    assert answers["age"] == 34
    assert answers["mahalle"] == "other"
    assert answers["barriers_health"] == ["distance", "language"]
    assert answers["member"] == [{"member_age": 9, "member_disability": "no", "member_sex": "male"}]
    assert answers["household_size"] == "2"
    assert "SOURCE web" in output
