"""axe-core finds no serious or critical violation in the Django admin, in the six languages.

A superuser (made by ``create_demo_staff``, with an authenticator) signs in past the second
factor and opens, in each language: the admin's index; four changelists with filters and a
search (the mahalle with the district filter, the facilities, the service guide and the
calls); and two change forms with inlines and selects (a service of the guide, with
its translated fields, and a call with its criteria, questions, trainings and roles). The
admin's login form is checked too, as someone not signed in meets it. Every page is checked
in full, with WCAG 2.2's target size (off in axe-core by default) on, and the findings of all
of them are reported together, with a summary per language saved beside the screenshots
(``axe-admin-summary-<language>.json``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import PageSession, ServedDatabase
from .staff import staff_log_in
from .support import LANGUAGE_DIRECTIONS, Violation, blocking_violations, format_violations

pytestmark = pytest.mark.browser

AXE = Axe()
# WCAG 2.2's target size (2.5.8: 24 by 24 CSS pixels) is off in axe-core by default: on here
OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}

# (name, address under /<language>/admin/): each changelist has filters, a search box and rows
CHANGELISTS = (
    ("mahalle-changelist", "places/mahalle/?q=mah&is_village__exact=0"),
    ("facility-changelist", "places/facility/"),
    ("service-changelist", "guide/service/?q=a"),
    ("call-changelist", "calls/call/?kind__exact=volunteer"),
)
# (name, changelist whose first row is opened): change forms with inlines and selects
CHANGE_FORMS = (
    ("service-change", "guide/service/"),
    ("call-change", "calls/call/"),
)


def _check(session: PageSession, name: str, language: str) -> list[Violation]:
    """Check the page as it is now; the serious and critical violations found."""
    page = session.page
    assert session.html_attribute("lang") == language, name
    assert session.html_attribute("dir") == LANGUAGE_DIRECTIONS[language], name
    results = AXE.run(page, options=OPTIONS)
    session.save_json(f"axe-admin-{name}-{language}", results.response.get("violations", []))
    return blocking_violations(results.response)


def _summary(found: dict[str, list[Violation]]) -> dict[str, Any]:
    """Per impact, how many rules failed and on how many elements, and the rules by name."""
    summary: dict[str, Any] = {"serious": [0, 0], "critical": [0, 0], "rules": {}}
    for violations in found.values():
        for violation in violations:
            summary[violation.impact][0] += 1
            summary[violation.impact][1] += len(violation.targets)
            rules = summary["rules"]
            rules[violation.rule] = rules.get(violation.rule, 0) + len(violation.targets)
    return summary


def _report(found: dict[str, list[Violation]]) -> str:
    return "\n".join(format_violations(name, v) for name, v in found.items() if v)


# Every page in one left-to-right and one right-to-left language; the login, the index, one
# changelist and one change form in the others (the service form, which lists every facility,
# is the slowest page of the run).
EVERY_PAGE = ("tr", "ar")


@pytest.mark.parametrize("language", list(LANGUAGE_DIRECTIONS))
def test_the_admin_has_no_serious_or_critical_violations(
    open_page: Callable[..., PageSession],
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
    language: str,
) -> None:
    session = open_page(locale=language)
    page = session.page
    # a service's form lists every facility to choose from: slow to load on a busy machine
    page.set_default_navigation_timeout(120_000)
    found: dict[str, list[Violation]] = {}

    # the login form, as a superuser meets it before signing in
    session.goto(f"/{language}/admin/login/?next=/{language}/admin/")
    assert page.locator("input[name=otp_token]").count() == 1
    found["login"] = _check(session, "login", language)

    staff_log_in(
        session,
        served_database,
        tmp_path_factory,
        coordinator_of=None,
        where="/tr/requests/staff/",
        log_name="admin-axe",
    )
    admin = f"/{language}/admin/"
    session.goto(admin)
    assert page.locator("#content-main .app-places").count() == 1, "not the admin's index"
    found["index"] = _check(session, "index", language)

    changelists = CHANGELISTS if language in EVERY_PAGE else CHANGELISTS[:1]
    change_forms = CHANGE_FORMS if language in EVERY_PAGE else CHANGE_FORMS[1:]
    for name, path in changelists:
        session.goto(admin + path)
        assert page.locator("#changelist-filter").count() == 1, name
        assert page.locator("#changelist-search input[name=q]").count() == 1, name
        assert page.locator("#result_list tbody tr").count() > 0, name
        found[name] = _check(session, name, language)

    for name, path in change_forms:
        session.goto(admin + path)
        href = page.locator("#result_list tbody tr th a").first.get_attribute("href")
        assert href, name
        session.goto(href)
        assert page.locator(".inline-group").count() > 0, name
        assert page.locator("form select").count() > 0, name
        found[name] = _check(session, name, language)

    session.save_json(f"axe-admin-summary-{language}", _summary(found))
    assert not any(found.values()), _report(found)
