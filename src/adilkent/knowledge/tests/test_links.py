"""``{% knowledge_link %}``: the staff screens' help links, in the reader's language, and the
Refugee Desk's case screen showing them."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from adilkent.cases.models import CaseType, Organisation, Role, StaffProfile, Unit
from adilkent.cases.services import casework, people
from adilkent.knowledge.models import Page, PageText

from .conftest import make_staff, signed_in

pytestmark = pytest.mark.django_db


def render(slug: str, language: str) -> str:
    with translation.override(language):
        return Template('{% load knowledge_tags %}{% knowledge_link "' + slug + '" %}').render(
            Context({})
        )


def test_the_link_is_titled_in_the_current_language(booklet: Any) -> None:
    assert render("interpreter", "en") == (
        '<p class="knowledge-link"><a href="/en/staff/knowledge/interpreter/">'
        "Help: Working with an interpreter</a></p>"
    )
    assert "Tercümanla çalışmak" in render("interpreter", "tr")
    assert 'href="/tr/staff/knowledge/interpreter/"' in render("interpreter", "tr")
    arabic = render("interpreter", "ar")
    assert "مساعدة: العمل مع مترجم" in arabic
    assert 'href="/ar/staff/knowledge/interpreter/"' in arabic
    assert "Работа с переводчиком" in render("interpreter", "ru")


def test_a_fallback_title_carries_its_own_language(booklet: Any) -> None:
    PageText.objects.filter(page__slug="referrals", language="fa").delete()
    persian = render("referrals", "fa")
    assert (
        '<span lang="tr" dir="ltr">Mülteci Masasına ve diğer birimlere yönlendirme</span>'
        in persian
    )


def test_nothing_for_a_page_that_does_not_exist(booklet: Any) -> None:
    assert render("no-such-page", "en") == ""
    Page.objects.create(slug="empty", group=Page.Group.PRACTICE)
    assert render("empty", "en") == ""  # a page without any text yet


def test_a_title_is_escaped(booklet: Any) -> None:
    PageText.objects.filter(page__slug="interpreter", language="en").update(title="<i>x</i>")
    assert "&lt;i&gt;x&lt;/i&gt;" in render("interpreter", "en")


def test_the_case_screen_and_referral_form_link_their_pages(booklet: Any) -> None:
    desk = Unit.objects.get(
        organisation=Organisation.objects.get(is_municipality=True), name="Mülteci Masası"
    )
    caseworker = make_staff("cw")
    StaffProfile.objects.create(user=caseworker, role=Role.CASEWORKER, unit=desk)
    person, _dups = people.register_person(
        people.PersonData(given_name="Testa", family_name="TEST", is_test_data=True), caseworker
    )
    case = casework.open_case(person, CaseType.objects.get(code="legal-aid"), caseworker, "x")
    client = signed_in(caseworker)
    html = client.get(f"/en/cases/c/{case.pk}/").content.decode()
    for slug, title in (
        ("interpreter", "Working with an interpreter"),
        ("consent-and-data", "Consent and personal data"),
        ("referrals", "Referring to the Refugee Desk and other units"),
    ):
        assert f'<a href="/en/staff/knowledge/{slug}/">Help: {title}</a>' in html
    turkish = client.get(f"/tr/cases/c/{case.pk}/").content.decode()
    assert (
        'href="/tr/staff/knowledge/interpreter/">' in turkish and "Tercümanla çalışmak" in turkish
    )
    refer = client.get(f"/en/cases/c/{case.pk}/refer/").content.decode()
    assert "Help: Referring to the Refugee Desk and other units" in refer
