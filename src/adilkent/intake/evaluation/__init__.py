"""Hand-written evaluation texts and the measurement of the classifier.

- ``heldout.tsv``: the held-out TEST texts in the six languages, labelled with the service they
  are about, and a block of out-of-scope texts labelled ``none``. Never used for training or for
  choosing anything.
- ``out_of_scope_validation.tsv``: out-of-scope texts used only to choose the classifier's
  thresholds (with a validation split of the training pairs). Never used for training.

All were written for this purpose in the style of residents' messages; none is a real request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adilkent.intake.classifier import CategoryModel

HELDOUT = Path(__file__).with_name("heldout.tsv")
OUT_OF_SCOPE_VALIDATION = Path(__file__).with_name("out_of_scope_validation.tsv")
OUT_OF_SCOPE = "none"  # the label of texts that no category covers
LANGUAGES = ("tr", "en", "ar", "fa", "ru", "uk")


@dataclass(frozen=True)
class Example:
    language: str
    label: str
    text: str

    @property
    def in_scope(self) -> bool:
        return self.label != OUT_OF_SCOPE


def load_heldout(path: Path = HELDOUT) -> list[Example]:
    rows: list[Example] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        language, label, text = line.split("\t")
        rows.append(Example(language, label, text))
    return rows


def out_of_scope_validation_texts(path: Path = OUT_OF_SCOPE_VALIDATION) -> list[str]:
    return [e.text for e in load_heldout(path) if not e.in_scope]


@dataclass
class Figures:
    """The classifier on one group of held-out texts (one language, or all)."""

    texts: int  # in-scope texts
    correct: int  # best category right, whether answered or not
    macro_f1: float
    answered: int
    answered_correct: int
    out_of_scope: int
    out_of_scope_abstained: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.texts if self.texts else 0.0

    @property
    def coverage(self) -> float:
        return self.answered / self.texts if self.texts else 0.0

    @property
    def answered_accuracy(self) -> float:
        return self.answered_correct / self.answered if self.answered else 0.0

    @property
    def abstention(self) -> float:
        return self.out_of_scope_abstained / self.out_of_scope if self.out_of_scope else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "texts": self.texts,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "coverage": round(self.coverage, 4),
            "answered_accuracy": round(self.answered_accuracy, 4),
            "out_of_scope": self.out_of_scope,
            "out_of_scope_abstention": round(self.abstention, 4),
        }


def _figures(model: CategoryModel, examples: Sequence[Example]) -> Figures:
    from sklearn.metrics import f1_score

    inside = [e for e in examples if e.in_scope and e.label in model.labels]
    outside = [e for e in examples if not e.in_scope]
    decisions = model.decide_many([e.text for e in inside])
    predicted = [d.best.code for d in decisions]
    truth = [e.label for e in inside]
    # macro-F1 over the categories these texts are about
    macro = (
        float(f1_score(truth, predicted, labels=sorted(set(truth)), average="macro"))
        if inside
        else 0.0
    )
    abstained = sum(not d.answered for d in model.decide_many([e.text for e in outside]))
    return Figures(
        texts=len(inside),
        correct=sum(p == y for p, y in zip(predicted, truth, strict=True)),
        macro_f1=macro,
        answered=sum(d.answered for d in decisions),
        answered_correct=sum(
            d.answered and p == y for d, p, y in zip(decisions, predicted, truth, strict=True)
        ),
        out_of_scope=len(outside),
        out_of_scope_abstained=abstained,
    )


def evaluate(model: CategoryModel, examples: Sequence[Example] | None = None) -> dict[str, Figures]:
    """Figures per language and for ``"all"`` on the held-out texts (in-scope texts whose
    category the model knows, and the out-of-scope block)."""
    examples = load_heldout() if examples is None else examples
    result = {"all": _figures(model, examples)}
    for language in LANGUAGES:
        subset = [e for e in examples if e.language == language]
        if subset:
            result[language] = _figures(model, subset)
    return result
