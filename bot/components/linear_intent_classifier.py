"""A linear intent classifier: TF-IDF n-grams (+ dense sentence features).

Rasa's built-in LogisticRegressionClassifier works on raw counts with a fixed
regularisation; on our few hundred examples per intent that underfits. This
component keeps its own sublinear TF-IDF of word 1-2-grams and char_wb 2-4-grams,
appends any dense sentence features earlier featurizers produced (e.g.
MiniLMFeaturizer), and fits a class-balanced logistic regression
(`linear_features.py`). Training takes seconds and is deterministic.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

from components.linear_features import LinearFeatures, PickledState


def fast_scoring(clf: Optional[LogisticRegression]) -> Optional[LogisticRegression]:
    """The same classifier with its weights in column-major order, so scoring does not copy them.

    ``predict_proba`` multiplies the message's sparse row by ``coef_.T``; scipy wants that
    dense operand C-contiguous and copied the whole (classes x 95,000 n-grams) matrix on
    every message when it was not: 8 ms of each turn's 8.5. Stored column-major, ``coef_.T``
    is already C-contiguous: the same numbers, the same products, identical probabilities.
    """
    if clf is not None and getattr(clf, "coef_", None) is not None:
        clf.coef_ = np.asfortranarray(clf.coef_)
    return clf


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class LinearIntentClassifier(PickledState, IntentClassifier, GraphComponent):
    """Class-balanced logistic regression over TF-IDF and dense features."""

    MODEL_FILE = "linear_intent_classifier.pkl"

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "C": 16.0,
            "word_ngrams": [1, 2],
            "char_ngrams": [2, 4],
            "min_df": 1,
            "use_dense_features": True,
            # Scale of the (L2-normalised) dense sentence vector next to TF-IDF.
            "dense_weight": 0.5,
            "max_iter": 3000,
            "random_seed": 42,
            "ranking_length": 10,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn"]

    def restore(self, state: Dict[Text, Any]) -> None:
        self.features = LinearFeatures.from_state(state, float(self.config["dense_weight"]))
        self.clf: Optional[LogisticRegression] = fast_scoring(state.get("clf"))

    def state(self) -> Dict[Text, Any]:
        return {**self.features.state(), "clf": self.clf}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            return self._resource
        self.features = LinearFeatures.fit(
            examples, self.config["word_ngrams"], self.config["char_ngrams"],
            self.config["min_df"], float(self.config["dense_weight"]),
            self.config["use_dense_features"])
        self.clf = LogisticRegression(
            C=self.config["C"],
            max_iter=self.config["max_iter"],
            class_weight="balanced",
            random_state=self.config["random_seed"],
        ).fit(self.features.matrix(examples), [e.get(INTENT) for e in examples])
        self.persist()
        fast_scoring(self.clf)
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        todo = [m for m in messages if m.get(TEXT)]
        if self.clf is None or not todo:
            return messages
        probas = self.clf.predict_proba(self.features.matrix(todo))
        classes = list(self.clf.classes_)
        for message, row in zip(todo, probas):
            ranking = sorted(
                ({"name": c, "confidence": float(p)} for c, p in zip(classes, row)),
                key=lambda e: -e["confidence"],
            )
            message.set(INTENT, ranking[0], add_to_output=True)
            if self.config["ranking_length"] > 0:
                ranking = ranking[: self.config["ranking_length"]]
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
