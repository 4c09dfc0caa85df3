"""Indicators measured from invented records: counted right, small cells withheld, idempotent,
kept apart from the figures quoted from the seed documents, shown in six languages.

Every person, request and appointment here is invented for the tests (names with "TEST",
``is_test_data``); the months are in 2025 so that nothing the fixtures create "now" falls in
them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone, translation

from adilkent.cases.models import CaseType, Organisation, Referral, Role, Unit
from adilkent.cases.services import casework, people, referrals
from adilkent.cases.tests.conftest import invented, make_user
from adilkent.core.tests.factories import small_city
from adilkent.intake.models import Event, Request
from adilkent.legalaid.models import Appointment, Stop
from adilkent.planner.models import PlanRun, RunStatus
from adilkent.programmes.kpi_records import update_measured_kpis
from adilkent.programmes.measured import BY_KEY, RECORDS_SOURCE, Period, cell_label
from adilkent.programmes.models import KpiDefinition, KpiOrigin, KpiValue, Programme

YEAR = 2025
SLUGS = [
    "refugee-desk",
    "him-multilingual",
    "disabled-refugees-protection",
    "legal-aid-vehicle",
    "sut-kuzusu",
    "mobile-stage-library",
    "guclenme-duraklari",
    "cogem",
    "talehouses",
    "menemen-child-parent-centre",
    "meslek-fabrikasi",
    "zero-tolerance-document",
    "local-equality-action-plan",
    "esit-izmir-volunteers",
    "wri-social-incubation",
    "red-flag",
    "city-council",
    "childrens-assembly",
    "voice-in-the-neighbourhood",
    "wri-needs-analysis",
]
_codes = itertools.count(1)


def at(month: int, day: int = 10, hour: int = 11) -> dt.datetime:
    return timezone.make_aware(dt.datetime(YEAR, month, day, hour))


def measured(slug: str, key: str, kind: str, month: int, breakdown: str = "") -> KpiValue:
    last = Period(YEAR, month).last_day
    return KpiValue.objects.get(
        programme__slug=slug,
        kpi__key=key,
        origin=KpiOrigin.RECORDS,
        period_kind=kind,
        period_end=last,
        breakdown=breakdown,
    )


def shown(value: KpiValue) -> int | None:
    return None if value.withheld else int(value.value or 0)


class Records:
    """Invented records: builders that date what they create."""

    def __init__(self) -> None:
        municipality = Organisation.objects.get(is_municipality=True)
        self.desk = Unit.objects.get(organisation=municipality, name="Mülteci Masası")
        self.unhcr = Unit.objects.get(name="UNHCR")
        self.asam = Unit.objects.get(name="SGDD-ASAM")
        self.worker = make_user("cw-measured", Role.CASEWORKER, self.desk)
        self.legal = CaseType.objects.get(code="legal-aid")

    def case(self, month: int, **person: Any) -> Any:
        p, _ = people.register_person(invented(f"Measured{next(_codes)}", **person), self.worker)
        case = casework.open_case(p, self.legal, self.worker)
        type(case).objects.filter(pk=case.pk).update(opened_at=at(month))
        return type(case).objects.get(pk=case.pk)

    def close(self, case: Any, month: int, outcome: str = "resolved") -> None:
        casework.transition(case, "close", outcome=outcome)
        type(case).objects.filter(pk=case.pk).update(closed_at=at(month, 20))

    def refer(self, case: Any, unit: Unit, month: int, complete_in: int | None = None) -> None:
        people.record_consent(
            case.person, "referral", self.worker, organisation_id=unit.organisation_id
        )
        referral = referrals.refer(case, unit, "Invented purpose", ["languages"], self.worker)
        values: dict[str, Any] = {"created_at": at(month, 12)}
        if complete_in is not None:
            values.update(state="completed", completed_at=at(complete_in, 25))
        Referral.objects.filter(pk=referral.pk).update(**values)

    def request(
        self, month: int, language: str, channel: str = "web", answered_after: int | None = None
    ) -> Request:
        received = at(month)
        r = Request.objects.create(
            tracking_code=f"TEST{next(_codes):06d}",
            kind="information",
            text="Invented request text TEST",
            text_language=language,
            preferred_language=language,
            channel=channel,
            identity_mode="anonymous",
            due_at=received + dt.timedelta(days=10),
        )
        Request.objects.filter(pk=r.pk).update(created_at=received)
        if answered_after is not None:
            e = Event.objects.create(request=r, type=Event.Type.REPLY, status="received")
            Event.objects.filter(pk=e.pk).update(at=received + dt.timedelta(days=answered_after))
        return r


@pytest.fixture
def records(db: Any) -> Records:
    for slug in SLUGS:
        Programme.objects.create(slug=slug, name=f"{slug} (test)")
    return Records()


def test_refugee_desk_counts_cases_people_groups_and_referrals(records: Records) -> None:
    january = [records.case(1, gender="female", birth_year=YEAR - 30) for _ in range(6)]
    february = [records.case(2, gender="male", birth_year=YEAR - 70) for _ in range(7)]
    for case in january[:5]:
        records.close(case, 2)  # closed with the need met in February
    records.close(january[5], 2, outcome="withdrawn")
    for case in february:
        records.refer(case, records.unhcr, 2, complete_in=3)
    for case in january[:2]:
        records.refer(case, records.asam, 2)

    update_measured_kpis(Period(YEAR, 3))

    assert shown(measured("refugee-desk", "records-cases-opened", "month", 1)) == 6
    assert shown(measured("refugee-desk", "records-cases-opened", "month", 2)) == 7
    assert shown(measured("refugee-desk", "records-cases-opened", "month", 3)) == 0
    assert shown(measured("refugee-desk", "records-cases-opened", "ytd", 3)) == 13
    assert shown(measured("refugee-desk", "records-cases-need-met", "month", 2)) == 5
    # people with a case open at some time: all 13 in February (January's closed on the 20th)
    assert shown(measured("refugee-desk", "records-people-reached", "month", 2)) == 13
    assert shown(measured("refugee-desk", "records-people-reached", "month", 3)) == 7
    groups = "records-people-reached-by-group"
    assert shown(measured("refugee-desk", groups, "month", 1, "group:women")) == 6
    assert shown(measured("refugee-desk", groups, "month", 2, "group:older")) == 7
    # referrals: 7 to UNHCR shown; 2 to SGDD-ASAM withheld, and UNHCR with it
    sent = "records-referrals-sent"
    unhcr = f"partner:{records.unhcr.organisation.name}"
    asam = f"partner:{records.asam.organisation.name}"
    assert measured("refugee-desk", sent, "month", 2, asam).withheld
    assert measured("refugee-desk", sent, "month", 2, unhcr).withheld
    completed = "records-referrals-completed"
    assert shown(measured("refugee-desk", completed, "month", 3, unhcr)) == 7


def test_disability_marker_counts_cases_and_referrals(records: Records) -> None:
    disabled = [records.case(4, disability="invented: uses a wheelchair") for _ in range(5)]
    disabled += [records.case(4, vulnerabilities=["disability"]) for _ in range(2)]
    others = [records.case(4) for _ in range(3)]
    for case in disabled[:5] + others:
        records.refer(case, records.unhcr, 4)

    update_measured_kpis(Period(YEAR, 4))

    slug = "disabled-refugees-protection"
    assert shown(measured(slug, "records-disability-cases-opened", "month", 4)) == 7
    assert shown(measured(slug, "records-disability-referrals", "month", 4)) == 5
    assert shown(measured(slug, "records-disability-referrals", "month", 3)) == 0


def test_requests_by_language_channel_and_time_limit(records: Records) -> None:
    for _ in range(8):
        records.request(5, "tr", "web", answered_after=2)
    for _ in range(6):
        records.request(5, "ar", "phone", answered_after=12)  # past the 10-day limit
    for _ in range(2):
        records.request(5, "fa", "phone")  # never answered: overdue by now

    update_measured_kpis(Period(YEAR, 5))

    slug = "him-multilingual"
    assert shown(measured(slug, "records-requests-received", "month", 5)) == 16
    lang = "records-requests-by-language"
    assert shown(measured(slug, lang, "month", 5, "language:tr")) == 8
    # Persian (2) withheld, and with it the next smallest (Arabic, 6)
    assert measured(slug, lang, "month", 5, "language:fa").withheld
    assert measured(slug, lang, "month", 5, "language:ar").withheld
    turkish = "records-requests-in-turkish"
    assert shown(measured(slug, turkish, "month", 5, "in-turkish:tr")) == 8
    assert shown(measured(slug, turkish, "month", 5, "in-turkish:other")) == 8
    channel = "records-requests-by-channel"
    assert shown(measured(slug, channel, "month", 5, "channel:web")) == 8
    assert shown(measured(slug, channel, "month", 5, "channel:phone")) == 8
    sla = "records-requests-answered-in-time"
    assert shown(measured(slug, sla, "month", 5, "sla:met")) == 8
    assert shown(measured(slug, sla, "month", 5, "sla:late")) == 8


def test_legal_aid_stops_appointments_and_plans(records: Records) -> None:
    city = small_city()
    stop = Stop.objects.create(
        mahalle=city["bahariye"],
        date=dt.date(YEAR, 6, 3),
        start_time=dt.time(9),
        end_time=dt.time(17),
    )
    Stop.objects.create(
        mahalle=city["yamanlar"],
        date=dt.date(YEAR, 6, 4),
        start_time=dt.time(9),
        end_time=dt.time(12),
        status="cancelled",
    )
    slots = [dt.time(9 + i // 2, 30 * (i % 2)) for i in range(16)]
    plan = ["attended"] * 12 + ["no_show"] * 2 + ["cancelled"] * 2
    topics = ["residence"] * 6 + ["labour"] * 5 + ["family"] + ["other"] * 4
    for i, (slot, status, topic) in enumerate(zip(slots, plan, topics, strict=True)):
        Appointment.objects.create(
            stop=stop,
            slot_time=slot,
            name="Invented TEST",
            phone="+90 555 000 00 00",
            topic=topic,
            receipt_hash=f"test-{i}",
            status=status,
            outcome="advice" if status == "attended" else "",
        )
    PlanRun.objects.create(
        service="library",
        start_date=dt.date(YEAR, 6, 1),
        status=RunStatus.DONE,
        document={
            "routes": [
                {
                    "date": f"{YEAR}-06-0{d}",
                    "vehicle": "1",
                    "stops": [
                        {"site": f"mahalle-{city['yamanlar'].pk}", "start": "9", "end": "10"},
                        {"site": f"mahalle-{city['bahariye'].pk}", "start": "11", "end": "12"},
                    ],
                }
                for d in (2, 9)
            ]
        },
    )

    update_measured_kpis(Period(YEAR, 6))

    slug = "legal-aid-vehicle"
    assert shown(measured(slug, "records-legal-aid-stops-held", "month", 6)) == 1
    status = "records-legal-aid-appointments"
    assert shown(measured(slug, status, "month", 6, "status:attended")) == 12
    assert measured(slug, status, "month", 6, "status:no_show").withheld
    assert measured(slug, status, "month", 6, "status:cancelled").withheld
    topic = "records-legal-aid-attended-by-topic"
    assert shown(measured(slug, topic, "month", 6, "topic:residence")) == 6
    # one family appointment: withheld, and the next smallest (labour, 5) with it
    assert measured(slug, topic, "month", 6, "topic:family").withheld
    assert measured(slug, topic, "month", 6, "topic:labour").withheld
    outcome = "records-legal-aid-attended-by-outcome"
    assert shown(measured(slug, outcome, "month", 6, "outcome:advice")) == 12
    library = "mobile-stage-library"
    assert shown(measured(library, "records-library-visits-planned", "month", 6)) == 4
    assert shown(measured(library, "records-library-places-planned", "month", 6)) == 2
    assert shown(measured(library, "records-library-villages-planned", "month", 6)) == 1
    assert shown(measured(library, "records-library-visits-planned", "month", 5)) == 0


def test_rerunning_updates_the_same_rows_and_leaves_seed_figures_alone(records: Records) -> None:
    desk = Programme.objects.get(slug="refugee-desk")
    quoted = KpiDefinition.objects.create(key="people-reached", name="People reached", unit="p")
    seed_value = KpiValue.objects.create(
        programme=desk, kpi=quoted, value=Decimal(1200), year=2023, seed="seed-doc.md"
    )
    for _ in range(5):
        records.case(2)

    first = update_measured_kpis(Period(YEAR, 2))
    rows = KpiValue.objects.filter(origin=KpiOrigin.RECORDS).count()
    history = KpiValue.history.count()
    second = update_measured_kpis(Period(YEAR, 2))

    assert first.created == rows and first.updated == 0
    assert second.created == second.updated == second.removed == 0
    assert second.unchanged == rows
    assert KpiValue.objects.filter(origin=KpiOrigin.RECORDS).count() == rows
    assert KpiValue.history.count() == history  # nothing rewritten
    assert set(
        KpiValue.objects.filter(origin=KpiOrigin.RECORDS).values_list("seed", flat=True)
    ) == {RECORDS_SOURCE}
    seed_value.refresh_from_db()
    assert (seed_value.value, seed_value.origin, seed_value.seed) == (
        Decimal(1200),
        KpiOrigin.SEED,
        "seed-doc.md",
    )

    # a record added since: its cell is recounted and updated in place
    records.case(2)
    third = update_measured_kpis(Period(YEAR, 2))
    assert third.updated > 0
    assert shown(measured("refugee-desk", "records-cases-opened", "month", 2)) == 6


def test_withheld_values_store_no_number(records: Records) -> None:
    for _ in range(3):
        records.case(1)
    update_measured_kpis(Period(YEAR, 1))
    value = measured("refugee-desk", "records-cases-opened", "month", 1)
    assert value.withheld and value.value is None


@translation.override("en")
def test_command_checks_the_period_and_reports(records: Records, capsys: Any) -> None:
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("update_measured_kpis", "--period", "March 2025")
    with pytest.raises(CommandError, match="1 to 12"):
        call_command("update_measured_kpis", "--period", "2025-13")
    later = Period.of(timezone.localdate() + dt.timedelta(days=40))
    with pytest.raises(CommandError, match="not begun"):
        call_command("update_measured_kpis", "--period", str(later))
    call_command("update_measured_kpis", "--period", f"{YEAR}-02")
    out = capsys.readouterr().out
    assert f"period {YEAR}-02" in out and "withheld" in out
    # every indicator of the catalogue now has its definition in every language
    for key in BY_KEY:
        kpi = KpiDefinition.objects.get(key=key)
        assert all(getattr(kpi, f"name_{lang}") for lang in ("tr", "en", "ar", "fa", "ru", "uk"))


HEADINGS = {
    "tr": "adilkent kayıtlarından ölçülen, Mart 2025",
    "en": "Measured from adilkent's records, March 2025",
    "ar": "مقيس من سجلات adilkent",
    "fa": "سنجیده از سوابق adilkent",
    "ru": "Измерено по записям adilkent",
    "uk": "Виміряно за записами adilkent",
}


@pytest.mark.parametrize("language", list(HEADINGS))
def test_programme_page_shows_the_measured_block(records: Records, language: str) -> None:
    for _ in range(6):
        records.case(3, gender="female")
    for _ in range(2):
        records.case(3, gender="male", vulnerabilities=["survivor"])
    update_measured_kpis(Period(YEAR, 3))
    response = Client().get(f"/{language}/programmes/p/refugee-desk/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="measured-title"' in html
    assert HEADINGS[language] in html
    with translation.override(language):
        assert str(BY_KEY["records-cases-opened"].name) in html
        assert str(BY_KEY["records-cases-opened"].method) in html
        assert cell_label("group:women") in html
        # the 2 survivors are withheld: no number, the word instead
        withheld = translation.gettext("withheld")
        if language != "en":
            assert withheld != "withheld"
    assert withheld in html
