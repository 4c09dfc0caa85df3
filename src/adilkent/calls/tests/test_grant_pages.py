"""The grant staff pages: need to know (reviewers, coordinators and finance of the call each
see their own pages; anyone else a 404), every page audited, a reviewer refused (403, with the
reason in the audit log) where a conflict or a missing declaration forbids reading, and the
forms that keep what was typed and say what is wrong."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from adilkent.calls import services
from adilkent.calls.models import (
    Application,
    Attachment,
    Conflict,
    Instalment,
    PanelDeclaration,
    Review,
    StatementLine,
)
from adilkent.cases.audit import AUDITED_MARK
from adilkent.cases.models import AuditEvent

from .test_grants import (  # noqa: F401  (fixtures used by these tests)
    IBAN,
    OTHER_IBAN,
    Panel,
    apply,
    awarded,
    declare,
    eligible,
    english_fixture,
    panel_fixture,
    reviewed,
    signed_in,
)

pytestmark = pytest.mark.django_db

GRANTS = "/en/calls/staff/grants"


def _calls_patterns() -> list[URLPattern]:
    found: list[URLPattern] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif namespace == "calls":
                found.append(p)

    walk(get_resolver().url_patterns, "")
    return found


def test_every_staff_page_of_calls_is_audited() -> None:
    staff = [p for p in _calls_patterns() if str(p.pattern).startswith("staff/")]
    names = {p.name for p in staff}
    assert {"grants-review", "grants-score", "grants-application", "grants-payments"} <= names
    unaudited = [p.name for p in staff if not getattr(p.callback, AUDITED_MARK, False)]
    assert unaudited == []


def _event() -> AuditEvent:
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None
    return event


# --- need to know -------------------------------------------------------------------------------


@pytest.fixture
def setting(panel: Panel, settings: Any, tmp_path: Path) -> tuple[Panel, Application]:
    """An eligible application with a photo attached."""
    settings.MEDIA_ROOT = str(tmp_path)
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 40, 40)).save(buffer, format="PNG")
    submitted = services.application_submit(
        call=panel.call, language="tr", contact_name="Uydurma Ayşe Yılmaz", phone="05550000001",
        email="", mahalle_id=None, age_band="", sex="", answers={"target_group": "women"},
        consent=True, applicant_kind="association", organisation="Uydurma Kadın Derneği",
        tax_number="4540536920", iban=IBAN, project_title="Mahalle atölyeleri",
        project_summary="Gizli proje özeti", amount_requested="20000",
        budget=[services.BudgetInput("Eğitmen ücreti", "20000")],
        attachments=[SimpleUploadedFile("afis.png", buffer.getvalue(), "image/png")],
    )  # fmt: skip
    return panel, eligible(panel, submitted.application)


def test_someone_without_a_role_in_the_call_gets_a_404_everywhere(
    setting: tuple[Panel, Application],
) -> None:
    panel, application = setting
    attachment = Attachment.objects.get(application=application)
    client = signed_in(panel.outsider)
    slug, number = panel.call.slug, application.public_id
    for url in [
        f"{GRANTS}/{slug}/review/",
        f"{GRANTS}/{slug}/ranking/",
        f"{GRANTS}/{slug}/payments/",
        f"{GRANTS}/application/{number}/",
        f"{GRANTS}/application/{number}/review/",
        f"{GRANTS}/attachment/{attachment.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
        assert _event().action == AuditEvent.Action.DENIED
    for url in [
        f"{GRANTS}/application/{number}/conflict/",
        f"{GRANTS}/application/{number}/determine/",
        f"{GRANTS}/{slug}/payments/batch/",
    ]:
        assert client.post(url, {"reason": "x"}).status_code == 404, url
    assert not Conflict.objects.exists()


def test_each_role_sees_its_own_pages_only(setting: tuple[Panel, Application]) -> None:
    panel, application = setting
    slug, number = panel.call.slug, application.public_id
    reviewer = signed_in(panel.reviewers[0])
    for url in [f"{GRANTS}/{slug}/ranking/", f"{GRANTS}/{slug}/payments/",
                f"{GRANTS}/application/{number}/"]:  # fmt: skip
        assert reviewer.get(url).status_code == 404, url
    finance = signed_in(panel.finance)
    assert finance.get(f"{GRANTS}/{slug}/payments/").status_code == 200
    for url in [f"{GRANTS}/{slug}/review/", f"{GRANTS}/application/{number}/",
                f"{GRANTS}/{slug}/ranking/"]:  # fmt: skip
        assert finance.get(url).status_code == 404, url
    coordinator = signed_in(panel.coordinator)
    for url in [f"{GRANTS}/{slug}/ranking/", f"{GRANTS}/{slug}/payments/",
                f"{GRANTS}/application/{number}/"]:  # fmt: skip
        assert coordinator.get(url).status_code == 200, url
    assert coordinator.get(f"{GRANTS}/{slug}/review/").status_code == 404  # not on the panel
    # A coordinator off the panel may not score: refused, the reason kept.
    assert coordinator.get(f"{GRANTS}/application/{number}/review/").status_code == 403
    assert _event().reason == "not on this call's review panel"


def test_a_staff_member_not_logged_in_is_sent_to_log_in(setting: tuple[Panel, Application]) -> None:
    from django.test import Client

    panel, _application = setting
    answer = Client().get(f"{GRANTS}/{panel.call.slug}/ranking/")
    assert answer.status_code == 302 and "login" in answer["Location"]


# --- the reviewer -------------------------------------------------------------------------------


def test_before_declaring_a_reviewer_sees_only_who_applied(
    setting: tuple[Panel, Application],
) -> None:
    panel, application = setting
    client = signed_in(panel.reviewers[0])
    page = client.get(f"{GRANTS}/{panel.call.slug}/review/").content.decode()
    assert application.public_id in page and "Uydurma Kadın Derneği" in page
    assert "Mahalle atölyeleri" in page
    assert "I have no other conflict of interest with these applicants" in page
    for hidden in ("Gizli proje özeti", "Eğitmen ücreti", "20,000", "afis.png", "Women"):
        assert hidden not in page, hidden
    # ... and the application itself is refused, with the reason in the audit log.
    answer = client.get(f"{GRANTS}/application/{application.public_id}/review/")
    assert answer.status_code == 403
    assert _event().reason == "conflicts of interest not yet declared for this call"


def test_the_declaration_form_says_what_is_missing_and_keeps_what_was_typed(
    setting: tuple[Panel, Application],
) -> None:
    panel, application = setting
    client = signed_in(panel.reviewers[0])
    url = f"{GRANTS}/{panel.call.slug}/review/"
    answer = client.post(url, {f"conflict_{application.pk}": "on"})
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "Confirm that you have no other conflict of interest." in page
    assert f"Say what the conflict of interest with {application.public_id} is." in page
    assert 'aria-invalid="true"' in page
    assert not PanelDeclaration.objects.exists()
    answer = client.post(url, {f"reason_{application.pk}": "Kuzenim", "confirm": "on"})
    assert answer.status_code == 302
    assert PanelDeclaration.objects.filter(reviewer=panel.reviewers[0]).exists()
    assert not Conflict.objects.exists()


def test_a_declared_conflict_hides_the_application_and_its_page_is_refused_with_the_reason(
    setting: tuple[Panel, Application],
) -> None:
    panel, application = setting
    client = signed_in(panel.reviewers[2])
    url = f"{GRANTS}/{panel.call.slug}/review/"
    answer = client.post(url, {
        f"conflict_{application.pk}": "on", f"reason_{application.pk}": "Derneğin üyesiyim",
        "confirm": "on",
    })  # fmt: skip
    assert answer.status_code == 302
    assert Conflict.objects.get(reviewer=panel.reviewers[2]).reason == "Derneğin üyesiyim"
    page = client.get(url).content.decode()
    assert f'href="{GRANTS}/application/{application.public_id}/review/"' not in page
    assert "No application is waiting for your review." in page
    for target in (
        f"{GRANTS}/application/{application.public_id}/review/",
        f"{GRANTS}/attachment/{Attachment.objects.get().pk}/",
    ):
        answer = client.get(target)
        assert answer.status_code == 403, target
        event = _event()
        assert event.action == AuditEvent.Action.DENIED
        assert event.reason == "conflict of interest declared with this application"


def test_a_reviewer_reads_and_scores_through_the_page(setting: tuple[Panel, Application]) -> None:
    panel, application = setting
    declare(panel, panel.reviewers[0])
    client = signed_in(panel.reviewers[0])
    url = f"{GRANTS}/application/{application.public_id}/review/"
    page = client.get(url).content.decode()
    for shown in ("Gizli proje özeti", "Eğitmen ücreti", "afis.png", "Women", "weight 3"):
        assert shown in page, shown
    assert "05550000001" not in page  # the contact is not the reviewer's to know
    attachment = Attachment.objects.get()
    download = client.get(f"{GRANTS}/attachment/{attachment.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "image/png"

    answer = client.post(url, {"score_equal-access": "7", "score_feasibility": "4",
                               "score_budget": "", "comment": "İyi fikir"})  # fmt: skip
    page = answer.content.decode()
    assert answer.status_code == 400 and not Review.objects.exists()
    assert page.count("Give a score from 0 to 5.") >= 2
    assert 'value="4"' in page and "İyi fikir" in page  # what was typed is kept

    answer = client.post(url, {"score_equal-access": "5", "score_feasibility": "4",
                               "score_budget": "3", "comment": "İyi fikir"})  # fmt: skip
    assert answer.status_code == 302
    review = Review.objects.get()
    assert review.reviewer == panel.reviewers[0] and review.comment == "İyi fikir"
    listing = client.get(f"{GRANTS}/{panel.call.slug}/review/").content.decode()
    assert "scored" in listing and "not scored yet" not in listing


def test_a_conflict_found_later_through_the_page(setting: tuple[Panel, Application]) -> None:
    panel, application = setting
    reviewed(panel, application)
    client = signed_in(panel.reviewers[0])
    url = f"{GRANTS}/application/{application.public_id}/conflict/"
    assert client.post(url, {"reason": ""}).status_code == 400
    answer = client.post(url, {"reason": "Başkan eski iş arkadaşım"})
    assert answer.status_code == 302
    assert not Review.objects.filter(reviewer=panel.reviewers[0]).exists()
    answer = client.get(f"{GRANTS}/application/{application.public_id}/review/")
    assert answer.status_code == 403


# --- the coordinator ----------------------------------------------------------------------------


def test_the_coordinator_decides_records_the_agreement_and_releases(
    setting: tuple[Panel, Application],
) -> None:
    panel, application = setting
    client = signed_in(panel.coordinator)
    page_url = f"{GRANTS}/application/{application.public_id}/"
    decide = f"{GRANTS}/application/{application.public_id}/determine/"
    answer = client.post(decide, {"decide-decision": "award", "decide-amount": "15000",
                                  "decide-reasons": "Güçlü proje"})  # fmt: skip
    assert answer.status_code == 400
    assert "A decision needs at least 2 reviews." in answer.content.decode()

    reviewed(panel, application)
    page = client.get(page_url).content.decode()
    assert "Reviewer 1" in page and "Reviewer 2" in page and "mean weighted score" in page
    answer = client.post(decide, {"decide-decision": "award", "decide-amount": "25000",
                                  "decide-reasons": "Güçlü proje"})  # fmt: skip
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "The amount awarded cannot exceed the amount requested." in page
    assert "Güçlü proje" in page and 'value="25000"' in page
    answer = client.post(decide, {"decide-decision": "award", "decide-amount": "20000",
                                  "decide-reasons": "Güçlü proje"})  # fmt: skip
    assert answer.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.AWARDED

    agreement = f"{GRANTS}/application/{application.public_id}/agreement/"
    rows = {"agreement-number": "HS-2026/7", "agreement-signed_on": "2026-03-01",
            "agreement-milestone_1": "Başlangıç", "agreement-amount_1": "12000",
            "agreement-due_1": "2026-03-15",
            "agreement-milestone_2": "Atölyeler bitti", "agreement-amount_2": "7000",
            "agreement-due_2": "2026-06-15"}  # fmt: skip
    answer = client.post(agreement, rows)
    assert answer.status_code == 400
    assert "add up to 19,000.00 TL, not the 20,000.00 TL awarded" in answer.content.decode()
    answer = client.post(agreement, {**rows, "agreement-amount_2": "8000"})
    assert answer.status_code == 302
    first, second = application.instalments.order_by("number")

    answer = client.post(f"{GRANTS}/instalment/{second.pk}/release/", follow=True)
    assert "The report on instalment 1 must be accepted first." in answer.content.decode()
    client.post(f"{GRANTS}/instalment/{first.pk}/release/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Instalment.Status.RELEASED, Instalment.Status.PLANNED)

    answer = client.post(f"{GRANTS}/application/{application.public_id}/close/", follow=True)
    assert "2 instalments are not paid yet." in answer.content.decode()

    # The grantee's report on the first milestone, accepted on the page, frees the second.
    report = services.grant_report_submit(
        application=application, instalment=first, summary="İlk atölyeler yapıldı."
    )
    page = client.get(page_url).content.decode()
    assert "İlk atölyeler yapıldı." in page and f"/report/{report.pk}/accept/" in page
    assert client.post(f"{GRANTS}/report/{report.pk}/accept/").status_code == 302
    report.refresh_from_db()
    assert report.accepted_at is not None and report.accepted_by == panel.coordinator
    client.post(f"{GRANTS}/instalment/{second.pk}/release/")
    second.refresh_from_db()
    assert second.status == Instalment.Status.RELEASED

    ranking = client.get(f"{GRANTS}/{panel.call.slug}/ranking/").content.decode()
    assert application.public_id in ranking
    assert "80,000.00" in ranking  # left of the 100,000 TL budget after a 20,000 TL award


# --- finance ------------------------------------------------------------------------------------


def test_finance_makes_a_batch_downloads_it_and_reconciles_a_statement(panel: Panel) -> None:
    amounts = {"Uydurma Bir": "10000", "Uydurma İki": "9000"}
    for organisation, amount in amounts.items():
        application = reviewed(panel, eligible(panel, apply(panel.call, organisation, amount)))
        awarded(panel, application, amount)
        services.agreement_record(
            application=application, number=f"HS-{organisation}",
            signed_on=application.created_at.date(),
            instalments=[services.InstalmentInput("Tek aşama", amount, application.created_at.date())],
            by=panel.coordinator,
        )  # fmt: skip
        services.instalment_release(instalment=application.instalments.get())
    client = signed_in(panel.finance)
    payments = f"{GRANTS}/{panel.call.slug}/payments/"
    assert (
        "Make a payment batch of the 2 released instalments"
        in client.get(payments).content.decode()
    )
    assert client.post(f"{GRANTS}/{panel.call.slug}/payments/batch/").status_code == 302
    page = client.get(payments).content.decode()
    batch_link = f"{GRANTS}/batch/"
    assert batch_link in page
    batch_pk = Instalment.objects.values_list("batch_id", flat=True).first()
    download = client.get(f"{GRANTS}/batch/{batch_pk}.csv")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [(r["payee"], r["amount"]) for r in rows] == [
        ("Uydurma Bir", "10000.00"), ("Uydurma İki", "9000.00"),
    ]  # fmt: skip
    assert signed_in(panel.reviewers[0]).get(f"{GRANTS}/batch/{batch_pk}.csv").status_code == 404

    # No file, then a file without the columns: said next to the field, nothing kept.
    upload = f"{GRANTS}/{panel.call.slug}/payments/statement/"
    answer = client.post(upload, {})
    assert answer.status_code == 400 and "Choose the statement file." in answer.content.decode()
    bad = SimpleUploadedFile("ekstre.csv", b"Tarih;Tutar\n01.03.2026;5,00\n")
    answer = client.post(upload, {"statement": bad})
    assert answer.status_code == 400
    assert "columns for the amount, the IBAN and the description" in answer.content.decode()

    # The bank's statement, one line's amount changed.
    text = "Date,Amount,IBAN,Description\n" + "".join(
        f"2026-03-02,{'8000.00' if r['payee'] == 'Uydurma İki' else r['amount']},"
        f"{r['iban']},{r['description']}\n"
        for r in rows
    )
    answer = client.post(upload, {"statement": SimpleUploadedFile("ekstre.csv", text.encode())})
    assert answer.status_code == 302
    report = client.get(answer["Location"]).content.decode()
    assert 'data-count="total">2<' in report
    assert 'data-count="matched">1<' in report and 'data-count="reported">1<' in report
    assert "paid 8,000.00 TL where the instalment is 9,000.00 TL" in report
    assert StatementLine.objects.filter(result=StatementLine.Result.MATCHED).count() == 1
    statement_pk = StatementLine.objects.values_list("statement_id", flat=True).first()
    assert signed_in(panel.outsider).get(f"{GRANTS}/statement/{statement_pk}/").status_code == 404
