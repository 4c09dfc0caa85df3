"""The public pages and the staff pages.

Public: the tree of bodies; a body's page names adult members who agreed to be listed and
counts children (small cells withheld), never showing a child's name or anyone's contacts;
minutes in another language than the page's carry their ``lang`` and ``dir`` and a note; the
recommendations list filters and exports.

Staff: every page is audited and for the body's coordinators only (a 404 and a refusal row for
anyone else); a child's contacts are on no page for anyone else; through the pages a child is
refused without consent, then added once the consent is recorded."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from adilkent.cases.audit import AUDITED_MARK
from adilkent.cases.models import AuditEvent
from adilkent.council import services
from adilkent.council.models import Member, Recommendation

from .conftest import Council, born, signed_in

pytestmark = pytest.mark.django_db


def _text(answer: Any) -> str:
    """The page as read (entities such as &#x27; unescaped)."""
    return html.unescape(answer.content.decode())


CHILD_PHONE = "0555 123 45 67"
GUARDIAN = "guardian-uydurma@example.org"


def _child(council: Council, name: str, age: int, sex: str = "female", body: Any = None) -> Member:
    today = timezone.localdate()
    consent = services.guardian_consent_record(
        body=council.assembly, child_name=name, child_birth_date=born(age, today),
        guardian_name="Veli Uydurma", relation="father", guardian_contact=GUARDIAN,
        given_on=today, how="in_person", by=council.coordinator,
    )  # fmt: skip
    return services.body_member_add(
        body=body or council.assembly, full_name=name, role="member", term_from=today,
        term_to=None, birth_date=born(age, today), sex=sex, listed=True, phone=CHILD_PHONE,
        consent=consent, by=council.coordinator,
    )  # fmt: skip


def _adult(council: Council, name: str, listed: bool, role: str = "member") -> Member:
    return services.body_member_add(
        body=council.transport, full_name=name, role=role, term_from=timezone.localdate(),
        term_to=None, birth_date=None, sex="unstated", listed=listed, adult_confirmed=True,
        phone="0532 000 00 00", email="adult@example.org", by=council.coordinator,
    )  # fmt: skip


def test_the_tree_of_bodies_in_six_languages(council: Council) -> None:
    english = _text(Client().get("/en/council/"))
    assert "İzmir City Council" in english and "Urban Rights Committee" in english
    assert english.index("İzmir Children's Assembly") < english.index("Urban Rights Committee")
    for language, name in (("tr", "Kentsel Haklar Kurulu"), ("ar", "لجنة الحقوق الحضرية"),
                           ("fa", "کمیته حقوق شهری"), ("ru", "Комитет по правам в городе"),
                           ("uk", "Комітет з міських прав")):  # fmt: skip
        assert name in _text(Client().get(f"/{language}/council/")), language


def test_a_body_page_names_listed_adults_and_only_counts_children(council: Council) -> None:
    _adult(council, "Listed Adult", listed=True, role="chair")
    _adult(council, "Unlisted Adult", listed=False)
    page = _text(Client().get("/en/council/body/wg-transport/"))
    assert "Listed Adult" in page and "Chair" in page
    assert "Unlisted Adult" not in page and "1 other adult member, not listed by name." in page
    assert "0532" not in page and "adult@example.org" not in page

    names = [f"Çocuk {n}" for n in range(7)]
    for n, name in enumerate(names):  # six girls aged 12, one boy of 15 in a committee
        _child(council, name, 15 if n == 6 else 12, "male" if n == 6 else "female",
               council.committee if n == 6 else None)  # fmt: skip
    page = _text(Client().get("/en/council/body/childrens-assembly/"))
    for name in names:
        assert name not in page  # listed=True does not name a child
    assert CHILD_PHONE not in page and GUARDIAN not in page
    assert re.search(r"Child members in all:\s*7", page)
    # by body: 6 in the assembly; the committee's single child is withheld, and so (as the
    # only other cell) is the next smallest, lest the total give it back
    table = page[page.index("Child members by body") :]
    assert "fewer than a few (withheld)" in table[: table.index("</table>")]
    by_age = page[page.index("Child members by age") :]
    by_age = by_age[: by_age.index("</table>")]
    assert "12–14" in by_age and ">6<" not in by_age.replace(" ", "")  # 6 and 1: both withheld


def test_minutes_in_another_language_carry_their_language(council: Council) -> None:
    member = _adult(council, "Listed Adult", listed=True)
    services.meeting_record(
        body=council.transport, held_on=timezone.localdate(), place="Tarihi Havagazı Fabrikası",
        language="tr", agenda=["Otobüs durakları", "Dilek ve öneriler"],
        minutes="Duraklar görüşüldü.", present=[member], by=council.coordinator,
    )  # fmt: skip
    english = _text(Client().get("/en/council/body/wg-transport/"))
    assert "The agenda and minutes are in Turkish, the language they were written in." in english
    assert '<div class="minutes" lang="tr" dir="ltr">Duraklar görüşüldü.</div>' in english
    assert "1 member present" in english
    turkish = _text(Client().get("/tr/council/body/wg-transport/"))
    assert '<div class="minutes">Duraklar görüşüldü.</div>' in turkish


def test_the_recommendations_list_filters_and_exports(council: Council) -> None:
    today = timezone.localdate()
    for title, body in (("Shade at stops", council.transport),
                        ("Safer school routes", council.assembly)):  # fmt: skip
        services.recommendation_adopt(
            body=body, title=title, text="Text.", language="en", adopted_on=today,
            unit=council.unit, by=council.coordinator,
        )  # fmt: skip
    services.recommendation_adopt(
        body=council.transport, title="Old request", text="Text.", language="en",
        adopted_on=today - dt.timedelta(days=100), unit=None, unit_name="Parks Department",
        by=council.coordinator,
    )  # fmt: skip
    services.recommendations_escalate()
    page = _text(Client().get("/en/council/recommendations/?body=wg-transport"))
    assert "Shade at stops" in page and "Old request" in page
    assert "Safer school routes" not in page
    page = _text(Client().get("/en/council/recommendations/?status=overdue"))
    assert "Old request" in page and "Shade at stops" not in page
    assert "Overdue: not answered by the deadline" in page
    page = _text(Client().get("/en/council/recommendations/?unit=Parks+Department"))
    assert "Old request" in page and "Shade at stops" not in page
    # the council's parts are in the council's list
    page = _text(Client().get("/en/council/recommendations/?body=izmir-city-council"))
    assert "Safer school routes" in page and "Shade at stops" in page

    data = json.loads(
        Client().get("/en/council/recommendations/?status=overdue&format=json").content
    )
    assert [(r["title"], r["unit"], r["status"]) for r in data] == [
        ("Old request", "Parks Department", "overdue")
    ]
    assert data[0]["escalated_at"]
    csv = Client().get("/en/council/recommendations/?format=csv")
    assert csv["Content-Type"].startswith("text/csv") and b"Shade at stops" in csv.content
    assert Client().get("/en/council/recommendations/?format=xlsx").status_code == 200
    assert Client().get("/en/council/recommendations/?format=exe").status_code == 404


def _council_patterns() -> list[URLPattern]:
    found: list[URLPattern] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif namespace == "council":
                found.append(p)

    walk(get_resolver().url_patterns, "")
    return found


def test_every_staff_page_is_audited() -> None:
    under_staff = [
        p for p in _council_patterns() if str(p.pattern).lstrip("^").startswith("staff/")
    ]
    assert len(under_staff) == 20
    assert [p.name for p in under_staff if not getattr(p.callback, AUDITED_MARK, False)] == []
    public = [p for p in _council_patterns() if p not in under_staff]
    assert {p.name for p in public} == {
        "index", "recommendations", "body", "draw", "draw-pool", "draw-quotas",
    }  # fmt: skip


def test_a_childs_contacts_are_for_the_bodys_coordinator_only(
    council: Council, django_user_model: Any
) -> None:
    child = _child(council, "Çocuk Uydurma", 13)
    recommendation = services.recommendation_adopt(
        body=council.assembly, title="Parks", text="More parks.", language="en",
        adopted_on=timezone.localdate(), unit=council.unit, by=council.coordinator,
    )  # fmt: skip
    pages = [
        "/en/council/staff/body/childrens-assembly/members/",
        "/en/council/staff/body/ca-urban-rights/members/",
        "/en/council/staff/body/childrens-assembly/meetings/",
        "/en/council/staff/body/childrens-assembly/recommendations/",
        f"/en/council/staff/recommendation/{recommendation.pk}/",
    ]
    other = django_user_model.objects.create_user("other", is_staff=True, is_superuser=True)
    from adilkent.council.models import BodyStaff

    BodyStaff.objects.create(body=council.transport, user=other, role="coordinator")
    for url in pages:
        answer = signed_in(other).get(url)
        assert answer.status_code == 404, url
        assert CHILD_PHONE not in _text(answer)
        denied = AuditEvent.objects.filter(username="other").order_by("-pk").first()
        assert denied is not None and (denied.action, denied.path) == ("denied", url)
    # the other coordinator's own pages and the public pages do not show the child either
    for url in ("/en/council/staff/", "/en/council/staff/body/wg-transport/members/",
                "/en/council/body/childrens-assembly/", "/en/council/body/ca-urban-rights/"):  # fmt: skip
        shown = _text(signed_in(other).get(url))
        assert CHILD_PHONE not in shown and GUARDIAN not in shown and child.full_name not in shown
    anonymous = Client().get(pages[0])
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]

    coordinator = signed_in(council.coordinator)
    for url in pages:
        assert coordinator.get(url).status_code == 200, url
    page = _text(coordinator.get(pages[0]))
    assert CHILD_PHONE in page and GUARDIAN in page and "Çocuk Uydurma" in page
    reads = AuditEvent.objects.filter(username="coordinator", path=pages[0])
    assert {(r.action, r.object_type, r.object_id) for r in reads} == {
        ("view", "council members", "childrens-assembly")
    }
    assert reads.count() == 2  # each read of the page is logged


