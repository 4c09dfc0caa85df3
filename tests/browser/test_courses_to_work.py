"""From a course to a lasting job, in Turkish: a woman finds a course near her mahalle,
applies and accepts the offer; the course's staff mark her present 4 of 5 days and issue her
certificate, whose verification page confirms it; the employment unit registers her (with
her consent to share her CV), refers her to a vacancy, records that she was hired and, six
months later, still employed; the public funnel counts her.

The demo data's example course is used (its dates and places are examples). The woman, the
four other trainees of an earlier course, the employer and the staff account are invented
for the test. Time that would pass in real life (the course ending, six months at work) is
moved by changing dates in the database, each step said where it is done.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest

from .conftest import PageSession, ServedDatabase
from .staff import check_axe, shell, staff_log_in

pytestmark = pytest.mark.browser

EXAMPLE = "Örnek kurs: bilgisayarda giysi kalıbı (gösterim)"
NAME = "Uydurma Ayşe Kursiyer"

# Four invented trainees of an earlier course of the same programme, each certified, referred,
# hired and still at work after six months: with them the funnel's cells reach the minimum
# size (5) once she is counted, and stay withheld until then.
OTHERS = """
import datetime as dt
from django.utils import timezone
from adilkent.courses.models import Course, Session
from adilkent.courses.services import course_apply, course_attendance_mark, certificate_issue
from adilkent.employment import services as jobs
from adilkent.enrolment.models import Centre, Group, Term
from adilkent.enrolment.services import allocation_round, offer_answer
from adilkent.places.models import Mahalle
today = timezone.localdate()
example = Course.objects.get(term__name="{example}")
start = today - dt.timedelta(days=400)
term = Term.objects.create(programme=example.term.programme, name="Geçmiş örnek kurs (test)",
    starts_on=start, ends_on=start + dt.timedelta(days=4), applications_open_on=start - dt.timedelta(days=30),
    applications_close_on=start - dt.timedelta(days=5), max_choices=1, offer_days=7)
centre = Centre.objects.get(name="Karabağlar Aydın Kurs Merkezi")
Group.objects.create(term=term, centre=centre, label="sınıf", min_age_months=216, max_age_months=1188, capacity=10)
course = Course.objects.create(term=term, branch=example.branch, min_days=4, women_only=True)
days = [start + dt.timedelta(days=i) for i in range(5)]
for day in days:
    Session.objects.create(course=course, day=day, starts_at=dt.time(9), ends_at=dt.time(13))
mahalle = Mahalle.objects.get(name="Aydın", district__name="Karabağlar")
codes = []
for n in range(4):
    codes.append(course_apply(course=course, name=f"Uydurma Kursiyer {n}", birth_date="1992-03-0" + str(n + 1),
        phone=f"0555 700 00 0{n}", email="", mahalle_id=mahalle.pk, sex="woman", groups=["women"],
        language="tr", today=start - dt.timedelta(days=10)))
_run, offers = allocation_round(term=term, reason="test set-up")
by_application = {o.application_id: o for o in offers}
held = [offer_answer(follow_code=s.follow_code, placement_id=by_application[s.applications[0].pk].pk,
    accept=True) for s in codes]
for day in days[:4]:
    course_attendance_mark(course=course, day=day, present={p.pk for p in held}, marked_by=None)
employer = jobs.employer_create(name="Uydurma Konfeksiyon A.Ş.", sector="tekstil", district_id=None, contact="")
vacancy = jobs.vacancy_create(employer=employer, title="Kalıpçı", positions=10, opened_on=start, closes_on=None)
for placement in held:
    certificate_issue(application=placement.application, issued_by=None, today=days[-1])
    profile, _made = jobs.profile_from_application(application=placement.application, cv_consent=True, by=None)
    referral = jobs.referral_create(profile=profile, vacancy=vacancy, by=None, today=days[-1] + dt.timedelta(days=3))
    jobs.referral_outcome(referral=referral, outcome="hired", on=days[-1] + dt.timedelta(days=10),
        started_on=days[-1] + dt.timedelta(days=14), today=today)
    jobs.follow_up_record(referral=referral, months=6, employed=True,
        checked_on=days[-1] + dt.timedelta(days=200), by=None, today=today)
print("OTHERS", len(held))
"""

# Her offer: the allocation round staff would run.
ROUND = """
from adilkent.enrolment.models import Term
from adilkent.enrolment.services import allocation_round
_run, offers = allocation_round(term=Term.objects.get(name="{example}"), reason="run by staff")
print("OFFERS", len(offers))
"""

# The course took place: its five sessions are moved to the last days before today.
COURSE_HELD = """
import datetime as dt
from django.utils import timezone
from adilkent.courses.models import Course
course = Course.objects.get(term__name="{example}")
today = timezone.localdate()
for n, session in enumerate(course.sessions.order_by("day")):
    session.day = today - dt.timedelta(days=12 - n)
    session.save()
