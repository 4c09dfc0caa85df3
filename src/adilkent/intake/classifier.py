"""Suggest a service (category) for a request from its text, in any language, offline, or say
that it is not sure.

TF-IDF over character 2–5-grams of the text lower-cased with Turkish rules, and a linear SVM
(scikit-learn) whose scores are turned into probabilities by sigmoid (Platt) calibration on
cross-validated predictions. Character n-grams work across scripts and survive spelling
variants and suffixes (Turkish is agglutinative).

A suggestion is made only when the calibrated probability of the best category reaches the
model's ``threshold`` and the text is close enough to some training text (cosine similarity of
the TF-IDF vectors at least ``min_similarity``; a text sharing no n-gram with any training text
is never answered). Both thresholds are chosen on a validation split of the training pairs plus
texts about matters outside every category (:func:`choose_thresholds`); see
docs/decisions/0015-abstaining-classifier.md. No Django here: callers pass the training pairs.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from adilkent.text import turkish_lower

# The rule for the thresholds: the answered validation texts must be right at least this often,
# and at least this share of the out-of-scope validation texts must be abstained on.
MIN_ANSWERED_ACCURACY = 0.9
MIN_OUT_OF_SCOPE_ABSTENTION = 0.9
VALIDATION_SHARE = 0.25
VALIDATION_SEED = 12
CALIBRATION_FOLDS = 5
# Candidate thresholds, searched in steps of 0.01.
PROBABILITY_GRID = [i / 100 for i in range(0, 101)]
SIMILARITY_GRID = [i / 100 for i in range(0, 61)]
# Up to this many texts at once are vectorised by :class:`_TfIdf` (a request's one text), more
# by scikit-learn (training, evaluation).
FEW_TEXTS = 8


def normalise(text: str) -> str:
    return " ".join(turkish_lower(text).split())


@dataclass
class Suggestion:
    code: str
    score: float  # calibrated probability, 0–1


@dataclass
class Decision:
    """The best category for a text, how sure the model is, and whether it answers."""

    best: Suggestion
    similarity: float
    answered: bool

    @property
    def probability(self) -> float:
        return self.best.score


@dataclass(frozen=True)
class _Calibrated:
    """One fitted linear SVM and its sigmoid calibrators, as plain arrays."""

    coef_t: Any  # (features × the estimator's classes), C-contiguous
    intercept: Any
    a: Any  # the sigmoid calibrators' slopes and offsets, one per estimator class
    b: Any
    columns: Any  # each estimator class's column in the output


@dataclass(frozen=True)
class _Compiled:
    """The fitted pipeline's prediction as array arithmetic, without scikit-learn's per-call
    input checks (one request: 0.5 ms instead of 6 ms; see :meth:`CategoryModel.compiled`)."""

    parts: list[_Calibrated]
    n_classes: int

    def probabilities(self, vectors: Any) -> Any:
        import numpy as np
        from scipy.special import expit

        n = vectors.shape[0]
        total = np.zeros((n, self.n_classes))
        for part in self.parts:
            scores = np.asarray(vectors @ part.coef_t) + part.intercept
            proba = np.zeros((n, self.n_classes))
            proba[:, part.columns] = expit(-(part.a * scores + part.b))
            if self.n_classes == 2:
                proba[:, 0] = 1.0 - proba[:, 1]
            else:
                denominator = proba.sum(axis=1)[:, np.newaxis]
                uniform = np.full_like(proba, 1 / self.n_classes)
                proba = np.divide(proba, denominator, out=uniform, where=denominator != 0)
            proba[(proba > 1.0) & (proba <= 1.0 + 1e-5)] = 1.0
            total += proba
        return total / len(self.parts)


@dataclass(frozen=True)
class _TfIdf:
    """A fitted ``TfidfVectorizer``'s ``transform`` for a few texts as plain Python and NumPy:
    the same analyser, vocabulary and weights, the same operations in the same order
    (``1 + log(count)``, times the idf, divided by the L2 norm summed in index order), so the
    same figures, without the per-call input checks (0.44 of 0.75 ms for one text)."""

    analyse: Any  # the vectorizer's own ``build_analyzer()``
    vocabulary: dict[str, int]
    idf: Any
    sublinear: bool

    def transform(self, texts: Sequence[str]) -> Any:
        import numpy as np
        from scipy.sparse import csr_matrix

        indptr = [0]
        indices: list[int] = []
        counts: list[int] = []
        for text in texts:
            found: dict[int, int] = {}
            for gram in self.analyse(text):
                j = self.vocabulary.get(gram)
                if j is not None:
                    found[j] = found.get(j, 0) + 1
            for j in sorted(found):
                indices.append(j)
                counts.append(found[j])
            indptr.append(len(indices))
        columns = np.asarray(indices, dtype=np.int32)
        data = np.asarray(counts, dtype=np.float64)
        if self.sublinear:
            np.log(data, data)
            data += 1.0
        data *= self.idf[columns]
        for start, end in itertools.pairwise(indptr):
            total = 0.0
            for value in data[start:end].tolist():
                total += value * value
            if total != 0.0:
                data[start:end] /= math.sqrt(total)
        return csr_matrix(
            (data, columns, np.asarray(indptr, dtype=np.int32)),
            shape=(len(texts), len(self.idf)),
        )


def _compile_vectorizer(vectorizer: Any) -> _TfIdf | None:
    """:class:`_TfIdf` for a ``TfidfVectorizer`` with the settings it reproduces (L2 norm,
    idf weights, counts, float64); ``None`` for anything else."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    if (
        type(vectorizer) is not TfidfVectorizer
        or vectorizer.norm != "l2"
        or not vectorizer.use_idf
        or vectorizer.binary
        or vectorizer.dtype is not np.float64
        or not hasattr(vectorizer, "idf_")
    ):
        return None
    return _TfIdf(
        analyse=vectorizer.build_analyzer(),
        vocabulary=dict(vectorizer.vocabulary_),
        idf=np.asarray(vectorizer.idf_, dtype=np.float64),
        sublinear=bool(vectorizer.sublinear_tf),
    )


