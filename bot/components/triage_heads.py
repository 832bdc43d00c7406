"""Learned triage flags: immediate danger, acting for someone, reported before, vulnerability.

Each flag is its own class-balanced logistic regression over the same features as the
intent classifier (sublinear TF-IDF word and character n-grams plus the sentence
embedding). They learn from the triage corpus (`data/triage/train/*.jsonl`), whose rows
reach the NLU data with their flags as example metadata (`scripts/corpus_to_nlu.py`).

Thresholds are set at training time from out-of-fold predictions: danger is recall
first (the highest threshold that still recalls `danger_recall` of the training
dangers out of fold: a false alarm costs a signposting message, a miss could cost a
life); the other flags take the threshold with the best out-of-fold agreement.

Output, on every parsed message: ``triage_scores = {"flags": {name: bool},
"p": {name: probability}}``, read by ``actions/triage.py``.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from components.linear_features import LinearFeatures, PickledState

logger = logging.getLogger(__name__)

FLAGS = ("emergency", "on_behalf", "prior_report", "vulnerability")
OUTPUT = "triage_scores"


def example_flags(message: Message) -> Optional[Dict[str, bool]]:
    """The flags a training example carries, or None when it carries none.

    An `emergency` intent example is a danger whether or not it has metadata."""
    metadata = (message.get("metadata") or {}).get("example") or {}
    flags = metadata.get("triage") if isinstance(metadata, dict) else None
    if isinstance(flags, dict):
        return {name: bool(flags.get(name)) for name in FLAGS}
    if message.get(INTENT) == "emergency":
        return {"emergency": True}
    return None


def pick_threshold(y: np.ndarray, p: np.ndarray, recall: Optional[float]) -> float:
    """The recall-first threshold (if `recall` is given) or the best-agreement one."""
    candidates = np.unique(np.concatenate([p, [0.5]]))
    if recall is not None:
        positives = np.sort(p[y])
        if not len(positives):
            return 0.5
        # The largest threshold that keeps at least `recall` of the positives.
        keep = int(np.ceil(recall * len(positives)))
        return float(positives[len(positives) - keep]) if keep else 0.5
    agreement = [np.mean((p >= t) == y) for t in candidates]
    return float(candidates[int(np.argmax(agreement))])


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class TriageHeads(PickledState, GraphComponent):
    """One binary classifier per triage flag, with thresholds set from held-out folds."""

    MODEL_FILE = "triage_heads.pkl"

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "C": 4.0,
            "dense_weight": 0.5,
            "danger_recall": 0.99,
            "folds": 5,
            "max_iter": 3000,
            "random_seed": 42,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn"]

    def restore(self, state: Dict[Text, Any]) -> None:
        self.features = LinearFeatures.from_state(state, float(self.config["dense_weight"]))
        self.heads: Dict[str, LogisticRegression] = state.get("heads", {})
        self.thresholds: Dict[str, float] = state.get("thresholds", {})

    def state(self) -> Dict[Text, Any]:
        return {**self.features.state(), "heads": self.heads, "thresholds": self.thresholds}

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        labelled = [(m, example_flags(m)) for m in examples]
        labelled = [(m, f) for m, f in labelled if f is not None]
        if not labelled:
            return self._resource
        self.features = LinearFeatures.fit(examples,
                                           dense_weight=float(self.config["dense_weight"]))
        for name in FLAGS:
            rows = [(m, f[name]) for m, f in labelled if name in f]
            y = np.array([v for _, v in rows])
            if len(rows) < 20 or y.all() or not y.any():
                continue
            x = self.features.matrix([m for m, _ in rows])
            clf = LogisticRegression(
                C=self.config["C"], max_iter=self.config["max_iter"], class_weight="balanced",
                random_state=self.config["random_seed"],
            )
            folds = StratifiedKFold(self.config["folds"], shuffle=True,
                                    random_state=self.config["random_seed"])
            held_out = cross_val_predict(clf, x, y, cv=folds, method="predict_proba")[:, 1]
            recall = self.config["danger_recall"] if name == "emergency" else None
            self.thresholds[name] = pick_threshold(y, held_out, recall)
            self.heads[name] = clf.fit(x, y)
            logger.info("triage head %s: %d examples, threshold %.3f", name, len(rows),
                        self.thresholds[name])
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        todo = [m for m in messages if m.get(TEXT)]
        if not todo or not self.heads:
            return messages
        x = self.features.matrix(todo)
        probs = {name: clf.predict_proba(x)[:, 1] for name, clf in self.heads.items()}
        for i, message in enumerate(todo):
            p = {name: round(float(v[i]), 4) for name, v in probs.items()}
            flags = {name: p[name] >= self.thresholds[name] for name in p}
            message.set(OUTPUT, {"flags": flags, "p": p}, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
