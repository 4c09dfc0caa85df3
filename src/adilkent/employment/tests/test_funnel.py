"""The funnel from course to work: a trainee certified, referred, hired and still employed
after six months counts in every stage, by each breakdown; small cells are withheld (and the
totals with them); the programme's seed figures are shown beside, as stated."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from adilkent.courses.models import Certificate, Trainee
from adilkent.employment import selectors, services
from adilkent.employment.models import Profile, Referral
from adilkent.programmes.models import KpiDefinition, KpiValue

from .conftest import CourseSetting, Enrolled

pytestmark = pytest.mark.django_db

PROGRAMME = "test-courses"


@pytest.fixture
def at_work(course_setting: CourseSetting, enrolled: Enrolled) -> Referral:
    """Zeynep (born 2 April 1990, no group declared) completed the course, was referred,
    hired from 15 July 2026 and was still at work on 15 January 2027."""
    application = enrolled.placement.application
    Certificate.objects.create(
        application=application, course=course_setting.course, holder_name="Zeynep Testoğlu",
        issued_on=dt.date(2026, 6, 20),
    )  # fmt: skip
    profile, _created = services.profile_from_application(
        application=application, cv_consent=True, by=None
    )
    employer = services.employer_create(name="Invented Tekstil")
    vacancy = services.vacancy_create(
        employer=employer, title="Pattern maker", positions=1,
        opened_on=dt.date(2026, 6, 20), closes_on=None,
    )  # fmt: skip
    referral = services.referral_create(
        profile=profile, vacancy=vacancy, by=None, today=dt.date(2026, 7, 1)
    )
    services.referral_outcome(
        referral=referral, outcome="hired", on=dt.date(2026, 7, 10),
        started_on=dt.date(2026, 7, 15), today=dt.date(2026, 7, 20),
    )  # fmt: skip
    services.follow_up_record(
        referral=referral, months=6, employed=True, checked_on=dt.date(2027, 1, 15), by=None,
        today=dt.date(2027, 1, 20),
    )  # fmt: skip
    return referral


EXPECTED = {
    "year": "2026",
    "field": "Textiles",
    "district": "Testilçe",  # where the course centre is (Zeynep lives in Uzakilçe)
    "sex": "woman",
    "age_band": "35–44",  # 36 on the course's first day, 15 June 2026
    "group": "No group declared",
}


@pytest.mark.parametrize("by", sorted(EXPECTED))
def test_a_trainee_who_made_it_to_work_counts_in_every_stage(
    at_work: Referral, settings: Any, by: str
) -> None:
    settings.CASES_MIN_CELL_SIZE = 1
    funnel = selectors.funnel(programme_slug=PROGRAMME, by=by)
    assert [s.key for s in funnel.stages] == [
        "trainees", "certified", "referred", "employed", "employed_6m"
    ]  # fmt: skip
    for stage in funnel.stages:
        assert stage.total == 1, stage.key
        assert [(r.label, r.count) for r in stage.rows] == [(EXPECTED[by], 1)], stage.key
        assert stage.share == 1.0


def test_a_trainee_counts_in_each_group_declared(
    enrolled: Enrolled, at_work: Referral, settings: Any
) -> None:
    settings.CASES_MIN_CELL_SIZE = 1
    # the groups the trainee declared on the course's form (kept with the course record)
    Trainee.objects.filter(application=enrolled.placement.application).update(
        groups=["roma", "women"]
    )
    funnel = selectors.funnel(programme_slug=PROGRAMME, by="group")
    assert not funnel.partition
    for stage in funnel.stages:
        assert stage.total == 1
        assert sorted((r.label, r.count) for r in stage.rows) == [("Roma", 1), ("Women", 1)]


def test_who_did_not_reach_a_stage_is_not_counted_in_it(at_work: Referral, settings: Any) -> None:
    settings.CASES_MIN_CELL_SIZE = 1
    Certificate.objects.update(revoked_at=timezone.now())
    at_work.follow_ups.update(employed=False)
    totals = {s.key: s.total for s in selectors.funnel(programme_slug=PROGRAMME, by="year").stages}
    assert totals == {
        "trainees": 1, "certified": 0, "referred": 1, "employed": 1, "employed_6m": 0
    }  # fmt: skip


def test_a_small_count_is_withheld_with_its_total(at_work: Referral, settings: Any) -> None:
    settings.CASES_MIN_CELL_SIZE = 2
    funnel = selectors.funnel(programme_slug=PROGRAMME, by="sex")
    assert funnel.minimum == 2
    for stage in funnel.stages:
        assert stage.total is None and stage.share is None
        assert [(r.label, r.count) for r in stage.rows] == [("woman", None)]


def test_two_trainees_are_shown_at_two_and_one_cell_of_one_hides_another(
    course_setting: CourseSetting, enrolled: Enrolled, at_work: Referral, settings: Any
) -> None:
    from adilkent.courses.services import course_apply
    from adilkent.enrolment.services import allocation_round, offer_answer

    submitted = course_apply(
        course=course_setting.course, name="Elif Invented", birth_date="2004-05-05",
        phone="0555 765 43 21", email="", mahalle_id=course_setting.mahalle.pk, sex="woman",
        groups=[], language="tr", today=dt.date(2026, 6, 1),
    )  # fmt: skip
    _run, (offer,) = allocation_round(term=course_setting.course.term, reason="test")
    offer_answer(follow_code=submitted.follow_code, placement_id=offer.pk, accept=True)
    settings.CASES_MIN_CELL_SIZE = 2

    by_sex = {s.key: s for s in selectors.funnel(programme_slug=PROGRAMME, by="sex").stages}
    assert by_sex["trainees"].total == 2
    assert [(r.label, r.count) for r in by_sex["trainees"].rows] == [("woman", 2)]
    assert by_sex["employed"].total is None  # Zeynep alone

    by_age = {s.key: s for s in selectors.funnel(programme_slug=PROGRAMME, by="age_band").stages}
    # 22 and 36: each band holds one trainee, both withheld, the total of 2 shown
    assert by_age["trainees"].total == 2
    assert [(r.label, r.count) for r in by_age["trainees"].rows] == [
        ("15–24", None), ("35–44", None)
    ]  # fmt: skip


def test_the_seed_figures_are_shown_beside_as_stated(
    course_setting: CourseSetting, db: None
) -> None:
    for key, value, text in (
        ("people-employed", 916, "916 kişi istihdama kazandırıldı"),
        ("trainees", 18952, "18 bin 952 kursiyer eğitim aldı"),
        ("districts-covered", 15, "15 ilçede"),
    ):
        KpiValue.objects.create(
            programme=course_setting.programme,
            kpi=KpiDefinition.objects.get_or_create(key=key, defaults={"name": key})[0],
            value=Decimal(value), period_text="iki yılda", original_text=text,
            seed="004_5bea3067f9f1c141.txt",
        )  # fmt: skip
    seed = selectors.funnel(programme_slug=PROGRAMME, by="year").seed
    assert [(f.stage, f.value, f.text, f.source, f.period) for f in seed] == [
        ("trainees", Decimal(18952), "18 bin 952 kursiyer eğitim aldı",
         "004_5bea3067f9f1c141.txt", "iki yılda"),
        ("employed", Decimal(916), "916 kişi istihdama kazandırıldı",
         "004_5bea3067f9f1c141.txt", "iki yılda"),
    ]  # fmt: skip


def test_the_public_page_shows_counts_only(
    at_work: Referral, settings: Any, client: Client
) -> None:
    settings.CASES_MIN_CELL_SIZE = 1
    page = client.get(f"/en/employment/funnel/?programme={PROGRAMME}&by=district")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Still employed after 6 months" in body and "Testilçe" in body
    assert "District of the course centre" in body
    for personal in ("Zeynep", "0555", "1990", "Pattern maker", "Invented Tekstil"):
        assert personal not in body
    settings.CASES_MIN_CELL_SIZE = 5
    body = client.get(f"/en/employment/funnel/?programme={PROGRAMME}").content.decode()
    assert "withheld" in body and "Testilçe" not in body


def test_the_public_page_of_an_unknown_programme_is_not_found(db: None, client: Client) -> None:
    assert client.get("/en/employment/funnel/?programme=nothing-here").status_code == 404
    assert client.get("/en/employment/funnel/?programme=<script>").status_code == 404
    # Meslek Fabrikası's page is there even before its courses are entered
    assert client.get("/en/employment/funnel/?by=nonsense").status_code == 200


def test_measured_counts_of_a_period(at_work: Referral) -> None:
    from adilkent.programmes.measured import Window

    july = Window(dt.date(2026, 7, 1), dt.date(2026, 7, 31))
    june = Window(dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    january = Window(dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    count = {s: selectors.measured_counter(s, PROGRAMME) for s in selectors.STAGES}
    assert count["trainees"](june) == {"": 1} and count["certified"](june) == {"": 1}
    assert count["referred"](july) == {"": 1} and count["employed"](july) == {"": 1}
    assert count["employed_6m"](january) == {"": 1} and count["employed_6m"](july) == {"": 0}
    assert Profile.objects.count() == 1