def _compile(pipeline: Any) -> _Compiled | None:
    """The pipeline's arithmetic as in scikit-learn's ``CalibratedClassifierCV`` (sigmoid) over
    a linear model; ``None`` for any other shape, which then goes through scikit-learn."""
    import numpy as np

    try:
        calibrated = pipeline[-1]
        if len(pipeline) != 2 or getattr(calibrated, "method", None) != "sigmoid":
            return None
        classes = np.asarray(calibrated.classes_)
        parts = []
        for one in calibrated.calibrated_classifiers_:
            estimator = one.estimator
            coef = np.asarray(estimator.coef_, dtype=float)
            columns = np.searchsorted(classes, estimator.classes_)
            if len(classes) == 2:
                columns = np.array([1])
            if len(one.calibrators) != coef.shape[0]:
                return None
            parts.append(
                _Calibrated(
                    coef_t=np.ascontiguousarray(coef.T),
                    intercept=np.asarray(estimator.intercept_, dtype=float),
                    a=np.array([c.a_ for c in one.calibrators], dtype=float),
                    b=np.array([c.b_ for c in one.calibrators], dtype=float),
                    columns=columns,
                )
            )
    except (AttributeError, TypeError, IndexError, ValueError):
        return None
    return _Compiled(parts=parts, n_classes=len(classes)) if parts else None


