"""The process-wide category model: trained on the guide's texts and staff-confirmed requests.

Trained lazily on first use and again when the training data changed (new services, newly
confirmed requests), so staff confirmations improve later suggestions.
"""

from __future__ import annotations

import threading

from django.db.models import Count, Max

from adilkent.guide.models import Service
from adilkent.guide.selectors import service_training_texts

from . import classifier

_LOCK = threading.Lock()
_STATE: dict[str, object] = {}


def training_pairs() -> list[tuple[str, str]]:
    from .models import Request

    pairs = service_training_texts()
    confirmed = Request.objects.filter(category_confirmed=True, service__isnull=False)
    pairs += [(text, code) for text, code in confirmed.values_list("text", "service__code")]
    return pairs


def _fingerprint() -> tuple[object, ...]:
    from .models import Request

    services = Service.objects.aggregate(n=Count("id"), m=Max("id"))
    confirmed = Request.objects.filter(category_confirmed=True).aggregate(
        n=Count("id"), m=Max("updated_at")
    )
    return (services["n"], services["m"], confirmed["n"], confirmed["m"])


def current_model() -> classifier.CategoryModel | None:
    fingerprint = _fingerprint()
    with _LOCK:
        if _STATE.get("fingerprint") != fingerprint:
            pairs = training_pairs()
            try:
                model = classifier.train([p[0] for p in pairs], [p[1] for p in pairs])
            except ValueError:
                model = None
            _STATE["model"] = model
            _STATE["fingerprint"] = fingerprint
        return _STATE.get("model")  # type: ignore[return-value]


def suggest_service(text: str) -> Service | None:
    model = current_model()
    if model is None or not text.strip():
        return None
    best = model.suggest(text, top=1)[0]
    # Only what the intake needs from the suggestion (the service has ~100 translated columns).
    return Service.objects.only("id", "code", "sla_days").filter(code=best.code).first()