print("SESSIONS", [s.day.isoformat() for s in course.sessions.all()])
"""

# Eight months pass after the referral: its date is moved back.
REFERRAL_BACK = """
import datetime as dt
from django.utils import timezone
from adilkent.employment.models import Referral
moved = Referral.objects.filter(vacancy__title="Uydurma kalıp hazırlayıcı").update(
    referred_on=timezone.localdate() - dt.timedelta(days=240))
print("MOVED", moved)
"""


def _shell(database: ServedDatabase, tmp_path_factory: pytest.TempPathFactory, code: str) -> str:
    return shell(database, tmp_path_factory, code.replace("{example}", EXAMPLE), "courses-setup")


def _funnel_totals(session: PageSession) -> list[str]:
    session.goto("/tr/employment/funnel/")
    cells = session.page.locator("section[aria-labelledby=totals] tbody tr td:nth-child(2)")
    return [c.inner_text().strip() for c in cells.all()]


def test_a_woman_goes_from_a_course_near_her_to_a_job_that_lasts(
    open_page: Callable[..., PageSession],
    browser_page: PageSession,
    served_database: ServedDatabase,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    output = _shell(served_database, tmp_path_factory, OTHERS)
    assert "OTHERS 4" in output
    session, page = browser_page, browser_page.page
    before = _funnel_totals(session)
    # 4 of each: below the minimum cell size, so no stage shows a number
    assert len(before) == 5 and not any(c.isdigit() for cell in before for c in cell), before

    # She finds the course near her mahalle (Karabağlar, Aydın).
    session.goto("/tr/courses/")
    check_axe(session, "courses-finder-tr")
    page.select_option("select[name=near]", label="Aydın")
    page.check("input[name=women_only]")
    page.locator("form.course-filters button[type=submit]").click()
    page.wait_for_url("**near=**")
    first = page.locator("main table tbody tr").first
    assert EXAMPLE in first.inner_text() and "km" in first.inner_text()
    session.screenshot("courses-finder-near-tr")
    first.get_by_role("link", name=EXAMPLE).click()
    page.locator("a.button[href$='/apply/']").click()
    page.wait_for_selector("form.enrolment-form")
    check_axe(session, "courses-apply-tr")
    page.fill("input[name=name]", NAME)
    page.fill("input[name=birth_date]", "1991-09-17")
    page.fill("input[name=phone]", "0555 321 09 87")
    page.select_option("select[name=mahalle]", label="Aydın")
    page.select_option("select[name=sex]", value="woman")
    page.check("input[name=groups][value=women]")
    page.locator("form.enrolment-form button[type=submit]").click()
    page.wait_for_selector("[data-follow-code]")
    code = page.locator("[data-follow-code]").inner_text().strip()
    session.screenshot("courses-receipt-tr")

    # The coordinator's allocation round offers her a place; she accepts it.
    assert "OFFERS 1" in _shell(served_database, tmp_path_factory, ROUND)
    session.goto(f"/tr/enrolment/status/?code={code}")
    page.locator(".offer button[value=accept]").click()
    page.wait_for_selector("section.enrolment-child p[role=status]")

    # The course takes place; staff mark her present 4 of its 5 days.
    _shell(served_database, tmp_path_factory, COURSE_HELD)
    staff = open_page()
    staff_log_in(
        staff, served_database, tmp_path_factory, coordinator_of="meslek-fabrikasi",
        where="/tr/enrolment/staff/", log_name="courses-staff",
    )  # fmt: skip
    staff.page.get_by_role("link", name=re.compile(re.escape(EXAMPLE))).click()
    staff.page.locator("a[href*='/courses/staff/']").click()
    staff.page.wait_for_selector("form.attendance-form")
    check_axe(staff, "courses-staff-tr")
    days = staff.page.locator("select[name=day] option")
    values = [days.nth(i).get_attribute("value") for i in range(days.count())]
    assert len(values) == 5
    for day in values[:4]:
        staff.page.select_option("select[name=day]", value=day)
        staff.page.locator("form.search button[type=submit]").click()
        staff.page.get_by_label(NAME).check()
        staff.page.locator("form.attendance-form button[type=submit]").click()
        staff.page.wait_for_selector(".message--success")
    row = staff.page.locator("tr", has_text=NAME).last
    assert "4 / 5" in row.inner_text()
    staff.screenshot("courses-staff-completion-tr")

    # Her certificate: issued, printed, and confirmed by its verification page.
    row.locator("form[action$='/certificate/'] button[type=submit]").click()
    staff.page.wait_for_selector(".message--success")
    certificate = staff.page.locator("tr", has_text=NAME).last.locator("a[href$='.pdf']")
    certificate_code = certificate.inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", certificate_code)
    pdf = staff.page.request.get(staff.base_url + (certificate.get_attribute("href") or ""))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    session.goto(f"/tr/courses/verify/{certificate_code}/")
    assert NAME in page.locator("main").inner_text()
    session.screenshot("courses-verify-tr")
    check_axe(session, "courses-verify-tr")

    # The employment unit registers her with her consent, and refers her to a vacancy.
    staff.goto("/tr/employment/staff/employers/new/")
    staff.page.fill("input[name=name]", "Uydurma Moda Atölyesi")
    staff.page.locator("main form button[type=submit]").click()
    staff.goto("/tr/employment/staff/vacancies/new/")
    staff.page.select_option("select[name=employer]", label="Uydurma Moda Atölyesi")
    staff.page.fill("input[name=title]", "Uydurma kalıp hazırlayıcı")
    staff.page.fill("input[name=opened_on]", (dt.date.today() - dt.timedelta(days=300)).isoformat())
    staff.page.locator("main form button[type=submit]").click()
    staff.goto("/tr/employment/staff/")
    staff.screenshot("employment-staff-home-tr")
    trainee = staff.page.locator("details", has_text=NAME)
    trainee.locator("summary").click()
    trainee.locator("input[name$=cv_consent]").check()
    trainee.locator("textarea[name$=skills]").fill("Bilgisayarda giysi kalıbı")
    trainee.locator("button[type=submit]").click()
    staff.page.wait_for_selector("form[action*='/refer/']")
    vacancy = staff.page.locator("select[name=vacancy] option", has_text="Uydurma kalıp")
    staff.page.select_option("select[name=vacancy]", value=vacancy.get_attribute("value"))
    staff.page.locator("form[action*='/refer/'] button[type=submit]").click()
    staff.page.wait_for_selector("form[action*='/outcome/']", state="attached")
    check_axe(staff, "employment-profile-tr")

    # Eight months pass: she was hired seven months ago and is still at work.
    assert "MOVED 1" in _shell(served_database, tmp_path_factory, REFERRAL_BACK)
    staff.page.reload()
    started = (dt.date.today() - dt.timedelta(days=215)).isoformat()
    outcome = staff.page.locator("form[action*='/outcome/']")
    outcome.locator("xpath=ancestor::details/summary").click()
    outcome.locator("select[name$=outcome]").select_option("hired")
    outcome.locator("input[name$=-on]").fill(started)
    outcome.locator("input[name$=started_on]").fill(started)
    outcome.locator("button[type=submit]").click()
    follow_up = staff.page.locator("form[action*='/follow-up/']")
    follow_up.wait_for(state="attached")
    follow_up.locator("xpath=ancestor::details/summary").click()
    follow_up.locator("select[name$=months]").select_option("6")
    follow_up.locator("input[name$=employed][value=yes]").check()
    follow_up.locator("input[name$=checked_on]").fill(dt.date.today().isoformat())
    follow_up.locator("button[type=submit]").click()
    staff.page.wait_for_selector(".message--success")
    staff.screenshot("employment-profile-followed-up-tr")
    assert not staff.page_errors

    # The public funnel counts her at every stage: 5 of each, shown now.
    after = _funnel_totals(session)
    assert after == ["5"] * 5, after
    session.screenshot("employment-funnel-tr")
    check_axe(session, "employment-funnel-tr")
    assert not session.page_errors


@pytest.mark.parametrize("language", ["tr", "en", "ar", "fa", "ru", "uk"])
def test_the_public_course_and_funnel_pages_in_six_languages(
    browser_page: PageSession, language: str
) -> None:
    """The finder (with its map), a course, its application form, the certificate check and
    the funnel: right-to-left in Arabic and Persian, and no serious or critical axe finding."""
    session, page = browser_page, browser_page.page
    session.goto(f"/{language}/courses/")
    page.wait_for_selector(
        ".leaflet-marker-pane *, .leaflet-overlay-pane svg path", state="attached"
    )
    course = page.locator("main table tbody a").first.get_attribute("href") or ""
    assert re.fullmatch(rf"/{language}/courses/\d+/", course), course
    for where in (
        "courses/",
        course.removeprefix(f"/{language}/"),
        course.removeprefix(f"/{language}/") + "apply/",
        "courses/verify/",
        "employment/funnel/",
    ):
        session.goto(f"/{language}/{where}")
        expected = "rtl" if language in ("ar", "fa") else "ltr"
        assert session.html_attribute("dir") == expected
        assert session.html_attribute("lang") == language
        check_axe(session, f"{where.strip('/').replace('/', '-')}-{language}")
    session.screenshot(f"employment-funnel-{language}")
    assert not session.page_errors
