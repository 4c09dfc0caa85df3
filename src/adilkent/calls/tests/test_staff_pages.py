"""The staff pages of applicants and volunteers: for the call's coordinators only (a 404 and
a refusal in the audit log for anyone else, a reviewer of the same call included), every one
of them audited; a coordinator takes a volunteer from screening to certificate through them,
and what a service refuses is shown beside its form with what was typed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from adilkent.calls import services, staff_urls
from adilkent.calls.models import Application, CallStaff, VolunteerCertificate
from adilkent.cases.audit import AUDITED_MARK
from adilkent.cases.models import AuditEvent
from adilkent.core.tests.factories import log_in_verified

from . import test_volunteers
from .test_volunteers import Setting, apply, started

# the example call, its coordinator and English messages, as in the services' tests
setting = test_volunteers.setting
in_english = test_volunteers.in_english

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    """A client logged in as ``user`` past the second factor."""
    client = Client()
    log_in_verified(client, user)
    return client


def _calls_patterns() -> list[URLPattern]:
    """Every URL pattern of the calls app, as the site serves them."""
    found: list[URLPattern] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif namespace == "calls":
                found.append(p)

    walk(get_resolver().url_patterns, "")
    return found


def test_every_staff_page_is_audited() -> None:
    assert {p.name for p in staff_urls.urlpatterns} >= {
        "staff-home", "staff-call", "staff-application", "staff-screen", "staff-interview",
        "staff-interview-outcome", "staff-training", "staff-approve", "staff-assign",
        "staff-hours", "staff-certificate", "staff-withdraw", "staff-shift",
    }  # fmt: skip
    unaudited = [
        p.name for p in staff_urls.urlpatterns if not getattr(p.callback, AUDITED_MARK, False)
    ]
    assert unaudited == []
    # and whatever the calls app serves under staff/ (the grant pages too)
    under_staff = [p for p in _calls_patterns() if str(p.pattern).lstrip("^").startswith("staff/")]
    assert len(under_staff) >= len(staff_urls.urlpatterns)
    assert [p.name for p in under_staff if not getattr(p.callback, AUDITED_MARK, False)] == []


def _pages(setting: Setting, application: Application) -> list[str]:
    return [
        "/en/calls/staff/",
        f"/en/calls/staff/{setting.call.slug}/",
        f"/en/calls/staff/application/{application.public_id}/",
        f"/en/calls/staff/shift/{setting.workshop.pk}/",
    ]


def test_the_pages_are_for_the_calls_coordinators_only(
    setting: Setting, django_user_model: Any
) -> None:
    application = apply(setting)
    reviewer = django_user_model.objects.create_user("reviewer", is_staff=True)
    CallStaff.objects.create(call=setting.call, user=reviewer, role=CallStaff.Role.REVIEWER)
    nobody = django_user_model.objects.create_user("nobody", is_staff=True, is_superuser=True)
    for url in _pages(setting, application)[1:]:
        for user in (reviewer, nobody):
            assert signed_in(user).get(url).status_code == 404, (user, url)
            denied = AuditEvent.objects.filter(username=user.username).order_by("-pk").first()
            assert denied is not None and (denied.action, denied.path) == ("denied", url)
    denied = AuditEvent.objects.filter(
        username="nobody", object_id=application.public_id
    ).get()  # the application page's refusal names the application asked for
    assert (denied.action, denied.object_type) == ("denied", "call application")
    # a reviewer sees the call listed (without its applicants); someone with no role, nothing
    assert signed_in(reviewer).get("/en/calls/staff/").status_code == 200
    assert signed_in(nobody).get("/en/calls/staff/").status_code == 404

    # their posts change nothing either
    url = f"/en/calls/staff/application/{application.public_id}/screen/"
    assert signed_in(reviewer).post(url, {"eligible": "yes"}).status_code == 404
    application.refresh_from_db()
    assert application.status == "submitted"

    anonymous = Client().get(_pages(setting, application)[2])
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    # the coordinator, past the second factor, reads them; each read is logged
    coordinator = signed_in(setting.coordinator)
    for url in _pages(setting, application):
        assert coordinator.get(url).status_code == 200, url
    read = AuditEvent.objects.filter(username="coordinator", object_id=application.public_id).get()
    assert (read.action, read.object_type) == ("view", "call application")


def test_a_coordinator_takes_a_volunteer_from_screening_to_certificate(setting: Setting) -> None:
    application = apply(setting)
    client = signed_in(setting.coordinator)
    base = f"/en/calls/staff/application/{application.public_id}/"

    home = client.get("/en/calls/staff/").content.decode()
    assert "Equal İzmir call for volunteers" in home and "Received" in home
    listing = client.get(f"/en/calls/staff/{setting.call.slug}/").content.decode()
    assert "Оксана Вигадана" in listing and "Alsancak, Konak" in listing
    assert "Gender equality basics" in listing  # the training the workshops role needs
    assert "Workshops: 0 of 2" in listing
    eligible_only = client.get(f"/en/calls/staff/{setting.call.slug}/?status=eligible")
    assert "Оксана Вигадана" not in eligible_only.content.decode()

    page = client.get(base).content.decode()
    # the answers, under the questions in the page's language
    assert "Which areas would you like to volunteer in?" in page
    assert "Workshops, Translation" in page and "Хочу допомагати жінкам" in page
    in_ukrainian = client.get(base.replace("/en/", "/uk/")).content.decode()
    assert "У яких напрямах ви хотіли б допомагати?" in in_ukrainian
    assert "Майстер-класи, Переклад" in in_ukrainian

    # not eligible without a reason: refused beside the note, the choice kept
    answer = client.post(base + "screen/", {"eligible": "no", "note": ""})
    assert answer.status_code == 200
    shown = answer.content.decode()
    assert "Say why the application is not eligible." in shown
    assert re.search(r'<input type="radio" name="eligible" value="no"[^>]* checked>', shown)
    assert not re.search(r'<input type="radio" name="eligible" value="yes"[^>]* checked>', shown)
    answer = client.post(base + "screen/", {"eligible": "yes", "note": "18+, lives in Konak"})
    assert answer.status_code == 302 and answer["Location"] == base

    when = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT10:00")
    answer = client.post(
        base + "interview/", {"interview-scheduled_at": when, "interview-place": " "}
    )
    assert answer.status_code == 200
    assert "This field is required." in answer.content.decode()
    assert f'value="{when}"' in answer.content.decode()  # what was typed stays
    answer = client.post(
        base + "interview/", {"interview-scheduled_at": when, "interview-place": "Konak office"}
    )
    assert answer.status_code == 302
    assert "Konak office" in client.get(base).content.decode()

    # approving before the interview's outcome: the step is not offered, and refused
    answer = client.post(base + "approve/", {})
    assert "Approving is not possible for an application that is passed screening." in (
        answer.content.decode()
    )
    answer = client.post(
        base + "interview/outcome/", {"outcome-outcome": "passed", "outcome-notes": "Motivated."}
    )
    assert answer.status_code == 302
    assert client.post(base + "approve/", {}).status_code == 302
    application.refresh_from_db()
    assert application.status == "approved"

    workshops = setting.roles["workshops"]
    page = client.get(base).content.decode()
    assert (
        f'<option value="{workshops.pk}">Workshops</option>' not in page
    )  # not before the training
    assert "Workshops: 2 of 2 open" not in page
    answer = client.post(
        base + "assign/", {"assign-shift": setting.workshop.pk, "assign-role": workshops.pk}
    )
    assert answer.status_code == 200
    assert "The role “Майстер-класи” needs the training “Основи гендерної рівності” first." in (
        answer.content.decode()
    )
    training = setting.trainings["gender-equality-basics"]
    answer = client.post(
        base + "training/",
        {"training-training": training.pk, "training-completed_on": timezone.localdate()},
    )
    assert answer.status_code == 302
    page = client.get(base).content.decode()
    assert f'<option value="{workshops.pk}">Workshops</option>' in page
    assert "Workshops: 2 of 2 open" in page  # the workshop's shift, with its room
    answer = client.post(
        base + "assign/", {"assign-shift": setting.workshop.pk, "assign-role": workshops.pk}
    )
    assert answer.status_code == 302
    assignment = application.assignments.get()

    roll = client.get(f"/en/calls/staff/shift/{setting.workshop.pk}/").content.decode()
    assert "Оксана Вигадана" in roll and "1 of 2 needed" in roll
    answer = client.post(
        f"/en/calls/staff/assignment/{assignment.pk}/hours/",
        {f"a{assignment.pk}-hours": "3", "back": "shift"},
    )
    assert "Hours are recorded once the shift has started." in answer.content.decode()
    started(setting.workshop)
    answer = client.post(
        f"/en/calls/staff/assignment/{assignment.pk}/hours/", {f"a{assignment.pk}-hours": "4"}
    )
    assert "Between 0 and 3 hours, the length of the shift." in answer.content.decode()
    answer = client.post(
        f"/en/calls/staff/assignment/{assignment.pk}/hours/",
        {f"a{assignment.pk}-hours": "3", "back": "shift"},
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"/en/calls/staff/shift/{setting.workshop.pk}/"

    answer = client.post(base + "certificate/", {})
    assert answer.status_code == 302
    certificate = VolunteerCertificate.objects.get(application=application)
    page = client.get(base).content.decode()
    assert certificate.code in page and f"/en/calls/certificate/{certificate.code}/" in page
    assert "Certificate of volunteering issued" in page  # in the history

    # withdrawal asks for a confirmation
    answer = client.post(base + "withdraw/", {})
    assert "Tick the box to confirm the withdrawal." in answer.content.decode()
    application.refresh_from_db()
    assert application.status == "approved"
    assert client.post(base + "withdraw/", {"withdraw-confirm": "on"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"


def test_a_grant_application_is_screened_through_the_same_form(setting: Setting) -> None:
    grant_call = setting.call.__class__.objects.get(slug="sosyal-kulucka-mikro-hibe")
    CallStaff.objects.create(call=grant_call, user=setting.coordinator, role="coordinator")
    submitted = services.application_submit(
        call=grant_call, language="tr", contact_name="Uydurma Kişi", phone="0555 000 11 22",
        email="", mahalle_id=None, age_band="", sex="", consent=True,
        answers={"target_group": "women", "months": "6"},
        applicant_kind="association", organisation="Uydurma Derneği",
        tax_number="1234567808", iban="TR330006100519786457841326",
        project_title="Uydurma proje", amount_requested="1000",
        budget=[services.BudgetInput("Malzeme", "1000")],
    )  # fmt: skip
    application = submitted.application
    client = signed_in(setting.coordinator)
    url = f"/en/calls/staff/application/{application.public_id}/screen/"
    answer = client.post(url, {"eligible": "no", "note": ""})
    assert answer.status_code == 302  # back to the grant's page, with the message
    application.refresh_from_db()
    assert application.status == "submitted"
    answer = client.post(url, {"eligible": "yes", "note": "Registered association"})
    assert answer.status_code == 302
    assert answer["Location"] == f"/en/calls/staff/grants/application/{application.public_id}/"
    application.refresh_from_db()
    assert (application.status, application.screening_note) == (
        "eligible",
        "Registered association",
    )
    # the volunteer page does not open a grant application
    assert client.get(f"/en/calls/staff/application/{application.public_id}/").status_code == 404


def test_an_id_choice_takes_ascii_digits_only() -> None:
    from adilkent.calls.staff_forms import AnyIdChoiceField

    field = AnyIdChoiceField(coerce=int, choices=[])
    assert field.valid_value("12") is True
    for odd in ("²", "٣", "1²", "-1", ""):
        assert field.valid_value(odd) is False, odd