@dataclass
class CategoryModel:
    labels: list[str]
    n_training_texts: int
    pipeline: Any = field(repr=False)
    # L2-normalised TF-IDF rows of the training texts, for the similarity check.
    training_matrix: Any = field(default=None, repr=False)
    threshold: float = 0.0
    min_similarity: float = 0.0
    _compiled: _Compiled | None = field(default=None, init=False, repr=False, compare=False)
    _tfidf: _TfIdf | None = field(default=None, init=False, repr=False, compare=False)
    _training_t: Any = field(default=None, init=False, repr=False, compare=False)
    _ready: bool = field(default=False, init=False, repr=False, compare=False)

    def compiled(self) -> _Compiled | None:
        """The prediction as plain arrays, built once: the same figures as the pipeline's
        ``predict_proba`` (checked in ``tests/test_text_models.py``), without its input checks,
        which is much of the cost for one text. The training matrix is kept transposed."""
        self._prepare()
        return self._compiled

    def _prepare(self) -> None:
        if not self._ready:
            self._compiled = _compile(self.pipeline)
            self._tfidf = _compile_vectorizer(self.pipeline[0])
            if self.training_matrix is not None:
                self._training_t = self.training_matrix.T.tocsr()
            self._ready = True

    def vectors(self, texts: Sequence[str]) -> Any:
        """The texts' TF-IDF rows (CSR), as the pipeline's vectorizer gives them."""
        self._prepare()
        if self._tfidf is not None and len(texts) <= FEW_TEXTS:
            return self._tfidf.transform(texts)
        return self.pipeline[0].transform(list(texts))

    def probabilities(self, texts: Sequence[str], vectors: Any = None) -> Any:
        compiled = self.compiled()
        if compiled is None:
            return self.pipeline.predict_proba(list(texts))
        return compiled.probabilities(self.vectors(texts) if vectors is None else vectors)

    def similarities(self, texts: Sequence[str], vectors: Any = None) -> list[float]:
        """The highest cosine similarity of each text to any training text."""
        if self.training_matrix is None:
            return [1.0] * len(texts)
        self._prepare()
        if vectors is None:
            vectors = self.vectors(texts)
        # Each row's largest entry, zeros not stored included (as ``.max(axis=1)``, without
        # its dense copy: a third of the time for one text).
        product = (vectors @ self._training_t).tocsr()
        width = product.shape[1]
        best = []
        bounds = product.indptr.tolist()
        for start, end in itertools.pairwise(bounds):
            top = float(product.data[start:end].max()) if end > start else 0.0
            best.append(max(top, 0.0) if end - start < width else top)
        return best

    def suggest(self, text: str, top: int = 3) -> list[Suggestion]:
        """The ``top`` most likely labels, best first, with their calibrated probabilities."""
        row = self.probabilities([text])[0]
        pairs = sorted(
            ((label, float(p)) for label, p in zip(self.labels, row, strict=True)),
            key=lambda p: p[1],
            reverse=True,
        )
        return [Suggestion(code, score) for code, score in pairs[:top]]

    def decide_many(self, texts: Sequence[str]) -> list[Decision]:
        if not texts:
            return []
        vectors = self.vectors(texts)
        rows = self.probabilities(texts, vectors)
        decisions = []
        for row, similarity in zip(rows, self.similarities(texts, vectors), strict=True):
            index = int(row.argmax())
            best = Suggestion(self.labels[index], float(row[index]))
            answered = (
                best.score >= self.threshold
                and similarity >= self.min_similarity
                and similarity > 0
            )
            decisions.append(Decision(best, similarity, answered))
        return decisions

    def decide(self, text: str) -> Decision:
        """The best category and whether the model is sure enough to suggest it."""
        return self.decide_many([text])[0]


def _pipeline(folds: int) -> Any:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    return make_pipeline(
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            preprocessor=normalise,
            sublinear_tf=True,
            min_df=1,
        ),
        CalibratedClassifierCV(
            LinearSVC(C=1.0, class_weight="balanced"),
            method="sigmoid",
            cv=folds,
            ensemble=False,
        ),
    )


def train(texts: Sequence[str], labels: Sequence[str]) -> CategoryModel:
    """Fit the model (thresholds 0: it answers everything it shares an n-gram with).

    Raises ``ValueError`` with fewer than two categories; a category with fewer than two texts
    cannot be calibrated and is left out.
    """
    if len(texts) != len(labels):
        raise ValueError("texts and labels differ in length")
    counts: dict[str, int] = defaultdict(int)
    for label in labels:
        counts[label] += 1
    kept = [(t, y) for t, y in zip(texts, labels, strict=True) if counts[y] >= 2]
    if len({y for _t, y in kept}) < 2:
        raise ValueError("at least two categories are needed to train a classifier")
    smallest = min(n for n in counts.values() if n >= 2)
    pipeline = _pipeline(folds=max(2, min(CALIBRATION_FOLDS, smallest)))
    pipeline.fit([t for t, _y in kept], [y for _t, y in kept])
    matrix = pipeline[0].transform([t for t, _y in kept])
    classes = [str(c) for c in pipeline.classes_]
    return CategoryModel(
        labels=classes, n_training_texts=len(kept), pipeline=pipeline, training_matrix=matrix
    )


