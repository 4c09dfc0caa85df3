"""Suggest a service (category) for a request from its text, in any language, offline.

TF-IDF over character 2–5-grams of the text lower-cased with Turkish rules, and a linear SVM
(scikit-learn). Character n-grams work across scripts and survive spelling variants and
suffixes (Turkish is agglutinative). No Django here: callers pass the training pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from adilkent.text import turkish_lower


def normalise(text: str) -> str:
    return " ".join(turkish_lower(text).split())


@dataclass
class Suggestion:
    code: str
    score: float


@dataclass
class CategoryModel:
    labels: list[str]
    n_training_texts: int
    pipeline: object = field(repr=False)

    def suggest(self, text: str, top: int = 3) -> list[Suggestion]:
        """The ``top`` most likely labels, best first, with their decision scores."""
        scores = self.pipeline.decision_function([text])[0]  # type: ignore[attr-defined]
        if len(self.labels) == 2:  # binary SVM gives one score for the second class
            pairs = [(self.labels[1], float(scores)), (self.labels[0], -float(scores))]
        else:
            pairs = [(label, float(s)) for label, s in zip(self.labels, scores, strict=True)]
        pairs.sort(key=lambda p: p[1], reverse=True)
        return [Suggestion(code, score) for code, score in pairs[:top]]


def train(texts: Sequence[str], labels: Sequence[str]) -> CategoryModel:
    """Fit the model; raises ``ValueError`` with fewer than two labels."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    if len(texts) != len(labels):
        raise ValueError("texts and labels differ in length")
    if len(set(labels)) < 2:
        raise ValueError("at least two categories are needed to train a classifier")
    pipeline = make_pipeline(
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            preprocessor=normalise,
            sublinear_tf=True,
            min_df=1,
        ),
        LinearSVC(C=1.0, class_weight="balanced"),
    )
    pipeline.fit(list(texts), list(labels))
    classes = [str(c) for c in pipeline.classes_]
    return CategoryModel(labels=classes, n_training_texts=len(texts), pipeline=pipeline)


def accuracy(model: CategoryModel, texts: Sequence[str], labels: Sequence[str]) -> float:
    if not texts:
        raise ValueError("no evaluation texts")
    hits = sum(model.suggest(t, top=1)[0].code == y for t, y in zip(texts, labels, strict=True))
    return hits / len(texts)
