"""The classifier says when it is not sure: below the threshold stored with its version, the
request goes to the triage desk marked "not sure", never to a unit by a guess.

The texts here are written for these tests; the thresholds are whatever the training chose,
never figures copied from a run.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.test import Client

from adilkent.guide.models import Service
from adilkent.intake import classifier, suggest
from adilkent.intake.evaluation import (
    LANGUAGES,
    load_heldout,
    out_of_scope_validation_texts,
)
from adilkent.intake.models import ClassifierVersion, Request, RoutingRule, Unit
from adilkent.intake.selectors import inbox, suggestion_acceptance
from adilkent.intake.services import RequestInput, confirm_category, submit_request
from adilkent.intake.tests.conftest import log_in_verified

# A bus (not a water cut: the guide's Turkish search words for HİM name "su kesintisi").
BUS_TR = "Otobüs durağımıza 40 dakikadır otobüs gelmiyor, ne zaman gelecek?"
BUS_AR = "الحافلة رقم 15 لم تأتِ منذ ساعة ونحن ننتظر في المحطة."
LEGAL_TR = "Boşanma davam için ücretsiz avukata ihtiyacım var, param yok."


@pytest.fixture
def units() -> dict[str, Unit]:
    """The triage desk (the rule without a service) and two services' units."""
    made = {code: Unit.objects.create(code=code, name=code) for code in ("desk", "law", "milk")}
    RoutingRule.objects.create(unit=made["desk"])
    RoutingRule.objects.create(service=Service.objects.get(code="legal-aid"), unit=made["law"])
    RoutingRule.objects.create(
        service=Service.objects.get(code="milk-programme"), unit=made["milk"]
    )
    return made


def _submit(text: str, language: str, **kw: Any) -> Request:
    return submit_request(
        RequestInput(text=text, identity_mode="anonymous", preferred_language=language, **kw)
    )


# --- the rule for the thresholds (no Django) ---------------------------------------------


class _Fixed:
    """A stand-in model whose decisions are given: (best code, probability, similarity)."""

    def __init__(self, decisions: dict[str, tuple[str, float, float]]) -> None:
        self.decisions = decisions

    def decide_many(self, texts: list[str]) -> list[classifier.Decision]:
        out = []
        for text in texts:
            code, p, s = self.decisions[text]
            out.append(classifier.Decision(classifier.Suggestion(code, p), s, True))
        return out


def test_the_threshold_is_the_lowest_that_meets_both_conditions() -> None:
    # Ten validation texts: right ones at 0.9/0.8/…, the wrong one at 0.55; two out of scope.
    decisions = {f"v{i}": ("a", 0.9 - i * 0.05, 0.5) for i in range(9)}
    decisions["wrong"] = ("b", 0.55, 0.5)
    decisions["out1"] = ("a", 0.3, 0.5)
    decisions["out2"] = ("b", 0.6, 0.5)
    validation = [(f"v{i}", "a") for i in range(9)] + [("wrong", "a")]
    chosen = classifier.choose_thresholds(_Fixed(decisions), validation, ["out1", "out2"])  # type: ignore[arg-type]
    # Abstaining on both out-of-scope texts needs p > 0.6: the lowest such step is 0.61.
    assert chosen.rule_met and chosen.probability == pytest.approx(0.61)
    assert chosen.similarity == 0.0 and chosen.out_of_scope_abstention == 1.0
    assert chosen.validation_answered_accuracy == 1.0 and chosen.validation_coverage == 0.6


def test_when_no_threshold_meets_the_rule_the_model_answers_nothing() -> None:
    decisions = {"v": ("b", 0.99, 0.9), "out": ("a", 0.99, 0.9)}  # wrong and over-confident
    chosen = classifier.choose_thresholds(_Fixed(decisions), [("v", "a")], ["out"])  # type: ignore[arg-type]
    assert not chosen.rule_met and chosen.probability > 1