def validation_split(
    pairs: Sequence[tuple[str, str]], share: float = VALIDATION_SHARE, seed: int = VALIDATION_SEED
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(training, validation): ``share`` of each category's texts, drawn with a fixed seed."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for text, label in pairs:
        by_label[label].append(text)
    rng = random.Random(seed)
    training, validation = [], []
    for label in sorted(by_label):
        texts = sorted(by_label[label])
        rng.shuffle(texts)
        n = int(len(texts) * share) if len(texts) >= 4 else 0
        validation += [(t, label) for t in texts[:n]]
        training += [(t, label) for t in texts[n:]]
    return training, validation


@dataclass
class Thresholds:
    probability: float
    similarity: float
    rule_met: bool
    validation_texts: int = 0
    out_of_scope_texts: int = 0
    validation_coverage: float = 0.0
    validation_answered_accuracy: float = 0.0
    out_of_scope_abstention: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in vars(self).items()}


def choose_thresholds(
    model: CategoryModel,
    validation: Sequence[tuple[str, str]],
    out_of_scope: Sequence[str],
) -> Thresholds:
    """The thresholds that answer the most validation texts while the answered ones are right
    at least ``MIN_ANSWERED_ACCURACY`` of the time and at least ``MIN_OUT_OF_SCOPE_ABSTENTION``
    of the out-of-scope texts are abstained on (ties: the lower thresholds). ``model`` must not
    have been trained on the validation texts. When no pair meets the rule the model answers
    nothing (probability threshold above 1): every request goes to the operators."""
    inside = model.decide_many([t for t, _y in validation])
    outside = model.decide_many(list(out_of_scope))
    right = [d.best.code == y for d, (_t, y) in zip(inside, validation, strict=True)]
    best: tuple[float, float, float, float, float] | None = None
    for min_similarity in SIMILARITY_GRID:
        for threshold in PROBABILITY_GRID:

            def answers(d: Decision, t: float = threshold, s: float = min_similarity) -> bool:
                return d.probability >= t and d.similarity >= s and d.similarity > 0

            answered = [ok for d, ok in zip(inside, right, strict=True) if answers(d)]
            if not answered:
                break
            accuracy = sum(answered) / len(answered)
            abstention = sum(not answers(d) for d in outside) / len(outside) if outside else 1.0
            if accuracy >= MIN_ANSWERED_ACCURACY and abstention >= MIN_OUT_OF_SCOPE_ABSTENTION:
                coverage = len(answered) / len(inside)
                candidate = (coverage, -threshold, -min_similarity, accuracy, abstention)
                if best is None or candidate > best:
                    best = candidate
                break  # a higher threshold with this similarity answers no more texts
    if best is None:
        return Thresholds(1.01, 0.0, False, len(validation), len(out_of_scope))
    coverage, threshold, min_similarity, accuracy, abstention = best
    return Thresholds(
        probability=-threshold,
        similarity=-min_similarity,
        rule_met=True,
        validation_texts=len(validation),
        out_of_scope_texts=len(out_of_scope),
        validation_coverage=coverage,
        validation_answered_accuracy=accuracy,
        out_of_scope_abstention=abstention,
    )


def train_abstaining(
    pairs: Sequence[tuple[str, str]], out_of_scope: Sequence[str]
) -> tuple[CategoryModel, Thresholds]:
    """Choose the thresholds on a validation split, then train on every pair and apply them."""
    training, validation = validation_split(pairs)
    if validation:
        trial = train([t for t, _y in training], [y for _t, y in training])
        kept = [(t, y) for t, y in validation if y in trial.labels]
        thresholds = choose_thresholds(trial, kept, out_of_scope)
    else:
        thresholds = Thresholds(1.01, 0.0, False)
    model = train([t for t, _y in pairs], [y for _t, y in pairs])
    model.threshold, model.min_similarity = thresholds.probability, thresholds.similarity
    return model, thresholds


def accuracy(model: CategoryModel, texts: Sequence[str], labels: Sequence[str]) -> float:
    if not texts:
        raise ValueError("no evaluation texts")
    hits = sum(model.suggest(t, top=1)[0].code == y for t, y in zip(texts, labels, strict=True))
    return hits / len(texts)
