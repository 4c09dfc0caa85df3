"""The classifier is trained by a job, stored by version and loaded by every process.

A resident's request only loads a stored model; it never trains one.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from adilkent.guide.models import Service
from adilkent.intake import classifier, suggest
from adilkent.intake.models import ClassifierVersion, Request
from adilkent.intake.services import RequestInput, confirm_category, submit_request

pytestmark = pytest.mark.django_db

LEGAL_RU = "Мне нужен адвокат, меня выселяют из квартиры"


@pytest.fixture
def train_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts every call of the real training function (which still runs)."""
    calls: list[int] = []
    real = classifier.train_abstaining

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(classifier, "train_abstaining", counting)
    return calls


def _post(client: Client, text: str) -> Request:
    before = set(Request.objects.values_list("pk", flat=True))
    response = client.post(
        "/tr/requests/",
        {
            "text": text,
            "kind": "information",
            "identity_mode": "anonymous",
            "preferred_language": "ru",
        },
    )
    assert response.status_code in {200, 302}, response.content[:500]
    (new,) = Request.objects.exclude(pk__in=before)
    return new


def test_without_a_stored_model_a_request_gets_no_suggestion_and_trains_nothing(
    client: Client, train_calls: list[int]
) -> None:
    request = _post(client, LEGAL_RU)
    assert request.suggested_service is None  # routed by the chosen service or to triage
    assert request.suggestion_probability is None  # no model scored it
    assert train_calls == [] and ClassifierVersion.objects.count() == 0


def test_a_request_uses_the_stored_model_and_never_trains(
    client: Client, django_capture_on_commit_callbacks: Any, train_calls: list[int]
) -> None:
    # trained as in a deployment: the guide's services and HİM's service map
    call_command("load_units", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with django_capture_on_commit_callbacks(execute=True):
        call_command("intake_train_classifier", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ClassifierVersion.objects.count() == 1 and train_calls == [1]
    request = _post(client, LEGAL_RU)
    # the stored model scored the text (without one there is no probability at all); whether
    # it is sure enough to suggest a service is test_abstaining*.py's concern
    assert request.suggestion_probability is not None
    assert request.suggested_service is None or request.suggested_service.code == "legal-aid"
    # The staff action that used to make the next request retrain changes nothing here.
    Request.objects.filter(pk=request.pk).update(category_confirmed=True)
    _post(client, "Süt kartı başvurusu yapmak istiyorum")
    assert train_calls == [1] and ClassifierVersion.objects.count() == 1


def test_stored_version_records_size_metrics_and_pipeline() -> None:
    stored = suggest.train_and_store()
    assert stored is not None and stored.version == 1
    assert stored.n_training_texts == len(suggest.training_pairs())
    assert len(stored.labels) == Service.objects.count()
    assert 0 < stored.metrics["heldout_accuracy"] <= 1
    assert stored.metrics["heldout_texts"] > 0 and stored.metrics["size_bytes"] > 0
    assert bytes(stored.pipeline)[:1] and stored.trained_at is not None
    # Same data: no second training, the same version.
    assert suggest.train_and_store().version == 1  # type: ignore[union-attr]
    assert suggest.train_and_store(force=True).version == 2  # type: ignore[union-attr]


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_confirming_a_category_enqueues_training_after_commit(
    django_capture_on_commit_callbacks: Any, train_calls: list[int]
) -> None:
    request = submit_request(
        RequestInput(text="Kaldırımda kırık bir bank var", identity_mode="anonymous")
    )
    with django_capture_on_commit_callbacks(execute=True):
        confirm_category(request, None, Service.objects.get(code="him"))
        assert not DBTaskResult.objects.exists()  # nothing before the commit
    (job,) = DBTaskResult.objects.all()
    assert job.task_path == "adilkent.intake.tasks.train_classifier"
    assert train_calls == [] and ClassifierVersion.objects.count() == 0  # queued, not run


def test_the_training_job_learns_the_confirmed_request(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = suggest.train_and_store()
    assert first is not None
    request = submit_request(
        RequestInput(text="Kaldırımda kırık bir bank var", identity_mode="anonymous")
    )
    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend runs the job
        confirm_category(request, None, Service.objects.get(code="him"))
    latest = ClassifierVersion.objects.first()
    assert latest is not None and latest.version == 2
    assert latest.n_training_texts == first.n_training_texts + 1


def test_two_processes_pick_up_a_new_version(django_capture_on_commit_callbacks: Any) -> None:
    one, two = suggest.ClassifierLoader(), suggest.ClassifierLoader()
    assert one.current() is None and two.current() is None
    with django_capture_on_commit_callbacks(execute=True):
        suggest.train_and_store()
    assert one.current() is not None and one.version == 1
    assert two.current() is not None and two.version == 1
    loaded = one.model
    assert one.current() is loaded  # no reload while the version is the same
    with django_capture_on_commit_callbacks(execute=True):
        suggest.train_and_store(force=True)
    assert one.current() is not loaded and one.version == 2
    assert two.current() is not None and two.version == 2


def test_a_tampered_pipeline_is_not_loaded(
    django_capture_on_commit_callbacks: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        stored = suggest.train_and_store()
    assert stored is not None
    ClassifierVersion.objects.filter(pk=stored.pk).update(pipeline=bytes(stored.pipeline) + b"x")
    loader = suggest.ClassifierLoader()
    with caplog.at_level(logging.ERROR, logger="adilkent.intake.suggest"):
        assert loader.current() is None
    assert "signature does not match" in caplog.text


def test_measure_command_still_reports(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("measure_intake_models")
    out = capsys.readouterr().out
    assert "category accuracy on" in out and "language detection" in out
    assert "stored classifier: none yet" in out
    suggest.train_and_store()
    call_command("measure_intake_models")
    assert "stored classifier: v1, trained" in capsys.readouterr().out
