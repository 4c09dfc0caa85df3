"""The staff screens for the translations of the services: what is missing in each language,
and writing one service's texts in one language without touching the others."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from adilkent.cases.audit import AUDITED_MARK
from adilkent.cases.models import AuditEvent
from adilkent.core.tests.factories import log_in_verified
from adilkent.guide import urls
from adilkent.guide.models import Service, ServiceAttribute
from adilkent.guide.selectors import translation_gaps
from adilkent.text import fold

pytestmark = pytest.mark.django_db

LIST = "/en/services/staff/translations/"
CODE = "translation-test"
EDIT_AR = f"{LIST}{CODE}/ar/"


def staff(username: str, *, may_edit: bool) -> Any:
    user = get_user_model().objects.create_user(username, is_staff=True)
    if may_edit:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="guide", codename="change_service")
        )
    return user


def signed_in(user: Any) -> Client:
    client = Client()
    log_in_verified(client, user)
    return client


@pytest.fixture
def service() -> Service:
    """A service written in Turkish and English only: in Arabic its name, summary, description,
    question and two answer options are missing (six texts); its fees are written nowhere."""
    found = Service.objects.create(
        code=CODE,
        group="legal",
        name_tr="Deneme hizmeti",
        name_en="Trial service",
        summary_tr="Kısa bilgi",
        summary_en="In short",
        description_tr="Türkçe açıklama",
        description_en="English description",
        source_file="test.md",
        order=999,
    )
    ServiceAttribute.objects.create(
        service=found,
        code="topic",
        datatype="singlevaluelist",
        description_tr="Konu",
        description_en="Topic",
        values=[
            {"key": "rent", "names": {"tr": "Kira", "en": "Rent"}},
            {"key": "work", "names": {"tr": "İş", "en": "Work"}},
        ],
        order=1,
    )
    return found


@pytest.fixture
def editor() -> Client:
    return signed_in(staff("elif", may_edit=True))


@pytest.fixture
def reader() -> Client:
    return signed_in(staff("ayse", may_edit=False))


def missing(language: str, code: str = CODE) -> int:
    row = next(r for r in translation_gaps(language=language).services if r.service.code == code)
    (cell,) = row.cells
    return cell.missing


def arabic_post(**changes: str) -> dict[str, str]:
    attribute = ServiceAttribute.objects.get(service__code=CODE, code="topic")
    data = {
        "field-name": "",
        "field-summary": "",
        "field-description": "",
        f"attribute-{attribute.pk}-description": "",
        f"attribute-{attribute.pk}-option-0": "",
        f"attribute-{attribute.pk}-option-1": "",
    }
    data.update({key.replace("QUESTION", str(attribute.pk)): v for key, v in changes.items()})
    return data


def test_the_list_counts_missing_texts_and_links_to_the_edit_screen(
    service: Service, editor: Client
) -> None:
    assert missing("ar") == 6
    assert missing("en") == 0  # English is written wherever Turkish is
    response = editor.get(LIST, {"language": "ar"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{EDIT_AR}"' in html
    assert f'href="{LIST}{CODE}/fa/"' not in html  # only Arabic asked for
    assert [row.language for row in response.context["gaps"].languages] == ["ar"]
    (summary,) = [line for _row, line in response.context["summaries"]]
    assert summary.startswith("Arabic: ")
    assert "6 missing" in html

    response = editor.post(
        EDIT_AR,
        arabic_post(**{"field-name": "خدمة تجريبية", "field-description": "وصف بالعربية"}),
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?language=ar"
    assert missing("ar") == 4
    assert missing("fa") == 6
    followed = editor.get(response["Location"])
    assert "4 missing" in followed.content.decode()
    assert "are saved" in followed.content.decode()


def test_all_languages_are_listed_with_a_summary_each(service: Service, editor: Client) -> None:
    response = editor.get(LIST)
    codes = [row.language for row in response.context["gaps"].languages]
    assert codes == [code for code, _name in settings.LANGUAGES]
    html = response.content.decode()
    for language in ("ar", "fa", "ru", "uk"):
        assert f'href="{LIST}{CODE}/{language}/"' in html


def test_the_summary_line_counts_texts_and_services(service: Service, editor: Client) -> None:
    Service.objects.create(
        code="second-test", group="legal", name_tr="İkinci", source_file="t.md", order=999
    )
    response = editor.get(LIST, {"language": "ar"})
    (row,) = response.context["gaps"].languages
    expected = translation_gaps(language="ar").languages[0]
    assert (row.texts, row.services) == (expected.texts, expected.services)
    assert missing("ar", "second-test") == 1
    (line,) = [line for _row, line in response.context["summaries"]]
    assert line == f"Arabic: {row.texts} texts missing in {row.services} services"


def test_posting_arabic_writes_only_the_arabic_columns(service: Service, editor: Client) -> None:
    response = editor.post(EDIT_AR, arabic_post(**{"field-description": "مساعدة قانونية مجانية"}))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.description_ar == "مساعدة قانونية مجانية"
    assert service.description_tr == "Türkçe açıklama"
    assert service.description_en == "English description"
    assert service.name_tr == "Deneme hizmeti" and service.name_en == "Trial service"
    assert fold("مساعدة قانونية مجانية") in service.search_text
    assert "deneme hizmeti" in service.search_text  # the other languages stay searchable


def test_answer_options_and_questions_are_saved_in_the_language(
    service: Service, editor: Client
) -> None:
    response = editor.post(
        EDIT_AR,
        arabic_post(
            **{
                "attribute-QUESTION-description": "الموضوع",
                "attribute-QUESTION-option-1": "عمل",
            }
        ),
    )
    assert response.status_code == 302
    attribute = ServiceAttribute.objects.get(service=service, code="topic")
    assert attribute.description_ar == "الموضوع"
    assert attribute.description_tr == "Konu"
    assert attribute.values[1] == {"key": "work", "names": {"tr": "İş", "en": "Work", "ar": "عمل"}}
    assert attribute.values[0] == {"key": "rent", "names": {"tr": "Kira", "en": "Rent"}}
    assert attribute.value_name("work", "ar") == "عمل"


def test_an_english_edit_leaves_turkish_alone(service: Service, editor: Client) -> None:
    data = {
        "field-name": "A trial service",
        "field-summary": "In short",
        "field-description": "English description",
    }
    assert editor.post(f"{LIST}{CODE}/en/", data).status_code == 302
    service.refresh_from_db()
    assert service.name_en == "A trial service"
    assert service.name_tr == "Deneme hizmeti"


def test_the_form_marks_languages_and_directions(service: Service, editor: Client) -> None:
    html = editor.get(EDIT_AR).content.decode()
    assert '<dd lang="tr" dir="ltr">Türkçe açıklama</dd>' in html
    assert '<dd lang="en" dir="ltr">English description</dd>' in html
    assert 'name="field-description"' in html
    assert html.count('lang="ar" dir="rtl" aria-describedby=') == 6  # one box per text
    assert 'for="id_field-description"' in html
    russian = editor.get(f"{LIST}{CODE}/ru/").content.decode()
    assert russian.count('lang="ru" dir="ltr" aria-describedby=') == 6


def test_a_text_too_long_is_refused_and_nothing_is_saved(service: Service, editor: Client) -> None:
    response = editor.post(
        EDIT_AR, arabic_post(**{"field-name": "ا" * 201, "field-description": "وصف"})
    )
    assert response.status_code == 400
    service.refresh_from_db()
    assert service.name_ar in (None, "") and service.description_ar in (None, "")


def test_without_the_permission_the_list_has_no_edit_links_and_editing_is_refused(
    service: Service, reader: Client
) -> None:
    html = reader.get(LIST).content.decode()
    assert "6 missing" in html
    assert f"{LIST}{CODE}/" not in html
    assert reader.get(EDIT_AR).status_code == 403
    response = reader.post(EDIT_AR, arabic_post(**{"field-description": "وصف"}))
    assert response.status_code == 403
    service.refresh_from_db()
    assert not service.description_ar
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DENIED, reason="may not change services"
    ).exists()


def test_unknown_language_or_service_is_not_found(service: Service, editor: Client) -> None:
    assert editor.get(f"{LIST}{CODE}/de/").status_code == 404
    assert editor.get(f"{LIST}no-such-service/ar/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(service: Service) -> None:
    for url in (LIST, EDIT_AR):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/en/accounts/login/?next={url}"


def test_without_the_second_factor_the_screens_ask_for_it(service: Service) -> None:
    client = Client()
    client.force_login(staff("deniz", may_edit=True))
    response = client.get(EDIT_AR)
    assert response.status_code == 302
    assert "verify" in response["Location"]
    service.refresh_from_db()
    assert not service.description_ar


def test_both_screens_are_audited(service: Service, editor: Client) -> None:
    staff_patterns = [p for p in urls.urlpatterns if str(p.pattern).startswith("staff/")]
    assert len(staff_patterns) == 2
    assert all(getattr(p.callback, AUDITED_MARK, False) for p in staff_patterns)
    editor.post(EDIT_AR, arabic_post(**{"field-name": "خدمة"}))
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None
    assert (event.username, event.action, event.object_id) == ("elif", "update", CODE)
