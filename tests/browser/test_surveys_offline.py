"""Field staff collect answers on a tablet without a connection: the field page keeps
working offline (it opens again from its service worker), two answer sets wait on the device
("2"), and when the connection returns both arrive exactly once; sending one of them again
creates nothing. The staff account and the answers are invented."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import PageSession, ServedDatabase, _watch
from .staff import check_axe, shell, staff_log_in
from .support import Server
from .test_surveys_answer import SLUG, survey_ready

pytestmark = pytest.mark.browser

FIELD = f"/tr/surveys/{SLUG}/field/"
RUN = secrets.token_hex(3)
CHECK = """
from adilkent.surveys.models import Response
found = Response.objects.filter(survey__slug="{slug}", answers__comments__startswith="{marker}")
print("RESPONSES", found.count())
print("FIELD", found.filter(source="field").count())
print("IDS", len(set(found.values_list("instance_id", flat=True))))
"""


@pytest.fixture
def tablet(chromium: Any, app_server: Server, artefact_dir: Path) -> Iterator[PageSession]:
    """A tablet-sized page whose service workers run (the shared fixture blocks them)."""
    context = chromium.new_context(
        service_workers="allow",
        viewport={"width": 800, "height": 1280},
        has_touch=True,
        locale="tr-TR",
    )
    context.set_default_timeout(30_000)
    session = PageSession(context.new_page(), app_server.base_url, artefact_dir)
    _watch(session, context)
    yield session
    external = session.external_requests()
    context.close()
    assert not external, "the page asked for non-loopback URLs:\n" + "\n".join(external)


def _count(page: Any, number: int) -> None:
    page.wait_for_function(
        "n => document.querySelector('[data-waiting-count]').textContent === String(n)",
        arg=number,
        timeout=30_000,
    )


def _check(served_database: ServedDatabase, tmp_path_factory: Any) -> dict[str, str]:
    code = CHECK.replace("{slug}", SLUG).replace("{marker}", f"field-{RUN}")
    output = shell(served_database, tmp_path_factory, code, "surveys-field-check")
    return dict(re.findall(r"^([A-Z]+) (\d+)$", output, flags=re.MULTILINE))


def test_answers_saved_offline_arrive_once_when_the_connection_returns(
    tablet: PageSession,
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    survey_ready(served_database, tmp_path_factory)
    page = tablet.page
    username = staff_log_in(
        tablet, served_database, tmp_path_factory, coordinator_of=None, where=FIELD,
        log_name="surveys-field-staff",
    )  # fmt: skip
    shell(
        served_database,
        tmp_path_factory,
        f"from django.core.management import call_command\n"
        f"call_command('survey_staff', '{username}', '{SLUG}')",
        "surveys-field-staff",
    )
    tablet.goto(FIELD)
    page.locator("[data-field-queue]").wait_for(state="visible")  # the script has started
    assert page.locator("[data-waiting-count]").inner_text() == "0"
    assert page.evaluate("navigator.serviceWorker.ready.then(r => Boolean(r.active))")
    check_axe(tablet, "survey-field-tr")

    page.context.set_offline(True)
    page.reload()  # opens again from the service worker's copy
    page.locator("[data-field-queue]").wait_for(state="visible")
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")

    # the first respondent: a constraint caught on the device, then corrected
    page.select_option("#input-mahalle-0", "alsancak")
    page.fill("#input-age", "150")
    page.locator("input[name=sex][value=female]").check()
    page.locator("input[name=languages][value=tr]").check()
    page.locator("input[name=services_needed][value=none]").check()
    page.fill("#input-comments", f"field-{RUN}-1")
    page.locator("main .survey-buttons button[value=save]").click()
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#error-age").inner_text().strip() != ""
    assert page.locator("[data-waiting-count]").inner_text() == "0"
    page.fill("#input-age", "30")
    page.locator("main .survey-buttons button[value=save]").click()
    _count(page, 1)
    assert page.locator("#input-age").input_value() == ""  # ready for the next respondent

    # the second: legal aid needed, so its question appears; one member of the household
    reach = page.locator("#q-reach_legal")
    assert reach.is_hidden()
    page.select_option("#input-mahalle-0", "tepecik")
    page.fill("#input-age", "52")
    page.locator("input[name=sex][value=male]").check()
    page.locator("input[name=languages][value=ar]").check()
    page.locator("input[name=services_needed][value=legal]").check()
    assert reach.is_visible()
    page.locator("input[name=reach_legal][value=yes]").check()
    page.locator("button[data-add=member]").click()
    page.fill("#input-member-0-member_age", "70")
    page.fill("#input-comments", f"field-{RUN}-2")
    page.locator("main .survey-buttons button[value=save]").click()
    _count(page, 2)
    tablet.screenshot("survey-field-offline-tr")
    check_axe(tablet, "survey-field-waiting-tr")
    waiting = page.evaluate(
        "key => JSON.parse(localStorage.getItem(key + ':waiting'))",
        page.locator("[data-field-form]").get_attribute("data-store-key"),
    )
    assert len(waiting) == 2
    assert not [url for url in tablet.requests if url.endswith("/field/submit/")]

    page.context.set_offline(False)
    _count(page, 0)
    assert _check(served_database, tmp_path_factory) == {"RESPONSES": "2", "FIELD": "2", "IDS": "2"}

    # the first one sent again (as after a lost answer): received already, nothing created
    key = page.locator("[data-field-form]").get_attribute("data-store-key")
    page.evaluate(
        "([key, entry]) => localStorage.setItem(key + ':waiting', JSON.stringify([entry]))",
        [key, waiting[0]],
    )
    page.reload()
    _count(page, 0)
    assert _check(served_database, tmp_path_factory) == {"RESPONSES": "2", "FIELD": "2", "IDS": "2"}
    assert not tablet.page_errors
