"""A micro-grant's whole way through the services: applied, screened eligible, reviewed by a
panel whose members first declare their conflicts of interest, decided with reasons, the
agreement with instalments on milestones, instalments released one report at a time, paid and
closed. The invented call, applicants and staff below serve these tests and the other grant
tests (payments, pages)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from adilkent.calls import services
from adilkent.calls.models import (
    Application,
    Call,
    CallStaff,
    Criterion,
    Instalment,
    PaymentBatch,
    Question,
)
from adilkent.cases.models import AuditEvent
from adilkent.core.tests.factories import log_in_verified

IBAN = "TR330006100519786457841326"  # a published example of a Turkish IBAN
OTHER_IBAN = "TR320010009999901234567890"  # another valid Turkish IBAN
VKN = "4540536920"  # a valid tax number (VKN)


def signed_in(user: Any) -> Client:
    """A client logged in as ``user`` past the second factor."""
    client = Client()
    log_in_verified(client, user)
    return client


@dataclass
class Panel:
    call: Call
    coordinator: Any
    reviewers: list[Any]
    finance: Any
    outsider: Any


@pytest.fixture(name="english")
def english_fixture() -> Any:
    with override("en"):
        yield


@pytest.fixture(name="panel")
def panel_fixture(db: None, django_user_model: Any, english: None) -> Panel:
    """An open grant call of 100,000 TL (at most 50,000 TL a grant) with three weighted
    criteria, its coordinator, three reviewers, a finance officer and a staff member with no
    role in it."""
    today = timezone.localdate()
    call = Call.objects.create(
        slug="uydurma-mikro-hibe", kind=Call.Kind.GRANT,
        title={"tr": "Uydurma mikro hibe", "en": "Invented micro-grants"},
        opens_on=today - dt.timedelta(days=10), closes_on=today + dt.timedelta(days=20),
        budget_total=Decimal("100000"), maximum_award=Decimal("50000"),
    )  # fmt: skip
    for order, (key, weight) in enumerate([("equal-access", 3), ("feasibility", 2), ("budget", 1)]):
        Criterion.objects.create(
            call=call, key=key, name={"en": key.replace("-", " ").title()}, weight=weight,
            max_score=5, order=order,
        )  # fmt: skip
    Question.objects.create(
        call=call, key="target_group", kind=Question.Kind.CHOICE, order=1,
        label={"en": "The project's first target group"},
        choices=[{"value": "women", "label": {"en": "Women"}},
                 {"value": "children", "label": {"en": "Children"}}],
    )  # fmt: skip
    make = django_user_model.objects.create_user
    coordinator = make("koordinator", password="x", is_staff=True, first_name="Koordinatör")
    reviewers = [
        make(f"reviewer{n}", password="x", is_staff=True, first_name=f"Reviewer {n}")
        for n in (1, 2, 3)
    ]
    finance = make("finance", password="x", is_staff=True)
    outsider = make("outsider", password="x", is_staff=True)
    CallStaff.objects.create(call=call, user=coordinator, role=CallStaff.Role.COORDINATOR)
    for reviewer in reviewers:
        CallStaff.objects.create(call=call, user=reviewer, role=CallStaff.Role.REVIEWER)
    CallStaff.objects.create(call=call, user=finance, role=CallStaff.Role.FINANCE)
    return Panel(call, coordinator, reviewers, finance, outsider)


def apply(
    call: Call,
    organisation: str,
    amount: str,
    *,
    iban: str = IBAN,
    title: str = "Mahalle kadın atölyeleri",
) -> Application:
    """An association's application, its budget in two lines adding up to ``amount``."""
    half = (Decimal(amount) / 2).quantize(Decimal("0.01"))
    submitted = services.application_submit(
        call=call, language="tr", contact_name="Uydurma Ayşe Yılmaz", phone="05550000001",
        email="ayse@example.org", mahalle_id=None, age_band="", sex="",
        answers={"target_group": "women"}, consent=True, applicant_kind="association",
        organisation=organisation, tax_number=VKN, iban=iban, project_title=title,
        project_summary="Atölyeler ve rehberlik.", amount_requested=amount,
        budget=[services.BudgetInput("Eğitmen", str(half)),
                services.BudgetInput("Malzeme", str(Decimal(amount) - half))],
    )  # fmt: skip
    return submitted.application


