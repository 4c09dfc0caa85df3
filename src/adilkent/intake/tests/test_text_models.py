"""Language detection and category suggestion, measured on hand-labelled held-out texts.

The held-out texts (evaluation/heldout.tsv) are never used for training; their labels were
written by hand (``none``: a matter outside every category, see test_abstaining.py). The
classifier is trained as in a deployment, on the guide's services and HİM's service map
(``load_units``). The thresholds are not the measured figures: they say the methods are far
better than guessing (1 in 28 services; 1 in 6 languages).
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from adilkent.intake import classifier
from adilkent.intake.evaluation import load_heldout
from adilkent.intake.language import detect_language
from adilkent.intake.suggest import training_pairs

pytestmark = pytest.mark.django_db


def test_heldout_texts_cover_six_languages_and_are_not_training_texts() -> None:
    examples = load_heldout()
    assert {e.language for e in examples} == {"tr", "en", "ar", "fa", "ru", "uk"}
    training = {text for text, _label in training_pairs()}
    assert not training & {e.text for e in examples}


def test_language_detection_on_heldout_texts() -> None:
    examples = load_heldout()
    correct = sum(detect_language(e.text) == e.language for e in examples)
    assert correct / len(examples) >= 0.9
    assert detect_language("12345 !!") == ""


def test_category_suggestion_beats_guessing_by_far_on_heldout_texts() -> None:
    call_command("load_units", stdout=StringIO())
    pairs = training_pairs()
    model = classifier.train([t for t, _ in pairs], [y for _, y in pairs])
    examples = [e for e in load_heldout() if e.in_scope]
    score = classifier.accuracy(model, [e.text for e in examples], [e.label for e in examples])
    chance = 1 / len(model.labels)
    assert score >= 0.7 > 5 * chance


def test_training_needs_two_categories() -> None:
    with pytest.raises(ValueError, match="two categories"):
        classifier.train(["a", "b"], ["x", "x"])


def _pipeline_similarities(model: classifier.CategoryModel, texts: list[str]) -> list[float]:
    vectors = model.pipeline[0].transform(texts)
    return [float(s) for s in (vectors @ model.training_matrix.T).max(axis=1).toarray().ravel()]


def test_the_models_arithmetic_gives_scikit_learns_figures() -> None:
    """The per-request prediction (``CategoryModel.compiled``) is scikit-learn's own
    ``predict_proba`` and cosine similarity, figure for figure, on the held-out texts: the
    28-service model as a deployment trains it, and a two-category one (one calibrator)."""
    import numpy as np

    call_command("load_units", stdout=StringIO())
    pairs = training_pairs()
    texts = [e.text for e in load_heldout()] + ["", "12345 !!", "zzzz qqqq"]
    two = [(t, y) for t, y in pairs if y in {"legal-aid", "him"}]
    for chosen in (pairs, two):
        model = classifier.train([t for t, _ in chosen], [y for _, y in chosen])
        assert model.compiled() is not None
        expected = model.pipeline.predict_proba(texts)
        got = model.probabilities(texts)
        assert got.shape == expected.shape == (len(texts), len(model.labels))
        assert np.allclose(got, expected, rtol=0, atol=1e-12)
        assert np.allclose(
            model.similarities(texts), _pipeline_similarities(model, texts), rtol=0, atol=1e-12
        )
        decisions = model.decide_many(texts)
        assert [d.best.code for d in decisions] == [
            model.labels[int(i)] for i in expected.argmax(axis=1)
        ]


def test_one_texts_vector_is_scikit_learns_to_the_bit() -> None:
    """A request's text (and a few at once) is vectorised without scikit-learn's
    ``transform`` (:class:`classifier._TfIdf`): the same n-grams, columns and weights, bit for
    bit, and so the same probabilities and similarity as the pipeline's for that text alone."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    call_command("load_units", stdout=StringIO())
    pairs = training_pairs()
    model = classifier.train([t for t, _ in pairs], [y for _, y in pairs])
    texts = [e.text for e in load_heldout()] + [
        "",
        "12345 !!",
        "zzzz qqqq",
        "su su su su SU Su suyu İZMİR ızmir",  # repeated n-grams, Turkish capitals
    ]
    vectorizer = model.pipeline[0]
    for text in texts:
        got, expected = model.vectors([text]), vectorizer.transform([text])
        assert got.shape == expected.shape
        assert got.indptr.tolist() == expected.indptr.tolist()
        assert got.indices.tolist() == expected.indices.tolist()
        assert got.data.tolist() == expected.data.tolist()
        assert np.allclose(
            model.probabilities([text]), model.pipeline.predict_proba([text]), rtol=0, atol=1e-12
        )
        assert model.similarities([text]) == _pipeline_similarities(model, [text])
    few = texts[: classifier.FEW_TEXTS]
    assert (model.vectors(few) != vectorizer.transform(few)).nnz == 0
    # Settings it does not reproduce go through scikit-learn.
    assert classifier._compile_vectorizer(vectorizer) is not None
    for settings in ({"norm": "l1"}, {"use_idf": False}, {"binary": True}):
        other = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), **settings)
        other.fit(["bir iki", "üç dört"])
        assert classifier._compile_vectorizer(other) is None