def test_a_text_sharing_nothing_with_the_training_texts_is_never_answered() -> None:
    model = classifier.train(
        ["süt kartı başvurusu"] * 3 + ["avukat dava"] * 3, ["m"] * 3 + ["l"] * 3
    )
    decision = model.decide("ЖЖЖ")
    assert decision.similarity == 0 and not decision.answered


# --- evaluation texts kept apart ----------------------------------------------------------


@pytest.mark.django_db
def test_out_of_scope_texts_are_in_six_languages_and_kept_apart() -> None:
    validation = out_of_scope_validation_texts()
    heldout = load_heldout()
    test_block = [e for e in heldout if not e.in_scope]
    assert {e.language for e in test_block} == set(LANGUAGES)
    assert len(validation) >= 30 and len(test_block) >= 18
    training = {text for text, _label in suggest.training_pairs()}
    assert not training & set(validation)
    assert not {e.text for e in heldout} & set(validation)


# --- routing with the stored model --------------------------------------------------------


@pytest.mark.django_db
def test_the_threshold_is_stored_with_the_version_and_loaded(trained_classifier: Any) -> None:
    stored = ClassifierVersion.objects.get()
    assert stored.threshold is not None and 0 < stored.threshold <= 1
    assert stored.metrics["validation"]["rule_met"] is True
    assert stored.metrics["validation"]["probability"] == pytest.approx(stored.threshold)
    model = suggest.current_model()
    assert model is not None and model.threshold == stored.threshold
    assert model.min_similarity == stored.min_similarity


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "language"), [(BUS_TR, "tr"), (BUS_AR, "ar")])
def test_a_request_outside_every_category_goes_to_triage_as_not_sure(
    trained_classifier: Any, units: dict[str, Unit], text: str, language: str
) -> None:
    request = _submit(text, language)
    assert request.category_not_sure
    assert request.suggested_service is None and request.service is None
    assert request.unit == units["desk"]
    assert request.suggestion_probability is not None
    assert request.suggestion_probability < ClassifierVersion.objects.get().threshold  # type: ignore[operator]
    assert list(inbox(not_sure=True)) == [request]


@pytest.mark.django_db
def test_an_in_scope_request_is_routed_by_the_suggestion_as_before(
    trained_classifier: Any, units: dict[str, Unit]
) -> None:
    request = _submit(LEGAL_TR, "tr")
    assert not request.category_not_sure
    assert request.suggested_service is not None
    assert request.suggested_service.code == "legal-aid"
    assert request.unit == units["law"]
    assert request.suggestion_probability >= ClassifierVersion.objects.get().threshold  # type: ignore[operator]
    assert list(inbox(not_sure=True)) == []


@pytest.mark.django_db
def test_the_residents_own_choice_still_routes_when_the_classifier_is_not_sure(
    trained_classifier: Any, units: dict[str, Unit]
) -> None:
    request = _submit(
        BUS_TR, "tr", service_code="milk-programme", attributes={"children_count": "1"}
    )
    assert request.category_not_sure and request.suggested_service is None
    assert request.service is not None and request.unit == units["milk"]
    assert list(inbox(not_sure=True)) == []  # it has a service: not waiting for one


@pytest.mark.django_db
def test_a_version_stored_before_abstaining_is_not_loaded(trained_classifier: Any) -> None:
    ClassifierVersion.objects.update(threshold=None)
    assert suggest.ClassifierLoader().current() is None


@pytest.mark.django_db
def test_the_inbox_marks_not_sure_requests(
    client: Client, trained_classifier: Any, units: dict[str, Unit]
) -> None:
    unsure = _submit(BUS_TR, "tr")
    sure = _submit(LEGAL_TR, "tr")
    operator = User.objects.create_user("operator", password="x", is_staff=True)
    operator.user_permissions.add(Permission.objects.get(codename="view_all_requests"))
    log_in_verified(client, User.objects.get(pk=operator.pk))
    page = client.get("/en/requests/staff/?not_sure=1").content.decode()
    assert unsure.tracking_code in page and sure.tracking_code not in page
    assert 'class="tag tag-not-sure">not sure<' in page
    detail = client.get(f"/en/requests/staff/{unsure.pk}/").content.decode()
    assert "did not suggest a service" in detail