def test_through_the_pages_a_child_is_added_only_after_consent(council: Council) -> None:
    client = signed_in(council.coordinator)
    base = "/en/council/staff/body/childrens-assembly/"
    today = timezone.localdate()
    child = {
        "member-full_name": "Ece Uydurma", "member-birth_date": born(11, today).isoformat(),
        "member-sex": "female", "member-role": "member", "member-term_from": today.isoformat(),
        "member-phone": CHILD_PHONE, "member-consent": "",
    }  # fmt: skip
    answer = client.post(base + "members/add/", child)
    assert answer.status_code == 200
    shown = _text(answer)
    assert "Record the consent first, then add the child with it." in shown
    assert 'value="Ece Uydurma"' in shown  # what was typed stays
    assert not Member.objects.exists()

    answer = client.post(base + "consents/add/", {
        "consent-child_name": "Ece Uydurma", "consent-child_birth_date": child["member-birth_date"],
        "consent-guardian_name": "Ayla Uydurma", "consent-relation": "mother",
        "consent-guardian_contact": GUARDIAN, "consent-given_on": today.isoformat(),
        "consent-how": "signed_form",
    })  # fmt: skip
    assert answer.status_code == 302
    consent = council.assembly.consents.get()
    page = _text(client.get(base + "members/"))
    assert f'<option value="{consent.pk}">Ece Uydurma' in page
    answer = client.post(base + "members/add/", {**child, "member-consent": str(consent.pk)})
    assert answer.status_code == 302
    member = Member.objects.get()
    assert (member.is_child, member.consent_id, member.guardian_contact) == (
        True, consent.pk, GUARDIAN,
    )  # fmt: skip