def eligible(panel: Panel, application: Application) -> Application:
    return services.application_screen(
        application=application, eligible=True, note="", by=panel.coordinator
    )


def declare(panel: Panel, reviewer: Any, conflicts: dict[int, str] | None = None) -> None:
    services.panel_declare(call=panel.call, reviewer=reviewer, conflicts=conflicts or {})


def score(application: Application, reviewer: Any, a: int, b: int, c: int) -> None:
    services.review_submit(
        application=application, reviewer=reviewer,
        scores={"equal-access": a, "feasibility": b, "budget": c}, comment="Uydurma yorum",
    )  # fmt: skip


def reviewed(panel: Panel, application: Application) -> Application:
    """Reviewed by the first two reviewers (after declaring no conflict)."""
    for reviewer in panel.reviewers[:2]:
        if not services.has_declared(panel.call, reviewer):
            declare(panel, reviewer)
        score(application, reviewer, 5, 4, 3)
    return application


def awarded(panel: Panel, application: Application, amount: str) -> Application:
    return services.grant_determine(
        application=application, award=True, reasons="Güçlü ve gerçekçi bir proje.",
        amount=amount, by=panel.coordinator,
    )  # fmt: skip


def agreed(
    panel: Panel, application: Application, amounts: list[str], number: str = ""
) -> list[Instalment]:
    today = timezone.localdate()
    services.agreement_record(
        application=application, number=number or f"HS-{application.public_id}",
        signed_on=today,
        instalments=[
            services.InstalmentInput(f"Aşama {n}", amount, today + dt.timedelta(days=30 * n))
            for n, amount in enumerate(amounts, start=1)
        ],
        by=panel.coordinator,
    )  # fmt: skip
    return list(application.instalments.order_by("number"))


def grant_ready_to_pay(
    panel: Panel, organisation: str, amounts: list[str], *, iban: str = IBAN
) -> list[Instalment]:
    """An application awarded the sum of ``amounts`` in those instalments."""
    total = str(sum(Decimal(a) for a in amounts))
    application = reviewed(
        panel, eligible(panel, apply(panel.call, organisation, total, iban=iban))
    )
    awarded(panel, application, total)
    return agreed(panel, application, amounts)


def _messages(error: pytest.ExceptionInfo[services.CallInvalid]) -> str:
    return " ".join(m for ms in error.value.errors.values() for m in ms)


# --- the whole way ------------------------------------------------------------------------------


def test_a_grant_from_application_to_closure(panel: Panel) -> None:
    application = eligible(panel, apply(panel.call, "Uydurma Kadın Derneği", "40000"))
    assert application.status == Application.Status.ELIGIBLE

    # Reviewer 3 declares a conflict with this applicant; reviewers 1 and 2 declare none.
    declare(panel, panel.reviewers[2], {application.pk: "Derneğin yönetim kurulu üyesiyim."})
    declare(panel, panel.reviewers[0])
    declare(panel, panel.reviewers[1])
    assert list(services.applications_for_reviewer(panel.call, panel.reviewers[0])) == [application]
    assert list(services.applications_for_reviewer(panel.call, panel.reviewers[2])) == []

    # Weighted on 0–100: (5/5·3 + 4/5·2 + 3/5·1) / 6 · 100 = 86.667; (3/5·3 + 3/5·2 + 2/5·1)/6 = 56.667
    score(application, panel.reviewers[0], 5, 4, 3)
    score(application, panel.reviewers[1], 3, 3, 2)
    [ranked] = services.ranking(panel.call)
    assert ranked.reviews == 2 and ranked.mean_score == Decimal("71.7")

    awarded(panel, application, "35000")
    application.refresh_from_db()
    assert application.status == Application.Status.AWARDED
    assert application.amount_awarded == Decimal("35000")

    first, second = agreed(panel, application, ["20000", "15000"])
    services.instalment_release(instalment=first)
    batch = services.payment_batch_create(call=panel.call, by=panel.finance)
    services.instalment_pay(instalment=first, paid_on=timezone.localdate())
    report = services.grant_report_submit(
        application=application, instalment=first, summary="İlk dört atölye yapıldı."
    )
    services.grant_report_accept(report=report, by=panel.coordinator)
    services.instalment_release(instalment=second)
    assert batch.total == Decimal("20000")
    services.payment_batch_create(call=panel.call, by=panel.finance)
    services.instalment_pay(instalment=second, paid_on=timezone.localdate())
    final = services.grant_report_submit(
        application=application, instalment=second, summary="Bütün atölyeler tamamlandı."
    )
    services.grant_report_accept(report=final, by=panel.coordinator)
    services.grant_close(application=application)
    application.refresh_from_db()
    assert application.status == Application.Status.CLOSED and application.closed_at is not None
    assert PaymentBatch.objects.count() == 2