# --- how often staff kept the suggestion --------------------------------------------------


def _confirmed(suggested: str, confirmed: str, language: str, n: int) -> None:
    services = {s.code: s for s in Service.objects.filter(code__in=[suggested, confirmed])}
    for i in range(n):
        Request.objects.create(
            tracking_code=f"{suggested[:4]}{confirmed[:4]}{language}{i}",
            kind="information",
            channel="web",
            text="…",
            preferred_language=language,
            text_language=language,
            suggested_service=services[suggested],
            service=services[confirmed],
            category_confirmed=True,
        )


@pytest.mark.django_db
def test_acceptance_figures_count_kept_suggestions_and_withhold_small_cells(
    settings: Any,
) -> None:
    settings.CASES_MIN_CELL_SIZE = 5
    _confirmed("legal-aid", "legal-aid", "tr", 8)  # kept
    _confirmed("legal-aid", "him", "tr", 6)  # corrected
    _confirmed("milk-programme", "milk-programme", "ar", 2)  # too few to show
    _confirmed("home-care", "home-care", "ar", 5)  # hidden with it (the next smallest)
    by_service = {row.key: row for row in suggestion_acceptance("service")}
    assert by_service["legal-aid"].confirmed == 14 and by_service["legal-aid"].accepted == 8
    assert by_service["legal-aid"].share == pytest.approx(8 / 14)
    milk = by_service["milk-programme"]
    assert milk.confirmed is None and milk.accepted is None and milk.share is None
    by_language = {row.key: row for row in suggestion_acceptance("language")}
    assert by_service["home-care"].confirmed is None
    assert by_language["tr"].accepted == 8 and by_language["ar"].confirmed == 7


@pytest.mark.django_db
def test_a_kept_count_is_withheld_when_the_corrected_one_is_small(settings: Any) -> None:
    settings.CASES_MIN_CELL_SIZE = 5
    _confirmed("legal-aid", "legal-aid", "tr", 9)
    _confirmed("legal-aid", "him", "tr", 1)  # one corrected: the kept count would tell it
    _confirmed("home-care", "home-care", "tr", 7)
    row = {r.key: r for r in suggestion_acceptance("service")}["legal-aid"]
    assert row.confirmed == 10 and row.accepted is None and row.share is None


@pytest.mark.django_db
def test_the_figures_page_shows_the_tables_to_staff_only(client: Client, settings: Any) -> None:
    settings.CASES_MIN_CELL_SIZE = 5
    _confirmed("legal-aid", "legal-aid", "tr", 6)
    _confirmed("milk-programme", "milk-programme", "ar", 2)
    assert client.get("/en/requests/staff/classifier/").status_code == 302
    staff = User.objects.create_user("analyst", password="x", is_staff=True)
    client.force_login(staff)
    page = client.get("/en/requests/staff/classifier/").content.decode()
    assert "By suggested service" in page and "By language of the text" in page
    assert "&lt; 5" in page  # the milk row, withheld
    assert Service.objects.get(code="legal-aid").name in page


@pytest.mark.django_db
def test_confirming_the_suggestion_counts_as_kept(
    trained_classifier: Any, units: dict[str, Unit], settings: Any
) -> None:
    settings.CASES_MIN_CELL_SIZE = 1
    request = _submit(LEGAL_TR, "tr")
    confirm_category(request, None, Service.objects.get(code="legal-aid"))
    (row,) = suggestion_acceptance("service")
    assert row.key == "legal-aid" and row.confirmed == 1 and row.accepted == 1


# --- the evaluation command ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_evaluation_command_reports_every_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("intake_evaluate_classifier")
    out = capsys.readouterr().out
    assert "rule met: True" in out and "chosen: probability >=" in out
    rows = {line.split()[0] for line in out.splitlines() if line[:3].strip() in {*LANGUAGES, "all"}}
    assert rows == {*LANGUAGES, "all"}
    assert ClassifierVersion.objects.count() == 0  # it stores nothing
