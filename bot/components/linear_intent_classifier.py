"""A linear intent classifier: TF-IDF n-grams (+ dense sentence features).

Rasa's built-in LogisticRegressionClassifier works on raw counts with a fixed
regularisation; on our few hundred examples per intent that underfits. This
component keeps its own sublinear TF-IDF of word 1-2-grams and char_wb 2-4-grams,
appends any dense sentence features earlier featurizers produced (e.g.
MiniLMFeaturizer), and fits a class-balanced logistic regression. Training
takes seconds and is deterministic.
"""

from __future__ import annotations

import logging
import pickle
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

logger = logging.getLogger(__name__)

_MODEL_FILE = "linear_intent_classifier.pkl"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    """Class-balanced logistic regression over TF-IDF and dense features."""

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

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        state: Optional[Dict[Text, Any]] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        state = state or {}
        self.word_vectorizer: Optional[TfidfVectorizer] = state.get("word")
        self.char_vectorizer: Optional[TfidfVectorizer] = state.get("char")
        self.clf: Optional[LogisticRegression] = state.get("clf")
        self.dense_dim: int = state.get("dense_dim", 0)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LinearIntentClassifier":
        return cls(config, model_storage, resource)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass

    def _dense(self, messages: List[Message]) -> Optional[np.ndarray]:
        if not self.config["use_dense_features"]:
            return None
        rows = []
        for message in messages:
            _, sentence = message.get_dense_features(TEXT)
            if sentence is None:
                return None
            rows.append(np.asarray(sentence.features).reshape(-1))
        return np.vstack(rows) * float(self.config["dense_weight"])

    def _matrix(self, messages: List[Message]) -> csr_matrix:
        texts = [m.get(TEXT) or "" for m in messages]
        blocks = [self.word_vectorizer.transform(texts), self.char_vectorizer.transform(texts)]
        if self.dense_dim:
            dense = self._dense(messages)
            if dense is None or dense.shape[1] != self.dense_dim:
                dense = np.zeros((len(messages), self.dense_dim))
            blocks.append(csr_matrix(dense))
        return hstack(blocks).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            return self._resource
        texts = [e.get(TEXT) for e in examples]
        labels = [e.get(INTENT) for e in examples]
        self.word_vectorizer = TfidfVectorizer(
            ngram_range=tuple(self.config["word_ngrams"]),
            sublinear_tf=True,
            min_df=self.config["min_df"],
        ).fit(texts)
        self.char_vectorizer = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=tuple(self.config["char_ngrams"]),
            sublinear_tf=True,
            min_df=self.config["min_df"],
        ).fit(texts)
        dense = self._dense(examples)
        self.dense_dim = 0 if dense is None else dense.shape[1]
        self.clf = LogisticRegression(
            C=self.config["C"],
            max_iter=self.config["max_iter"],
            class_weight="balanced",
            random_state=self.config["random_seed"],
        ).fit(self._matrix(examples), labels)
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self.clf is None:
            return messages
        todo = [m for m in messages if m.get(TEXT)]
        if not todo:
            return messages
        probas = self.clf.predict_proba(self._matrix(todo))
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

    def persist(self) -> None:
        state = {
            "word": self.word_vectorizer,
            "char": self.char_vectorizer,
            "clf": self.clf,
            "dense_dim": self.dense_dim,
        }
        with self._model_storage.write_to(self._resource) as model_dir:
            with open(model_dir / _MODEL_FILE, "wb") as fh:
                pickle.dump(state, fh)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LinearIntentClassifier":
        try:
            with model_storage.read_from(resource) as model_dir:
                # Our own training output inside the model archive.
                with open(model_dir / _MODEL_FILE, "rb") as fh:
                    state = pickle.load(fh)
        except (ValueError, FileNotFoundError):
            logger.debug("No trained LinearIntentClassifier found; starting untrained.")
            state = None
        return cls(config, model_storage, resource, state)
