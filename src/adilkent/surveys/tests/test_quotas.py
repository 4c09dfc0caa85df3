"""The quota sheet and the field team's progress: a proposal adds up to the total exactly and
follows TÜİK's population; a sheet breaking the rules is refused whole; a CSV file keeps its
good rows and reports each bad one with its row number; progress counts the responses per
mahalle, group and source (in one query); the staff page is for the survey's staff only, and
a quota is changed and removed from it without JavaScript."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from adilkent.cases.audit import AUDITED_MARK
from adilkent.cases.models import AuditEvent
from adilkent.core.tests.factories import add_population, make_district, make_mahalle
from adilkent.places.models import Mahalle
from adilkent.surveys import quota_progress, quotas, services, urls
from adilkent.surveys.models import FormVersion, Quota, Response, Survey
from adilkent.surveys.quotas import ALL, QuotaRow
from adilkent.surveys.services import SurveyInvalid

from .conftest import Setting, signed_in

pytestmark = pytest.mark.django_db

PAGE = "/en/surveys/staff/voice-2026/quotas/"

# TÜİK ADNKS 2025 counts of three mahalleler of Konak, as in the population file
# (izmir/population/mahalle_nufus_2025.csv): name, TÜİK code, residents.
KONAK = (("Alsancak", "41154", 5388), ("Kadifekale", "41221", 2685), ("1.Kadriye", "41141", 6868))


@pytest.fixture
def places(setting: Setting) -> dict[str, Mahalle]:
    konak = make_district("Konak")
    found = {}
    for name, code, residents in KONAK:
        mahalle = make_mahalle(konak, name)
        mahalle.tuik_code = code
        mahalle.save()
        add_population(mahalle, 2025, residents)
        add_population(mahalle, 2024, residents - 100)  # an older year, not used
        found[name] = mahalle
    setting.survey.target_mahalleler.set(found.values())
    # two mahalleler called Atatürk, in two districts, not targeted by the survey
    found["Atatürk (Buca)"] = make_mahalle(make_district("Buca"), "Atatürk")
    found["Atatürk (Bornova)"] = make_mahalle(make_district("Bornova"), "Atatürk")
    return found


def _sheet(survey: Survey) -> dict[tuple[str, str], int]:
    return {(q.mahalle.name, q.group): q.needed for q in Quota.objects.filter(survey=survey)}


# --- proposal -----------------------------------------------------------------------------


def test_largest_remainder_adds_up_exactly() -> None:
    assert quotas.largest_remainder(10, [1, 1, 1]) == [4, 3, 3]
    assert quotas.largest_remainder(7, [5388, 2685, 6868]) == [3, 1, 3]
    assert quotas.largest_remainder(5, [0, 3]) == [0, 5]
    assert quotas.largest_remainder(5, [0, 0]) == [0, 0]
    for total in range(1, 60):
        parts = quotas.largest_remainder(total, [5388, 2685, 6868])
        assert sum(parts) == total
        for part, weight in zip(parts, [5388, 2685, 6868], strict=True):
            exact = total * weight / (5388 + 2685 + 6868)
            assert int(exact) <= part <= int(exact) + 1


def test_a_proposal_adds_up_and_follows_the_population(
    setting: Setting, places: dict[str, Mahalle]
) -> None:
    proposal = quotas.quota_propose(survey=setting.survey, total=400)
    assert proposal.basis.year == 2025  # the latest year
    totals = {r.mahalle.name: r.needed for r in proposal.rows if r.group == ALL}
    # 400 × 5388/14941 = 144.25, × 2685/14941 = 71.88, × 6868/14941 = 183.87: floors 144, 71,
    # 183 (398), and the two answers left go to the largest remainders
    assert totals == {"Alsancak": 144, "Kadifekale": 72, "1.Kadriye": 184}
    assert sum(totals.values()) == 400
    by_sex = {(r.mahalle.name, r.group): r.needed for r in proposal.rows if r.group != ALL}
    # no counts of women and men per mahalle: half and half
    assert by_sex == {
        ("Alsancak", "women"): 72, ("Alsancak", "men"): 72,
        ("Kadifekale", "women"): 36, ("Kadifekale", "men"): 36,
        ("1.Kadriye", "women"): 92, ("1.Kadriye", "men"): 92,
    }  # fmt: skip
    assert proposal.halved == 3
    assert not [r for r in proposal.rows if r.group.startswith("age_")]  # no age counts

    # odd parts: the odd answer goes to women and men in turn, so neither gets every one
    odd = quotas.quota_propose(survey=setting.survey, total=15)
    parts = {(r.mahalle.name, r.group): r.needed for r in odd.rows}
    names = ("1.Kadriye", "Alsancak", "Kadifekale")
    assert [parts[(m, ALL)] for m in names] == [7, 5, 3]
    assert [(parts[(m, "women")], parts[(m, "men")]) for m in names] == [(4, 3), (2, 3), (2, 1)]


def test_a_proposal_uses_the_women_and_men_of_a_mahalle_when_loaded(
    setting: Setting, places: dict[str, Mahalle]
) -> None:
    alsancak = places["Alsancak"]
    add_population(alsancak, 2025, 2800, "female")  # invented split of the 5388
    add_population(alsancak, 2025, 2588, "male")
    proposal = quotas.quota_propose(survey=setting.survey, total=400)
    rows = {(r.mahalle.name, r.group): r.needed for r in proposal.rows}
    # 144 × 2800/5388 = 74.83, × 2588/5388 = 69.17: 74 + 69, the one left to women
    assert (rows[("Alsancak", "women")], rows[("Alsancak", "men")]) == (75, 69)
    assert rows[("Kadifekale", "women")] == rows[("Kadifekale", "men")] == 36
    assert proposal.halved == 2
    assert [m.name for m in proposal.basis.without_sex] == ["1.Kadriye", "Kadifekale"]


def test_a_proposal_needs_targets_population_and_a_sensible_total(
    setting: Setting, places: dict[str, Mahalle]
) -> None:
    for total in (0, 100_001):
        with pytest.raises(SurveyInvalid, match="between 1 and 100000"):
            quotas.quota_propose(survey=setting.survey, total=total)
    other = services.survey_create(slug="other", title={"tr": "Başka"}, by=setting.coordinator)
    with pytest.raises(SurveyInvalid, match="targets no mahalle"):
        quotas.quota_propose(survey=other, total=10)
    other.target_mahalleler.set([places["Atatürk (Buca)"]])  # no population loaded
    with pytest.raises(SurveyInvalid, match="No TÜİK population"):
        quotas.quota_propose(survey=other, total=10)
    # a target without a count is left out and named
    setting.survey.target_mahalleler.add(places["Atatürk (Buca)"])
    proposal = quotas.quota_propose(survey=setting.survey, total=10)
    assert [m.name for m in proposal.basis.missing] == ["Atatürk"]
    assert {r.mahalle.name for r in proposal.rows} == {"Alsancak", "Kadifekale", "1.Kadriye"}


# --- the sheet's rules --------------------------------------------------------------------


def test_a_sheet_breaking_a_rule_is_refused_whole(
    setting: Setting, places: dict[str, Mahalle]
) -> None:
    alsancak, kadifekale = places["Alsancak"], places["Kadifekale"]
    quotas.quota_sheet_set(
        survey=setting.survey, rows=[QuotaRow(alsancak, ALL, 50)], by=setting.runner
    )
    bad_sheets = {
        "does not target this mahalle": [QuotaRow(places["Atatürk (Buca)"], ALL, 5)],
        "is not a group": [QuotaRow(alsancak, "children", 5)],
        "between 1 and 100000": [QuotaRow(alsancak, ALL, 0)],
        "given twice": [QuotaRow(alsancak, "women", 5), QuotaRow(alsancak, "women", 6)],
        "more than the 20 needed from the whole mahalle": [
            QuotaRow(kadifekale, ALL, 20),
            QuotaRow(kadifekale, "women", 21),
        ],
    }
    for message, rows in bad_sheets.items():
        with pytest.raises(SurveyInvalid, match=message):
            quotas.quota_sheet_set(survey=setting.survey, rows=rows, by=setting.runner)
    with pytest.raises(SurveyInvalid, match="between 1 and 100000"):
        quotas.quota_sheet_set(
            survey=setting.survey, rows=[QuotaRow(alsancak, ALL, 100_001)], by=setting.runner
        )
    assert _sheet(setting.survey) == {("Alsancak", ""): 50}  # unchanged
    # a group quota equal to the total is fine, and the sheet is replaced as a whole
    kept = quotas.quota_sheet_set(
        survey=setting.survey,
        rows=[QuotaRow(kadifekale, ALL, 20), QuotaRow(kadifekale, "age_65", 20)],
        by=setting.runner,
    )
    assert len(kept) == 2 and kept[0].changed_by == setting.runner
    assert _sheet(setting.survey) == {("Kadifekale", ""): 20, ("Kadifekale", "age_65"): 20}


def test_changing_one_quota_checks_the_sheet_again(
    setting: Setting, places: dict[str, Mahalle]
) -> None:
    alsancak = places["Alsancak"]
    total, women = quotas.quota_sheet_set(
        survey=setting.survey,
        rows=[QuotaRow(alsancak, ALL, 30), QuotaRow(alsancak, "women", 15)],
        by=setting.runner,
    )
    with pytest.raises(SurveyInvalid, match="more than the 10 needed"):
        quotas.quota_needed_set(quota=total, needed=10, by=setting.runner)
    quotas.quota_needed_set(quota=women, needed=30, by=setting.coordinator)
    women.refresh_from_db()
    assert women.needed == 30 and women.changed_by == setting.coordinator
    assert _sheet(setting.survey) == {("Alsancak", ""): 30, ("Alsancak", "women"): 30}


# --- CSV ----------------------------------------------------------------------------------


def test_a_csv_file_keeps_its_good_rows_and_reports_each_bad_one(
    setting: Setting, places: dict[str, Mahalle]
) -> None:
    text = "\n".join(
        [
            "mahalle;group;needed",  # the delimiter is found from the header
            "41154;;60",  # 2: Alsancak by its TÜİK code
            "Alsancak Mah.;women;30",  # 3: by its name as TÜİK writes it
            "kadifekale;men;abc",  # 4: not a number
            "Karşıyaka;;10",  # 5: no such mahalle
            "Kadifekale;children;5",  # 6: no such group
            "Atatürk;;5",  # 7: not a target of the survey
            "41154;men;70",  # 8: more than the mahalle's 60
            "1-kadriye;AGE_65;12",  # 9: by its slug, the group in capitals
            "41154;;61",  # 10: Alsancak's total again
        ]
    )
    result = quotas.quota_sheet_import(survey=setting.survey, text=text, by=setting.runner)
    assert [n for n, _m in result.problems] == [4, 5, 6, 7, 8, 10]
    reasons = dict(result.problems)
    assert "whole number" in reasons[4]
    assert "No mahalle “Karşıyaka”" in reasons[5]
    assert "“children” is not a group" in reasons[6]
    assert "does not target this mahalle" in reasons[7]
    assert "more than the 60 needed" in reasons[8]
    assert "given twice" in reasons[10]
    assert result.replaced
    assert _sheet(setting.survey) == {
        ("Alsancak", ""): 60,
        ("Alsancak", "women"): 30,
        ("1.Kadriye", "age_65"): 12,
    }


def test_a_name_in_several_districts_needs_its_district(setting: Setting, places: Any) -> None:
    open_survey = services.survey_create(slug="city", title={"tr": "Kent"}, by=setting.coordinator)
    text = "mahalle,group,needed\nAtatürk,,5\n"
    result = quotas.quota_sheet_import(survey=open_survey, text=text, by=setting.runner)
    assert not result.replaced
    assert "names several mahalleler" in result.problems[0][1]
    assert _sheet(open_survey) == {}
    text = "mahalle,district,group,needed\nAtatürk,buca,,5\n"
    result = quotas.quota_sheet_import(survey=open_survey, text=text, by=setting.runner)
    assert result.problems == []
    assert [q.mahalle for q in Quota.objects.filter(survey=open_survey)] == [
        places["Atatürk (Buca)"]
    ]


def test_a_file_without_the_columns_or_rows_changes_nothing(
    setting: Setting, places: dict[str, Mahalle]
) -> None:
    quotas.quota_sheet_set(
        survey=setting.survey, rows=[QuotaRow(places["Alsancak"], ALL, 9)], by=setting.runner
    )
    with pytest.raises(SurveyInvalid, match="missing column"):
        quotas.quota_sheet_import(survey=setting.survey, text="mahalle,count\nx,1\n", by=None)
    with pytest.raises(SurveyInvalid, match="no rows"):
        quotas.quota_sheet_import(survey=setting.survey, text="mahalle,group,needed\n", by=None)
    assert _sheet(setting.survey) == {("Alsancak", ""): 9}


# --- progress -----------------------------------------------------------------------------


def _version(setting: Setting) -> FormVersion:
    return FormVersion.objects.create(
        survey=setting.survey,
        number=1,
        version="1",
        form_id="voice",
        xlsx=b"",
        filename="voice.xlsx",
        pyxform_json={},
        xform_xml="<h:html/>",
        uploaded_by=setting.runner,
    )


def _answer(
    setting: Setting, version: FormVersion, mahalle: Mahalle | None, source: str, **answers: Any
) -> Response:
    return Response.objects.create(
        survey=setting.survey,
        form_version=version,
        answers=answers,
        mahalle=mahalle,
        submitted_at=timezone.now() - dt.timedelta(days=1),
        source=source,
    )


@pytest.fixture
def answered(setting: Setting, places: dict[str, Mahalle]) -> Setting:
    alsancak, kadifekale = places["Alsancak"], places["Kadifekale"]
    quotas.quota_sheet_set(
        survey=setting.survey,
        rows=[
            QuotaRow(alsancak, ALL, 4),
            QuotaRow(alsancak, "women", 2),
            QuotaRow(alsancak, "age_65", 2),
            QuotaRow(kadifekale, ALL, 3),
        ],
        by=setting.runner,
    )
    version = _version(setting)
    web, field, odk = (s.value for s in Response.Source)
    _answer(setting, version, alsancak, web, sex="female", age="34")
    _answer(setting, version, alsancak, field, sex="female", age="70")
    _answer(setting, version, alsancak, odk, sex="female", age=71)
    _answer(setting, version, alsancak, field, sex="male", age="")
    _answer(setting, version, alsancak, field, sex="prefer_not")
    _answer(setting, version, kadifekale, field, sex="male", age="40")
    _answer(setting, version, None, web, sex="female")  # no mahalle
    _answer(setting, version, None, odk)
    _answer(setting, version, places["1.Kadriye"], web)  # not on the sheet
    other = services.survey_create(slug="other", title={"tr": "Başka"}, by=setting.coordinator)
    Response.objects.create(  # another survey's answer counts nowhere here
        survey=other,
        form_version=FormVersion.objects.create(
            survey=other, number=1, version="1", form_id="o", xlsx=b"", filename="o.xlsx",
            pyxform_json={}, xform_xml="", uploaded_by=setting.runner,
        ),
        answers={"sex": "female"}, mahalle=alsancak, submitted_at=timezone.now(), source=web,
    )  # fmt: skip
    return setting


def test_progress_counts_per_mahalle_group_and_source_in_one_query(
    answered: Setting, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):  # the responses, and the sheet with its mahalleler
        progress = quota_progress.quota_progress(survey=answered.survey)
        rows = {
            (r.mahalle.name, r.group): (r.needed, r.received, r.remaining, r.by_source)
            for r in progress.rows
        }
    assert rows == {
        ("Alsancak", ""): (4, 5, 0, {"web": 1, "field": 3, "odk_import": 1}),
        ("Alsancak", "women"): (2, 3, 0, {"web": 1, "field": 1, "odk_import": 1}),
        ("Alsancak", "age_65"): (2, 2, 0, {"field": 1, "odk_import": 1}),
        ("Kadifekale", ""): (3, 1, 2, {"field": 1}),
    }
    assert [(r.mahalle.name, r.group) for r in progress.rows] == [
        ("Alsancak", ""), ("Alsancak", "women"), ("Alsancak", "age_65"), ("Kadifekale", ""),
    ]  # fmt: skip
    kadifekale = progress.rows[-1]
    assert (kadifekale.share, kadifekale.reached) == (0.33, False)
    assert progress.responses == 9
    assert progress.by_source == {"web": 3, "field": 4, "odk_import": 2}
    assert (progress.without_mahalle, progress.without_mahalle_by_source) == (
        2, {"web": 1, "odk_import": 1},
    )  # fmt: skip
    assert progress.outside_sheet == 1
    total = progress.total
    assert total is not None
    # Alsancak's fifth answer covers no answer missing in Kadifekale
    assert (total.needed, total.received, total.counted, total.remaining) == (7, 6, 5, 2)
    assert [g.group for g in progress.groups] == ["", "women", "age_65"]

    behind = quota_progress.progress_rows(progress.rows, sort="behind")
    assert (behind[0].mahalle.name, behind[0].group) == ("Kadifekale", "")
    assert [r.group for r in quota_progress.progress_rows(progress.rows, group="women")] == [
        "women"
    ]
    assert len(quota_progress.progress_rows(progress.rows, open_only=True)) == 1


def test_the_csv_download_reads_back_as_the_same_sheet(answered: Setting) -> None:
    client = signed_in(answered.runner)
    response = client.get(f"{PAGE}quotas.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="voice-2026-quotas.csv"' in response["Content-Disposition"]
    text = response.content.decode()
    lines = text.splitlines()
    assert lines[0] == "mahalle,mahalle_name,district,group,needed,received,remaining"
    assert lines[1] == "41154,Alsancak,Konak,,4,5,0"
    assert lines[4] == "41221,Kadifekale,Konak,,3,1,2"
    before = _sheet(answered.survey)
    Quota.objects.filter(survey=answered.survey).delete()
    result = quotas.quota_sheet_import(survey=answered.survey, text=text, by=answered.runner)
    assert result.problems == []
    assert _sheet(answered.survey) == before


# --- the page -----------------------------------------------------------------------------


def test_every_quota_page_is_audited() -> None:
    mine = [p for p in urls.urlpatterns if str(p.pattern).startswith("staff/<slug:slug>/quotas/")]
    assert len(mine) == 5
    assert all(getattr(p.callback, AUDITED_MARK, False) for p in mine)


def test_the_page_is_for_the_surveys_staff_only(answered: Setting) -> None:
    outsider = signed_in(answered.outsider)
    pk = Quota.objects.filter(survey=answered.survey).first().pk  # type: ignore[union-attr]
    assert outsider.get(PAGE).status_code == 404
    assert outsider.get(f"{PAGE}quotas.csv").status_code == 404
    assert outsider.post(f"{PAGE}{pk}/", {"needed": "1"}).status_code == 404
    assert outsider.post(f"{PAGE}propose/", {"total": "10", "replace": "on"}).status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DENIED).count() >= 4
    assert Client().get(PAGE).status_code == 302  # to the login
    other = services.survey_create(slug="other-2", title={"tr": "Başka"}, by=answered.coordinator)
    runner = signed_in(answered.runner)
    assert runner.get(f"/en/surveys/staff/{other.slug}/quotas/").status_code == 404
    assert _sheet(answered.survey)[("Alsancak", "")] == 4  # nothing changed by them

    page = runner.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Quota sheet and field progress" in html
    assert "Kadifekale" in html and "Alsancak" in html
    assert "33%" in html  # Kadifekale: 1 of 3, in text beside the bar
    assert "✓ reached" in html
    assert '<th scope="row">Kadifekale' in html
    # where a proposal's proportions come from, with TÜİK's year and the source
    assert "in proportion to their population in 2025, as counted by TÜİK" in html
    assert "half and half" in html
    assert signed_in(answered.coordinator).get(PAGE).status_code == 200
    assert (
        signed_in(answered.runner)
        .get(f"/en/surveys/staff/{answered.survey.slug}/")
        .content.decode()
        .count(f'href="{PAGE}"')
        == 1
    )  # the survey's page links here


def test_the_sheet_sorts_by_the_furthest_behind(answered: Setting) -> None:
    html = signed_in(answered.runner).get(PAGE, {"sort": "behind", "open": "1"}).content.decode()
    assert "Kadifekale" in html
    assert '<th scope="row">Alsancak' not in html  # every Alsancak quota is reached
    html = signed_in(answered.runner).get(PAGE, {"group": "women"}).content.decode()
    assert html.count('<th scope="row">') == 1 + 3  # the women's row, and the totals table


def test_a_quota_is_changed_and_removed_from_the_page(answered: Setting) -> None:
    client = signed_in(answered.runner)
    women = Quota.objects.get(survey=answered.survey, group="women")
    response = client.post(f"{PAGE}{women.pk}/", {"needed": "3", "sort": "behind", "x": "y"})
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?sort=behind"  # back to the same view
    women.refresh_from_db()
    assert women.needed == 3
    refused = client.post(f"{PAGE}{women.pk}/", {"needed": "9"})  # above Alsancak's 4
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "more than the 4 needed from the whole mahalle" in html
    assert 'aria-invalid="true"' in html and 'value="9"' in html
    assert client.post(f"{PAGE}{women.pk}/", {"needed": "0"}).status_code == 400
    women.refresh_from_db()
    assert women.needed == 3
    assert client.post(f"{PAGE}{women.pk}/", {"action": "remove"}).status_code == 302
    assert not Quota.objects.filter(pk=women.pk).exists()


def test_a_sheet_is_proposed_from_the_page(answered: Setting) -> None:
    client = signed_in(answered.runner)
    kept = client.post(f"{PAGE}propose/", {"total": "400"})
    assert kept.status_code == 400  # a sheet exists: replacing it must be asked for
    assert "tick this box to replace it" in kept.content.decode()
    assert _sheet(answered.survey)[("Alsancak", "")] == 4
    response = client.post(f"{PAGE}propose/", {"total": "400", "replace": "on"}, follow=True)
    assert response.status_code == 200
    assert "TÜİK&#x27;s population of 2025" in response.content.decode()
    sheet = _sheet(answered.survey)
    assert sum(n for (_m, g), n in sheet.items() if g == ALL) == 400
    assert sheet[("Alsancak", "")] == 144


def test_a_sheet_is_uploaded_from_the_page(setting: Setting, places: dict[str, Mahalle]) -> None:
    client = signed_in(setting.runner)
    data = b"mahalle,group,needed\n41154,,10\nNowhere,,3\n41221,men,4\n"
    response = client.post(
        f"{PAGE}upload/", {"file": SimpleUploadedFile("sheet.csv", data, "text/csv")}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quotas kept: 2; rows left out: 1." in html
    assert "Row 3" in html and "No mahalle “Nowhere”" in html
    assert _sheet(setting.survey) == {("Alsancak", ""): 10, ("Kadifekale", "men"): 4}
    bad = client.post(
        f"{PAGE}upload/",
        {"file": SimpleUploadedFile("s.csv", b"mahalle,group,needed\nx,,1\n"), "replace": "on"},
    )
    assert bad.status_code == 400
    assert "the sheet is unchanged" in bad.content.decode()
    windows = b"mahalle,group,needed\n" + "Karşıyaka,,1\n".encode("cp1254")
    refused = client.post(
        f"{PAGE}upload/", {"file": SimpleUploadedFile("s.csv", windows), "replace": "on"}
    )
    assert refused.status_code == 400
    assert "The file is not UTF-8 text." in refused.content.decode()
    assert _sheet(setting.survey) == {("Alsancak", ""): 10, ("Kadifekale", "men"): 4}
