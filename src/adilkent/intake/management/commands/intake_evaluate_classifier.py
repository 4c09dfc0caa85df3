"""Evaluate the abstaining classifier on the held-out texts, per language and overall.

Trains in memory on the training pairs only (the guide's texts and staff-confirmed requests),
chooses the thresholds on a validation split of them plus the out-of-scope validation texts,
and reports on evaluation/heldout.tsv; it neither reads nor writes the stored versions.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from adilkent.intake import classifier
from adilkent.intake.evaluation import evaluate, out_of_scope_validation_texts
from adilkent.intake.suggest import training_pairs


class Command(BaseCommand):
    help = (
        "Train the classifier on the training pairs only, choose its thresholds on a "
        "validation split and the out-of-scope validation texts, and report accuracy, "
        "macro-F1, coverage at the threshold, accuracy on the answered texts and abstention "
        "on the out-of-scope texts of evaluation/heldout.tsv, per language and overall."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pairs = training_pairs()
        started = time.perf_counter()
        model, chosen = classifier.train_abstaining(pairs, out_of_scope_validation_texts())
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"training texts: {len(pairs)}, categories: {len(model.labels)}, "
            f"trained and validated in {seconds:.1f} s"
        )
        self.stdout.write(
            f"validation: {chosen.validation_texts} texts of the training pairs, "
            f"{chosen.out_of_scope_texts} out-of-scope texts; rule met: {chosen.rule_met}"
        )
        self.stdout.write(
            f"chosen: probability >= {chosen.probability:.2f}, similarity >= "
            f"{chosen.similarity:.2f} (validation coverage {chosen.validation_coverage:.3f}, "
            f"accuracy on answered {chosen.validation_answered_accuracy:.3f}, "
            f"out-of-scope abstention {chosen.out_of_scope_abstention:.3f})"
        )
        header = (
            f"{'language':<9}{'texts':>6}{'accuracy':>10}{'macro-F1':>10}{'coverage':>10}"
            f"{'acc. answered':>15}{'out of scope':>14}{'abstained':>11}"
        )
        self.stdout.write(header)
        figures = evaluate(model)
        for language in [*(k for k in figures if k != "all"), "all"]:
            f = figures[language]
            self.stdout.write(
                f"{language:<9}{f.texts:>6}{f.accuracy:>10.3f}{f.macro_f1:>10.3f}"
                f"{f.coverage:>10.3f}{f.answered_accuracy:>15.3f}{f.out_of_scope:>14}"
                f"{f.abstention:>11.3f}"
            )
