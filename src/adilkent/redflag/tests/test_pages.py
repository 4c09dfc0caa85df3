"""The Red Flag's pages: staff pages for Red Flag staff only, every one audited; the public
map and list show flags in force, a place's page never names the assessor nor shows photos not
marked public; the open data carries every flag in force and nothing about assessors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from adilkent.cases.audit import AUDITED_MARK
from adilkent.cases.models import AuditEvent
from adilkent.core.tests.factories import log_in_verified
from adilkent.redflag import services, urls
from adilkent.redflag.models import Flag, Photo

from .conftest import Setting, answers_for

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    log_in_verified(client, user)
    return client


def _flagged(setting: Setting) -> Flag:
    today = timezone.localdate()
    assessment = services.assessment_record(
        subject=setting.subject, assessor=setting.assessor, visited_on=today,
        answers=answers_for("indoor", fail="parking"), today=today,
    )  # fmt: skip
    return services.flag_grant(assessment=assessment, coordinator=setting.coordinator, today=today)


def test_every_staff_page_is_audited() -> None:
    staff = [p for p in urls.urlpatterns if str(p.pattern).startswith("staff/")]
    assert len(staff) == 11
    assert [p.name for p in staff if not getattr(p.callback, AUDITED_MARK, False)] == []
    # and as the site serves them
    served: list[Any] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif namespace == "redflag" and str(p.pattern).startswith("staff/"):
                served.append(p)

    walk(get_resolver().url_patterns, "")
    assert len(served) == len(staff)
    assert all(getattr(p.callback, AUDITED_MARK, False) for p in served)


def test_staff_pages_are_for_red_flag_staff_only(setting: Setting) -> None:
    pages = ["/en/red-flag/staff/", f"/en/red-flag/staff/place/{setting.subject.public_id}/"]
    outsider = signed_in(setting.outsider)
    for url in pages:
        assert outsider.get(url).status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DENIED).count() >= len(pages)
    assert Client().get(pages[0]).status_code == 302  # to the login
    assessor = signed_in(setting.assessor)
    for url in pages:
        assert assessor.get(url).status_code == 200
    # a coordinator without the assessor role cannot record a visit
    assess = f"/en/red-flag/staff/place/{setting.subject.public_id}/assess/"
    assert signed_in(setting.coordinator).get(assess).status_code == 403


def test_an_assessment_with_a_missing_answer_comes_back_with_what_was_typed(
    setting: Setting,
) -> None:
    data = {f"item-{k}": v for k, (v, _n) in answers_for("indoor").items()}
    del data["item-lift"]
    data.update({"visited_on": "2026-05-01", "note-door_width": "90 cm measured"})
    page = signed_in(setting.assessor).post(
        f"/en/red-flag/staff/place/{setting.subject.public_id}/assess/", data
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "Answer “Lift between floors" in html
    assert 'value="90 cm measured"' in html
    assert not setting.subject.assessments.exists()


def test_the_public_map_lists_flags_in_force_without_the_assessor(setting: Setting) -> None:
    flag = _flagged(setting)
    html = Client().get("/en/red-flag/").content.decode()
    assert "Invented Hospital" in html
    geo = Client().get("/en/red-flag/?format=geojson").json()
    assert [f["properties"]["name"] for f in geo["features"]] == ["Invented Hospital"]
    assert geo["features"][0]["geometry"]["coordinates"] == [27.14, 38.43]
    assert "Invented Hospital" not in Client().get("/en/red-flag/?kind=outdoor").content.decode()
    place = Client().get(f"/en/red-flag/place/{setting.subject.public_id}/").content.decode()
    assert "Accessible parking space" in place and "Does not meet" in place
    assert "Ayse" not in place and "ayse" not in place
    services.flag_withdraw(
        flag=flag, coordinator=setting.coordinator, reason="Lift out of order.",
        today=timezone.localdate(),
    )  # fmt: skip
    assert "Invented Hospital" not in Client().get("/en/red-flag/").content.decode()
    place = Client().get(f"/en/red-flag/place/{setting.subject.public_id}/").content.decode()
    assert "Lift out of order." in place


def test_a_place_never_flagged_has_no_public_page(setting: Setting) -> None:
    assert Client().get(f"/en/red-flag/place/{setting.subject.public_id}/").status_code == 404


def test_open_data_holds_each_flag_in_force(setting: Setting) -> None:
    flag = _flagged(setting)
    rows = json.loads(Client().get("/en/red-flag/open-data.json").content)
    assert len(rows) == 1
    row = rows[0]
    assert row["name"] == "Invented Hospital"
    assert (row["kind"], row["facility_type"], row["district"]) == ("indoor", "hospital", "Konak")
    assert row["expires_on"] == flag.expires_on.isoformat()
    assert row["example"] is False
    assert not any("assessor" in k for k in row)
    text = Client().get("/en/red-flag/open-data.csv").content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in table] == [setting.subject.public_id]
    xlsx = Client().get("/en/red-flag/open-data.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert Client().get("/en/red-flag/open-data.exe").status_code == 404


def test_photos_are_public_only_when_marked(setting: Setting) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_services import _jpeg_with_gps

    today = timezone.localdate() - dt.timedelta(days=1)
    assessment = services.assessment_record(
        subject=setting.subject, assessor=setting.assessor, visited_on=today,
        answers=answers_for("indoor"), today=today,
        photos=[SimpleUploadedFile("a.jpg", _jpeg_with_gps(), "image/jpeg")],
    )  # fmt: skip
    services.flag_grant(assessment=assessment, coordinator=setting.coordinator, today=today)
    photo = Photo.objects.get()
    assert Client().get(f"/en/red-flag/photo/{photo.pk}/").status_code == 404
    assert (
        signed_in(setting.outsider).get(f"/en/red-flag/staff/photo/{photo.pk}/").status_code == 404
    )
    assert (
        signed_in(setting.assessor).get(f"/en/red-flag/staff/photo/{photo.pk}/").status_code == 200
    )
    Photo.objects.filter(pk=photo.pk).update(public=True)
    assert Client().get(f"/en/red-flag/photo/{photo.pk}/").status_code == 200


def test_the_staff_home_lists_flags_due_for_renewal(setting: Setting, settings: Any) -> None:
    from adilkent.redflag import selectors

    flag = _flagged(setting)
    today = timezone.localdate()
    page = signed_in(setting.assessor).get("/en/red-flag/staff/").content.decode()
    assert "No flag expires within 90 days." in page
    assert selectors.flags_due_for_renewal(today) == []
    Flag.objects.filter(pk=flag.pk).update(expires_on=today + dt.timedelta(days=30))
    assert [(f.pk, left) for f, left in selectors.flags_due_for_renewal(today)] == [(flag.pk, 30)]
    page = signed_in(setting.assessor).get("/en/red-flag/staff/").content.decode()
    assert "These flags expire within 90 days." in page and setting.subject.public_id in page
    settings.RED_FLAG_RENEWAL_NOTICE_DAYS = 20
    assert selectors.flags_due_for_renewal(today) == []
    # an expired or withdrawn flag can no longer be renewed: it is not listed
    Flag.objects.filter(pk=flag.pk).update(expires_on=today - dt.timedelta(days=1))
    settings.RED_FLAG_RENEWAL_NOTICE_DAYS = 90
    assert selectors.flags_due_for_renewal(today) == []