# --- the panel ----------------------------------------------------------------------------------


def test_a_reviewer_may_not_score_an_application_they_declared_a_conflict_with(
    panel: Panel,
) -> None:
    application = eligible(panel, apply(panel.call, "Uydurma Derneği", "10000"))
    declare(panel, panel.reviewers[0], {application.pk: "Kardeşim derneğin başkanı."})
    with pytest.raises(services.ConflictRefused, match="conflict of interest declared"):
        score(application, panel.reviewers[0], 5, 5, 5)
    assert not application.reviews.exists()


def test_scoring_before_declaring_is_refused(panel: Panel) -> None:
    application = eligible(panel, apply(panel.call, "Uydurma Derneği", "10000"))
    with pytest.raises(services.ConflictRefused, match="not yet declared"):
        score(application, panel.reviewers[0], 5, 5, 5)
    assert list(services.applications_for_reviewer(panel.call, panel.reviewers[0])) == []


def test_someone_off_the_panel_can_neither_declare_nor_score(panel: Panel) -> None:
    application = eligible(panel, apply(panel.call, "Uydurma Derneği", "10000"))
    with pytest.raises(services.ConflictRefused):
        declare(panel, panel.outsider)
    with pytest.raises(services.ConflictRefused, match="not on this call's review panel"):
        score(application, panel.coordinator, 5, 5, 5)


def test_a_conflict_found_later_withdraws_the_review_and_hides_the_application(
    panel: Panel,
) -> None:
    application = reviewed(panel, eligible(panel, apply(panel.call, "Uydurma Derneği", "10000")))
    assert application.reviews.count() == 2
    services.conflict_add(
        application=application, reviewer=panel.reviewers[0], reason="Sonradan fark ettim."
    )
    assert application.reviews.count() == 1
    assert list(services.applications_for_reviewer(panel.call, panel.reviewers[0])) == []


def test_a_score_outside_the_scale_is_refused_per_criterion(panel: Panel) -> None:
    application = eligible(panel, apply(panel.call, "Uydurma Derneği", "10000"))
    declare(panel, panel.reviewers[0])
    with pytest.raises(services.CallInvalid) as error:
        score(application, panel.reviewers[0], 6, -1, 3)
    assert set(error.value.errors) == {"score_equal-access", "score_feasibility"}
    assert error.value.errors["score_equal-access"] == ["Give a score from 0 to 5."]


# --- the determination --------------------------------------------------------------------------


def test_the_decision_needs_two_reviews_and_reasons(panel: Panel) -> None:
    application = eligible(panel, apply(panel.call, "Uydurma Derneği", "10000"))
    declare(panel, panel.reviewers[0])
    score(application, panel.reviewers[0], 4, 4, 4)
    with pytest.raises(services.CallInvalid) as error:
        services.grant_determine(
            application=application, award=True, reasons=" ", amount="10000",
            by=panel.coordinator,
        )  # fmt: skip
    assert "A decision needs at least 2 reviews." in error.value.errors[""]
    assert error.value.errors["reasons"] == ["Give the reasons for the decision."]
    application.refresh_from_db()
    assert application.status == Application.Status.ELIGIBLE


def test_an_award_above_the_amount_requested_is_refused(panel: Panel) -> None:
    application = reviewed(panel, eligible(panel, apply(panel.call, "Uydurma Derneği", "10000")))
    with pytest.raises(services.CallInvalid) as error:
        awarded(panel, application, "10000.01")
    assert error.value.errors["amount"] == [
        "The amount awarded cannot exceed the amount requested."
    ]


