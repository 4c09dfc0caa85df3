"""The results of the example survey, as a resident reads them: in Arabic on a phone (right to
left, the tables scroll inside their region, the bars and numbers are there, no small count is
shown), one mahalle's page in Persian and the Turkish page on a desktop, each without a serious
or critical axe finding. The answers are invented for the test (in real İzmir mahalleler of
the demo database, beside its real access analysis of hospitals)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from .conftest import PageSession, ServedDatabase
from .staff import check_axe, shell
from .test_surveys_answer import PHONE, survey_ready

pytestmark = pytest.mark.browser

# A survey of its own, so that the answers other browser tests send to the example survey do
# not change the figures this test reads.
OWN = "results-browser-test"
RESULTS = f"/{{language}}/surveys/{OWN}/results/"

# Invented answers: 14 in a mahalle near a hospital (6 giving distance), 12 in one far from
# any (none giving it), 2 in a third (too few to be shown on its own) and 3 without a mahalle,
# pooled with them.
ANSWERS = """
import uuid
from django.utils import timezone
from adilkent.analytics.models import AccessAnalysis
from adilkent.surveys.models import Response, Survey
from adilkent.surveys import services
from adilkent.surveys.data.make_example_form import EXAMPLE
from adilkent.surveys.seed import TITLE
example = Survey.objects.get(slug="voice-in-the-neighbourhood")
survey = Survey.objects.filter(slug="results-browser-test").first()
if survey is None:
    by = example.versions.order_by("number").first().uploaded_by
    survey = services.survey_create(slug="results-browser-test", title=TITLE, by=by)
    services.form_version_import(survey=survey, xlsx_bytes=EXAMPLE.read_bytes(), filename=EXAMPLE.name, by=by)
    services.survey_status_set(survey=survey, status=Survey.Status.OPEN)
version = survey.versions.order_by("-number").first()
places = AccessAnalysis.objects.filter(facility_type__code="hospital", status="done").order_by("-pk").first().results["places"]
near = next(p["id"] for p in places if p["minutes"] is not None and p["minutes"] <= 10)
far = next(p["id"] for p in places if p["minutes"] is not None and p["minutes"] >= 40)
third = next(p["id"] for p in places if p["id"] not in (near, far))
def answers(sex, age, distance):
    a = {"sex": sex, "age": age, "languages": ["ar", "tr"], "services_needed": ["health"],
         "reach_health": "no" if distance else "yes"}
    if distance:
        a["barriers_health"] = ["distance", "cost"]
    return a
rows = [(near, answers("female", 35, True))] * 6 + [(near, answers("male", 41, False))] * 8
rows += [(far, answers("female", 67, False))] * 6 + [(far, answers("male", 24, False))] * 6
rows += [(third, answers("female", 30, False))] * 2 + [(None, answers("male", 50, False))] * 3
Response.objects.filter(survey=survey, answers__test_marker="results").delete()
Response.objects.bulk_create(
    Response(survey=survey, form_version=version, instance_id=uuid.uuid4(),
             answers=dict(a, test_marker="results"), mahalle_id=m,
             submitted_at=timezone.now(), source="web")
    for m, a in rows
)
print("NEAR", near)
"""


def test_results_in_arabic_on_a_phone_persian_mahalle_and_turkish(
    open_page: Callable[..., PageSession],
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    survey_ready(served_database, tmp_path_factory)
    output = shell(served_database, tmp_path_factory, ANSWERS, "surveys-results-setup")
    found = re.search(r"NEAR (\d+)", output)
    assert found, output
    near = found.group(1)

    session = open_page(locale="ar", **PHONE)
    page = session.page
    session.goto(RESULTS.format(language="ar"))
    assert session.html_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text().startswith("النتائج")
    check_axe(session, "survey-results-ar-phone")
    # the barriers table scrolls inside its own region: the page itself does not
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, width
    assert page.locator("#barriers-title").count() == 1
    assert page.locator(".results-bar").count() > 0
    body = page.locator("main").inner_text()
    # no count of 1 to 4 is shown in brackets (a shown count reads "(6)" or "(٦)")
    digits = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
    shown = [int(n.translate(digits)) for n in re.findall(r"\(([0-9٠-٩]+)\)", body)]
    assert shown and all(n == 0 or n >= 5 for n in shown), shown
    session.screenshot("survey-results-ar-phone")

    mahalle = open_page(locale="fa", **PHONE)
    mahalle.goto(f"/fa/surveys/{OWN}/results/{near}/")
    assert mahalle.html_attribute("dir") == "rtl"
    text = mahalle.page.locator("main").inner_text()
    assert "ساکنان می‌گویند دور است؛ مدل می‌گوید نزدیک است" in text
    check_axe(mahalle, "survey-results-mahalle-fa-phone")

    desktop = open_page(locale="tr")
    desktop.goto(RESULTS.format(language="tr"))
    check_axe(desktop, "survey-results-tr")
    assert "TÜİK" in desktop.page.locator("main").inner_text()
    desktop.screenshot("survey-results-tr")
