"""Measure the category suggestion and language detection on the held-out texts.

Trains its own model in memory from the current training pairs (it neither reads nor writes
the stored versions) and reports the stored version beside it.
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from django.core.management.base import BaseCommand

from adilkent.intake import classifier
from adilkent.intake.evaluation import load_heldout
from adilkent.intake.language import detect_language
from adilkent.intake.models import ClassifierVersion
from adilkent.intake.suggest import training_pairs


class Command(BaseCommand):
    help = "Accuracy of the category classifier and the language detector on held-out texts."

    def handle(self, *args: Any, **options: Any) -> None:
        pairs = training_pairs()
        started = time.perf_counter()
        model = classifier.train([t for t, _ in pairs], [y for _, y in pairs])
        trained = time.perf_counter() - started
        everything = load_heldout()
        examples = [e for e in everything if e.in_scope]
        hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for e in examples:
            hits[e.language][1] += 1
            if model.suggest(e.text, top=1)[0].code == e.label:
                hits[e.language][0] += 1
        total = sum(h[0] for h in hits.values())
        self.stdout.write(
            f"training texts: {len(pairs)}, categories: {len(model.labels)}, trained in {trained:.1f} s"
        )
        self.stdout.write(
            f"category accuracy on {len(examples)} held-out texts in scope: {total / len(examples):.3f}"
        )
        for language, (ok, n) in sorted(hits.items()):
            self.stdout.write(f"  {language}: {ok}/{n}")
        stored = ClassifierVersion.objects.defer("pipeline").first()
        if stored is None:
            self.stdout.write("stored classifier: none yet (manage.py intake_train_classifier)")
        else:
            self.stdout.write(
                f"stored classifier: v{stored.version}, trained {stored.trained_at:%Y-%m-%d %H:%M} "
                f"on {stored.n_training_texts} texts, held-out accuracy "
                f"{stored.metrics.get('heldout_accuracy', 'n/a')}"
            )
        started = time.perf_counter()
        right = sum(detect_language(e.text) == e.language for e in everything)
        self.stdout.write(
            f"language detection: {right}/{len(everything)} correct "
            f"({time.perf_counter() - started:.1f} s including loading the detector)"
        )