def test_an_award_above_what_is_left_of_the_budget_is_refused(panel: Panel) -> None:
    # 100,000 TL: two grants of 45,000 leave 10,000; a third asks for 20,000.
    for name in ("Uydurma Bir", "Uydurma İki"):
        application = reviewed(panel, eligible(panel, apply(panel.call, name, "45000")))
        awarded(panel, application, "45000")
    third = reviewed(panel, eligible(panel, apply(panel.call, "Uydurma Üç", "20000")))
    with pytest.raises(services.CallInvalid) as error:
        awarded(panel, third, "20000")
    assert "exceed the call's budget" in _messages(error) and "10,000.00" in _messages(error)
    awarded(panel, third, "10000")  # what is left can still be given
    third.refresh_from_db()
    assert third.amount_awarded == Decimal("10000")


def test_not_selected_with_reasons(panel: Panel) -> None:
    application = reviewed(panel, eligible(panel, apply(panel.call, "Uydurma Derneği", "10000")))
    services.grant_determine(
        application=application, award=False, reasons="Bütçe gerçekçi değil.", amount="",
        by=panel.coordinator,
    )  # fmt: skip
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert application.amount_awarded is None


# --- the agreement and the instalments ----------------------------------------------------------


def test_the_instalments_must_add_up_to_the_award(panel: Panel) -> None:
    application = reviewed(panel, eligible(panel, apply(panel.call, "Uydurma Derneği", "30000")))
    awarded(panel, application, "30000")
    with pytest.raises(services.CallInvalid) as error:
        agreed(panel, application, ["10000", "10000", "5000"])
    assert "add up to 25,000.00 TL, not the 30,000.00 TL awarded" in _messages(error)
    assert not application.instalments.exists()
    made = agreed(panel, application, ["10000", "10000", "10000"])
    assert [i.number for i in made] == [1, 2, 3]
    assert all(i.status == Instalment.Status.PLANNED for i in made)


def test_instalment_two_waits_for_the_report_on_instalment_one(panel: Panel) -> None:
    first, second = grant_ready_to_pay(panel, "Uydurma Derneği", ["6000", "4000"])
    services.instalment_release(instalment=first)
    with pytest.raises(services.CallInvalid) as error:
        services.instalment_release(instalment=second)
    assert _messages(error) == "The report on instalment 1 must be accepted first."
    report = services.grant_report_submit(
        application=first.application, instalment=first, summary="Aşama 1 tamam."
    )
    with pytest.raises(services.CallInvalid):  # submitted is not enough: accepted is
        services.instalment_release(instalment=second)
    services.grant_report_accept(report=report, by=panel.coordinator)
    services.instalment_release(instalment=second)
    second.refresh_from_db()
    assert second.status == Instalment.Status.RELEASED


def test_closure_needs_every_instalment_paid(panel: Panel) -> None:
    [only] = grant_ready_to_pay(panel, "Uydurma Derneği", ["10000"])
    application = only.application
    services.instalment_release(instalment=only)
    report = services.grant_report_submit(
        application=application, instalment=only, summary="Her şey yapıldı."
    )
    services.grant_report_accept(report=report, by=panel.coordinator)
    with pytest.raises(services.CallInvalid) as error:
        services.grant_close(application=application)
    assert _messages(error) == "1 instalment is not paid yet."
    services.payment_batch_create(call=panel.call, by=panel.finance)
    services.instalment_pay(instalment=only, paid_on=timezone.localdate())
    services.grant_close(application=application)
    application.refresh_from_db()
    assert application.status == Application.Status.CLOSED


# --- through the page ---------------------------------------------------------------------------


def test_the_score_page_refuses_a_declared_conflict_and_the_audit_log_says_why(
    panel: Panel,
) -> None:
    application = eligible(panel, apply(panel.call, "Uydurma Derneği", "10000"))
    declare(panel, panel.reviewers[2], {application.pk: "Eski işverenim."})
    client = signed_in(panel.reviewers[2])
    url = f"/en/calls/staff/grants/application/{application.public_id}/review/"
    answer = client.get(url)
    assert answer.status_code == 403
    assert "Uydurma Derneği" not in answer.content.decode()
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None
    assert (event.action, event.username, event.object_id) == (
        AuditEvent.Action.DENIED, "reviewer3", application.public_id,
    )  # fmt: skip
    assert "conflict of interest" in event.reason
    answer = client.post(url, {"score_equal-access": "5", "score_feasibility": "5",
                               "score_budget": "5"})  # fmt: skip
    assert answer.status_code == 403 and not application.reviews.exists()
