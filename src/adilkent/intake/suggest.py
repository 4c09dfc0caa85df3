"""The category model: trained by a background job, stored by version, loaded by every process.

Training (``train_and_store``) runs only in the task worker (``intake.tasks.train_classifier``,
enqueued when staff confirm a category) or from ``manage.py intake_train_classifier``; never
in a resident's request. Each process keeps the model it loaded and checks the latest version
through the cache (one key, refreshed from the database at most every ``VERSION_TTL`` seconds),
loading a newer version when there is one. With no stored model, nothing is suggested: the
request is routed by the service the resident chose, or else to the triage desk.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import logging
import threading
import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, Max

from adilkent.guide.models import Service
from adilkent.guide.selectors import service_training_texts

from . import classifier

if TYPE_CHECKING:
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
    from .evaluation import load_heldout

    examples = [e for e in load_heldout() if e.label in model.labels]
    if not examples:
        return {}
    per_language: dict[str, list[int]] = {}
    for e in examples:
        hit = model.suggest(e.text, top=1)[0].code == e.label
        counts = per_language.setdefault(e.language, [0, 0])
        counts[0] += int(hit)
        counts[1] += 1
    hits = sum(c[0] for c in per_language.values())
    return {
        "heldout_texts": len(examples),
        "heldout_accuracy": round(hits / len(examples), 4),
        "heldout_by_language": {k: f"{v[0]}/{v[1]}" for k, v in sorted(per_language.items())},
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
    pairs = training_pairs()
    started = time.perf_counter()
    try:
        model = classifier.train([p[0] for p in pairs], [p[1] for p in pairs])
    except ValueError as error:
        logger.warning("classifier not trained: %s", error)
        return None
    seconds = time.perf_counter() - started
    buffer = io.BytesIO()
    joblib.dump(model.pipeline, buffer, compress=3)
    data = buffer.getvalue()
    metrics: dict[str, object] = {"train_seconds": round(seconds, 2), "size_bytes": len(data)}
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
        "classifier v%s stored: %s texts, %s categories, %.1f s",
        number,
        len(pairs),
        len(model.labels),
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
        pipeline = joblib.load(io.BytesIO(data))
        self.model = classifier.CategoryModel(
            labels=list(row.labels), n_training_texts=row.n_training_texts, pipeline=pipeline
        )
        self.version = wanted
        logger.info("classifier v%s loaded", row.version)


_LOADER = ClassifierLoader()


def current_model() -> classifier.CategoryModel | None:
    return _LOADER.current()


def suggest_service(text: str) -> Service | None:
    """The most likely service for ``text``; ``None`` when no model is stored yet."""
    if not text.strip():
        return None
    model = current_model()
    if model is None:
        return None
    best = model.suggest(text, top=1)[0]
    # Only what the intake needs from the suggestion (the service has ~100 translated columns).
    return Service.objects.only("id", "code", "sla_days").filter(code=best.code).first()