def test_a_working_group_adopts_and_the_units_answer_is_recorded(council: Council) -> None:
    client = signed_in(council.coordinator)
    today = timezone.localdate().isoformat()
    answer = client.post("/en/council/staff/body/wg-transport/recommendations/adopt/", {
        "rec-title": "Night buses", "rec-text": "Run night buses on line 5.",
        "rec-language": "en", "rec-adopted_on": today, "rec-unit": str(council.unit.pk),
    })  # fmt: skip
    assert answer.status_code == 302
    recommendation = Recommendation.objects.get()
    url = f"/en/council/staff/recommendation/{recommendation.pk}/"
    answer = client.post(url + "answer/", {"answer-answer": "accepted", "answer-text": "",
                                           "answer-answered_on": today})  # fmt: skip
    assert "This field is required." in _text(answer)
    answer = client.post(url + "answer/", {"answer-answer": "accepted",
                                           "answer-text": "From September.",
                                           "answer-answered_on": today})  # fmt: skip
    assert answer.status_code == 302
    assert client.post(url + "progress/", {"progress-noted_on": today,
                                           "progress-text": "Tender opened."}).status_code == 302  # fmt: skip
    public = _text(Client().get("/en/council/body/wg-transport/"))
    assert "Night buses" in public and "From September." in public
    assert "Tender opened." in public and "The unit's answer: accepted" in public
