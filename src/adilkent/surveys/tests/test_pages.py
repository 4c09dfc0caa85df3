"""The surveys' pages: staff pages for survey staff only, every one audited; a form uploaded
through the page is kept and shown as a tree, a refused one shows pyxform's problems row by
row and is not kept; the XForm and the .xlsx download as stored; the public page shows an open
survey's questions in the reader's language, right to left in Persian, falling back to the
form's default language with that language's own lang attribute."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import URLResolver, get_resolver
from openpyxl import Workbook

from adilkent.cases.audit import AUDITED_MARK
from adilkent.cases.models import AuditEvent
from adilkent.core.tests.factories import make_district, make_mahalle
from adilkent.surveys import services, urls
from adilkent.surveys.data.make_example_form import invalid_form_bytes
from adilkent.surveys.models import FormVersion, Survey, SurveyStaff

from .conftest import Setting, signed_in, staff

pytestmark = pytest.mark.django_db

STAFF = "/en/surveys/staff/"


def _upload(client: Client, slug: str, data: bytes, name: str = "form.xlsx") -> Any:
    return client.post(f"{STAFF}{slug}/upload/", {"file": SimpleUploadedFile(name, data)})


def _opened(setting: Setting, data: bytes) -> FormVersion:
    version = services.form_version_import(
        survey=setting.survey, xlsx_bytes=data, filename="f.xlsx", by=setting.runner
    )
    services.survey_status_set(survey=setting.survey, status=Survey.Status.OPEN)
    return version


def test_every_staff_page_is_audited() -> None:
    staff_patterns = [p for p in urls.urlpatterns if str(p.pattern).startswith("staff/")]
    assert len(staff_patterns) == 14
    assert [p.name for p in staff_patterns if not getattr(p.callback, AUDITED_MARK, False)] == []
    served: list[Any] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif namespace == "surveys" and str(p.pattern).startswith("staff/"):
                served.append(p)

    walk(get_resolver().url_patterns, "")
    assert len(served) == len(staff_patterns)


def test_staff_pages_are_for_the_surveys_staff_only(setting: Setting) -> None:
    pages = [STAFF, f"{STAFF}voice-2026/", f"{STAFF}new/"]
    outsider = signed_in(setting.outsider)
    for url in pages:
        assert outsider.get(url).status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DENIED).count() >= len(pages)
    assert Client().get(STAFF).status_code == 302  # to the login
    runner = signed_in(setting.runner)
    assert runner.get(STAFF).status_code == 200
    assert runner.get(f"{STAFF}voice-2026/").status_code == 200
    assert runner.get(f"{STAFF}new/").status_code == 404  # runs one survey: cannot create
    # a survey the runner does not run is not there for them
    other = services.survey_create(slug="other", title={"tr": "Başka"}, by=setting.coordinator)
    assert runner.get(f"{STAFF}{other.slug}/").status_code == 404
    assert "Başka" not in runner.get(STAFF).content.decode()
    assert "Başka" in signed_in(setting.coordinator).get(STAFF).content.decode()


def test_a_coordinator_creates_a_survey(setting: Setting) -> None:
    district = make_district("Konak")
    mahalle = make_mahalle(district, "Kadifekale")
    client = signed_in(setting.coordinator)
    data = {
        "slug": "barriers-2027",
        "title_tr": "Hizmetlere ulaşmanın önündeki engeller",
        "title_en": "Barriers to reaching services",
        "purpose_en": "Where residents cannot reach services, and why.",
        "target_mahalleler": [mahalle.pk],
        "target_groups": "refugees\nwomen\n\nrefugees",
    }
    response = client.post(f"{STAFF}new/", data)
    assert response.status_code == 302
    survey = Survey.objects.get(slug="barriers-2027")
    assert survey.status == Survey.Status.DRAFT
    assert survey.title == {
        "tr": "Hizmetlere ulaşmanın önündeki engeller",
        "en": "Barriers to reaching services",
    }
    assert list(survey.target_mahalleler.all()) == [mahalle]
    assert survey.target_groups == ["refugees", "women"]
    # the same short name again, or no Turkish title: said, nothing made
    again = client.post(f"{STAFF}new/", data)
    assert again.status_code == 400
    assert "A survey with this short name exists already." in again.content.decode()
    untitled = client.post(f"{STAFF}new/", {**data, "slug": "untitled", "title_tr": ""})
    assert untitled.status_code == 400
    assert "This field is required." in untitled.content.decode()
    assert list(Survey.objects.values_list("slug", flat=True).order_by("slug")) == [
        "barriers-2027", "voice-2026",
    ]  # fmt: skip


def test_a_form_uploaded_through_the_page_is_kept_and_shown_as_a_tree(
    setting: Setting, example_bytes: bytes
) -> None:
    client = signed_in(setting.runner)
    response = _upload(client, "voice-2026", example_bytes, "voice.xlsx")
    version = FormVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{STAFF}voice-2026/v/{version.number}/"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Form version 2026.1 is saved." in html
    assert "Other members of your household" in html  # the repeat, in the page's language
    assert "How old is this person?" in html
    assert "${reach_health} = &#x27;no&#x27; or ${reach_health} = &#x27;partly&#x27;" in html
    assert ". &gt;= 0 and . &lt;= 120" in html and "Age must be between 0 and 120." in html
    assert re.search(r'<strong lang="en" dir="ltr">How old are you\?</strong>', html)
    # in Arabic, the same tree in Arabic, right to left
    arabic = client.get(f"/ar/surveys/staff/voice-2026/v/{version.number}/").content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<strong lang="ar" dir="rtl">كم عمرك؟</strong>' in arabic
    assert AuditEvent.objects.filter(object_type="survey", action="update").exists()


def test_a_refused_form_shows_its_problems_row_by_row_and_is_not_kept(setting: Setting) -> None:
    client = signed_in(setting.runner)
    response = _upload(client, "voice-2026", invalid_form_bytes(), "bad.xlsx")
    assert response.status_code == 400
    html = response.content.decode()
    assert "The form was not saved." in html
    assert '<span class="survey-row">Row 4:</span>' in html
    assert "agee" in html
    assert FormVersion.objects.count() == 0


def test_downloads_are_the_stored_xform_and_the_uploaded_file(
    setting: Setting, example_bytes: bytes
) -> None:
    version = services.form_version_import(
        survey=setting.survey, xlsx_bytes=example_bytes, filename="f.xlsx", by=setting.runner
    )
    client = signed_in(setting.runner)
    xml = client.get(f"{STAFF}voice-2026/v/{version.number}/xform.xml")
    assert xml.status_code == 200
    assert xml["Content-Type"].startswith("application/xml")
    assert 'filename="voice-2026-2026.1.xml"' in xml["Content-Disposition"]
    assert xml.content.decode() == version.xform_xml
    assert '<translation lang="فارسی (fa)">' in version.xform_xml
    xlsx = client.get(f"{STAFF}voice-2026/v/{version.number}/form.xlsx")
    assert xlsx.content == example_bytes
    assert client.get(f"{STAFF}voice-2026/v/99/form.xlsx").status_code == 404
    assert signed_in(setting.outsider).get(f"{STAFF}voice-2026/v/1/form.xlsx").status_code == 404


def test_a_survey_opens_only_with_a_form(setting: Setting, example_bytes: bytes) -> None:
    client = signed_in(setting.runner)
    refused = client.post(f"{STAFF}voice-2026/status/", {"status": "open"})
    assert refused.status_code == 400
    assert "Upload a form before opening the survey." in refused.content.decode()
    assert Client().get("/en/surveys/voice-2026/").status_code == 404  # a draft is not public
    _upload(client, "voice-2026", example_bytes)
    assert client.post(f"{STAFF}voice-2026/status/", {"status": "open"}).status_code == 302
    setting.survey.refresh_from_db()
    assert setting.survey.status == Survey.Status.OPEN
    assert Client().get("/en/surveys/voice-2026/").status_code == 200
    assert client.post(f"{STAFF}voice-2026/status/", {"status": "closed"}).status_code == 302
    closed = Client().get("/en/surveys/voice-2026/").content.decode()
    assert "This survey is closed: it no longer takes answers." in closed
    index = Client().get("/en/surveys/").content.decode()
    assert 'href="/en/surveys/voice-2026/"' not in index  # not offered to answer
    assert 'href="/en/surveys/voice-2026/results/"' in index  # its results stay public


def test_the_public_page_in_persian_is_right_to_left(
    setting: Setting, example_bytes: bytes
) -> None:
    _opened(setting, example_bytes)
    # a closed survey shows the preview (an open one is answered: see test_answering)
    services.survey_status_set(survey=setting.survey, status=Survey.Status.CLOSED)
    page = Client().get("/fa/surveys/voice-2026/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert '<span lang="fa" dir="rtl">چند سال دارید؟</span>' in html
    assert '<label for="input-age">' in html and 'id="input-age"' in html
    # the barrier choices of a service group, as check boxes, in Persian
    assert 'name="svc_health-barriers_health" value="distance"' in html
    assert "فاصله یا حمل‌ونقل" in html
    # calculations are not shown
    assert "household_size" not in html
    # nothing is sent: the preview has no submit button
    assert 'type="submit"' not in html.split('class="survey-form"')[1].split("</form>")[0]
    # no Persian title or purpose: the Turkish title and the English purpose, marked as such
    assert '<h1 lang="tr" dir="ltr">Mahallede Bir Ses Var</h1>' in html
    assert '<p class="lead" lang="en" dir="ltr">Which services residents need' in html


def test_a_text_missing_in_the_readers_language_falls_back_to_the_forms_default(
    setting: Setting,
) -> None:
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(
        ["type", "name", "label::Türkçe (tr)", "label::English (en)", "label::فارسی (fa)"]
    )
    survey.append(["integer", "age", "Yaşınız", "Your age", "سن شما"])
    survey.append(["text", "street", "Sokak", "Street", None])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "default_language"])
    settings.append(["fallback", "Türkçe (tr)"])
    out = io.BytesIO()
    book.save(out)
    _opened(setting, out.getvalue())
    html = Client().get("/fa/surveys/voice-2026/").content.decode()
    assert '<span lang="fa" dir="rtl">سن شما</span>' in html
    assert '<span lang="tr" dir="ltr">Sokak</span>' in html
    russian = Client().get("/ru/surveys/voice-2026/").content.decode()
    assert '<html lang="ru" dir="ltr">' in russian
    assert '<span lang="tr" dir="ltr">Yaşınız</span>' in russian


def test_the_public_list_shows_open_surveys_only(setting: Setting, example_bytes: bytes) -> None:
    assert "voice-2026" not in Client().get("/en/surveys/").content.decode()  # a draft
    _opened(setting, example_bytes)
    html = Client().get("/en/surveys/").content.decode()
    assert 'href="/en/surveys/voice-2026/"' in html
    assert "There is a Voice in the Neighbourhood" in html


def test_roles_are_given_and_taken_with_the_command(setting: Setting) -> None:
    user = staff("ali")
    call_command("survey_staff", "ali", "voice-2026", stdout=io.StringIO())
    assert SurveyStaff.objects.filter(user=user, survey=setting.survey).exists()
    call_command("survey_staff", "ali", "--all", stdout=io.StringIO())
    assert SurveyStaff.objects.filter(user=user, survey__isnull=True).exists()
    call_command("survey_staff", "ali", "voice-2026", "--remove", stdout=io.StringIO())
    assert not SurveyStaff.objects.filter(user=user, survey=setting.survey).exists()
    with pytest.raises(CommandError):
        call_command("survey_staff", "ali", "no-such-survey", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("survey_staff", "ali", stdout=io.StringIO())


def test_the_example_survey_loads_once_and_is_open(db: None) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("admin", password="x")
    call_command("load_example_survey", stdout=io.StringIO())
    call_command("load_example_survey", stdout=io.StringIO())
    survey = Survey.objects.get(slug="voice-in-the-neighbourhood")
    assert survey.status == Survey.Status.OPEN
    assert survey.versions.count() == 1
    assert sorted(survey.title) == sorted(["tr", "en", "ar", "fa", "ru", "uk"])
    html = Client().get("/uk/surveys/voice-in-the-neighbourhood/").content.decode()
    assert '<h1 lang="uk" dir="ltr">У районі є голос</h1>' in html
    assert "Скільки вам років?" in html
    with pytest.raises(CommandError):
        call_command("load_example_survey", "--by", "nobody", stdout=io.StringIO())
