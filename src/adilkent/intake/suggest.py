"""The category model: trained by a background job, stored by version, loaded by every process.

Training (``train_and_store``) runs only in the task worker (``intake.tasks.train_classifier``,
enqueued when staff confirm a category) or from ``manage.py intake_train_classifier``; never
in a resident's request. Each process keeps the model it loaded and checks the latest version
through the cache (one key, refreshed from the database at most every ``VERSION_TTL`` seconds),
loading a newer version when there is one. With no stored model, nothing is suggested: the
request is routed by the service the resident chose, or else to the triage desk. A stored model
answers only above its threshold; below it the request is marked "not sure" and goes to the
triage desk too (docs/classifier.md).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, Max

from adilkent.guide.models import Service
from adilkent.guide.selectors import service_training_texts

from . import classifier

if TYPE_CHECKING:
    from .definitions import IntakeDefinitions
    from .models import ClassifierVersion

logger = logging.getLogger(__name__)

VERSION_KEY = "intake:classifier:version"
# How long a process may keep using an older model after a new one is stored, when the
# cache is not shared (a per-process cache); with Redis the new version is seen at once.
VERSION_TTL = 60


def training_pairs() -> list[tuple[str, str]]:
    from .models import Request

    pairs = service_training_texts()
    confirmed = Request.objects.filter(category_confirmed=True, service__isnull=False)
    pairs += [(text, code) for text, code in confirmed.values_list("text", "service__code")]
    return pairs


def training_fingerprint() -> str:
    """Changes whenever the training data may have changed (services, confirmed requests)."""
    from .models import Request

    confirmed = Request.objects.filter(category_confirmed=True).aggregate(
        n=Count("id"), m=Max("updated_at")
    )
    raw = repr((sorted(service_training_texts()), sorted(confirmed.items())))
    return hashlib.sha256(raw.encode()).hexdigest()


def _sign(data: bytes) -> str:
    key = hashlib.sha256(b"adilkent.intake.classifier:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def _library() -> str:
    import sklearn

    return f"scikit-learn {sklearn.__version__}"


def _heldout_metrics(model: classifier.CategoryModel) -> dict[str, object]:
    from .evaluation import evaluate

    figures = evaluate(model)
    overall = figures["all"]
    if not overall.texts:
        return {}
    return {
        "heldout_texts": overall.texts,
        "heldout_accuracy": round(overall.accuracy, 4),
        "heldout_by_language": {
            k: f"{v.correct}/{v.texts}" for k, v in sorted(figures.items()) if k != "all"
        },
        "heldout": {k: v.as_dict() for k, v in figures.items()},
    }


def train_and_store(*, force: bool = False) -> ClassifierVersion | None:
    """Train on the current data and store a new version; returns it (or ``None``).

    Skips training when the latest version was trained on the same data (unless ``force``),
    so a burst of confirmations trains once. Returns ``None`` when there is too little data
    (fewer than two categories).
    """
    import joblib

    from .models import ClassifierVersion

    fingerprint = training_fingerprint()
    latest = ClassifierVersion.objects.only("version", "fingerprint").first()
    if latest is not None and latest.fingerprint == fingerprint and not force:
        return latest
    from .evaluation import out_of_scope_validation_texts

    pairs = training_pairs()
    started = time.perf_counter()
    try:
        model, thresholds = classifier.train_abstaining(pairs, out_of_scope_validation_texts())
    except ValueError as error:
        logger.warning("classifier not trained: %s", error)
        return None
    seconds = time.perf_counter() - started
    buffer = io.BytesIO()
    joblib.dump(
        {"pipeline": model.pipeline, "training_matrix": model.training_matrix},
        buffer,
        compress=3,
    )
    data = buffer.getvalue()
    if not thresholds.rule_met:
        logger.warning("classifier: no threshold meets the rule; it will suggest nothing")
    metrics: dict[str, object] = {
        "train_seconds": round(seconds, 2),
        "size_bytes": len(data),
        "validation": thresholds.as_dict(),
    }
    metrics.update(_heldout_metrics(model))
    for _attempt in range(5):  # two workers may store at the same moment: the next number
        number = (ClassifierVersion.objects.aggregate(m=Max("version"))["m"] or 0) + 1
        try:
            with transaction.atomic():
                stored = ClassifierVersion.objects.create(
                    version=number,
                    n_training_texts=len(pairs),
                    labels=model.labels,
                    metrics=metrics,
                    threshold=model.threshold,
                    min_similarity=model.min_similarity,
                    fingerprint=fingerprint,
                    library=_library(),
                    pipeline=data,
                    digest=_sign(data),
                )
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover
        raise RuntimeError("could not number the classifier version")
    transaction.on_commit(lambda: cache.set(VERSION_KEY, number, VERSION_TTL))
    logger.info(
        "classifier v%s stored: %s texts, %s categories, threshold %.2f, %.1f s",
        number,
        len(pairs),
        len(model.labels),
        model.threshold,
        seconds,
    )
    return stored


def latest_version() -> int:
    """The latest stored version number (0 for none), from the cache when it is there."""
    from .models import ClassifierVersion

    number = cache.get(VERSION_KEY)
    if number is None:
        number = ClassifierVersion.objects.aggregate(m=Max("version"))["m"] or 0
        cache.set(VERSION_KEY, number, VERSION_TTL)
    return int(number)


class ClassifierLoader:
    """What one process holds: the loaded model and its version; reloads on a newer one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.version = 0
        self.model: classifier.CategoryModel | None = None

    def current(self) -> classifier.CategoryModel | None:
        wanted = latest_version()
        if wanted != self.version:
            with self._lock:
                if wanted != self.version:
                    self._load(wanted)
        return self.model

    def _load(self, wanted: int) -> None:
        import joblib

        from .models import ClassifierVersion

        row = ClassifierVersion.objects.filter(version__lte=wanted).first() if wanted else None
        if row is None:
            self.version, self.model = wanted, None
            return
        data = bytes(row.pipeline)
        if not hmac.compare_digest(row.digest, _sign(data)):
            logger.error("classifier v%s: signature does not match; not loaded", row.version)
            self.version, self.model = wanted, None
            return
        if row.library != _library():
            logger.error(
                "classifier v%s was trained with %s, this process has %s: not loaded; "
                "run manage.py intake_train_classifier",
                row.version,
                row.library,
                _library(),
            )
            self.version, self.model = wanted, None
            return
        if row.threshold is None:
            logger.error(
                "classifier v%s has no threshold (stored before abstaining): not loaded; "
                "run manage.py intake_train_classifier",
                row.version,
            )
            self.version, self.model = wanted, None
            return
        stored = joblib.load(io.BytesIO(data))
        self.model = classifier.CategoryModel(
            labels=list(row.labels),
            n_training_texts=row.n_training_texts,
            pipeline=stored["pipeline"],
            training_matrix=stored["training_matrix"],
            threshold=row.threshold,
            min_similarity=row.min_similarity,
        )
        self.model.compiled()  # before the first request, not in it
        self.version = wanted
        logger.info("classifier v%s loaded", row.version)


_LOADER = ClassifierLoader()


def current_model() -> classifier.CategoryModel | None:
    return _LOADER.current()


@dataclass
class CategorySuggestion:
    """What the classifier says about a request's text: a service it is sure enough of, or
    ``not_sure`` (then ``service`` is ``None`` and the request goes to the triage desk)."""

    service: Service | None
    probability: float
    not_sure: bool


def suggest_category(
    text: str, *, definitions: IntakeDefinitions | None = None
) -> CategorySuggestion | None:
    """The classifier's suggestion for ``text``; ``None`` when there is no text or no model.
    ``definitions``: the intake's, when the caller has read them already."""
    if not text.strip():
        return None
    model = current_model()
    if model is None:
        return None
    decision = model.decide(text)
    service = None
    if decision.answered:
        if definitions is None:
            from .definitions import intake_definitions

            definitions = intake_definitions()
        service = definitions.service(decision.best.code)
    return CategorySuggestion(
        service=service,
        probability=round(decision.probability, 4),
        not_sure=service is None,
    )
