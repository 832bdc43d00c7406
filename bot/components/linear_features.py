"""What the two learned NLU components share: their features and their saved state.

`LinearIntentClassifier` (the triage label) and `TriageHeads` (the four flags) both read a
message as sublinear TF-IDF word and character n-grams plus the sentence embedding the
MiniLM featurizer put on it, and both keep their fitted parts as one pickle inside the
Rasa model archive.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
from collections import OrderedDict
from typing import Any, Dict, Optional, Sequence, Text

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer

logger = logging.getLogger(__name__)


def sentence_vector(message: Message) -> Optional[np.ndarray]:
    """The message's dense sentence embedding, or None when no featurizer gave one."""
    _, sentence = message.get_dense_features(TEXT)
    return None if sentence is None else np.asarray(sentence.features).reshape(-1)


# The TF-IDF rows of recent messages, per fitted vectorizer pair (its content hash).
# LinearIntentClassifier and TriageHeads are fitted on the same examples, so their
# vectorizers are equal and each message's n-grams are counted once a turn, not twice.
_ROWS: "OrderedDict[tuple[str, str], Any]" = OrderedDict()
_ROWS_LOCK = threading.Lock()
_ROWS_KEPT = 64


class LinearFeatures:
    """Word and character TF-IDF of the text, then the scaled sentence embedding.

    A message without an embedding of the trained size gets zeros in its place, so a
    model trained with the encoder still answers (on the n-grams) if it goes missing."""

    def __init__(self, word: TfidfVectorizer, char: TfidfVectorizer, dense_dim: int,
                 dense_weight: float) -> None:
        self.word = word
        self.char = char
        self.dense_dim = dense_dim
        self.dense_weight = dense_weight
        self._fingerprint: Optional[str] = None

    def fingerprint(self) -> str:
        """A hash of both fitted vectorizers: equal for equal vectorizers."""
        if self._fingerprint is None:
            self._fingerprint = hashlib.sha256(
                pickle.dumps((self.word, self.char), protocol=4)).hexdigest()
        return self._fingerprint

    def ngram_rows(self, texts: Sequence[str]) -> csr_matrix:
        """The word and character TF-IDF of ``texts``, side by side (one row each)."""
        if len(texts) != 1:
            return hstack([self.word.transform(texts), self.char.transform(texts)]).tocsr()
        key = (self.fingerprint(), texts[0])
        with _ROWS_LOCK:
            row = _ROWS.get(key)
            if row is not None:
                _ROWS.move_to_end(key)
                return row.copy()
        row = hstack([self.word.transform(texts), self.char.transform(texts)]).tocsr()
        with _ROWS_LOCK:
            _ROWS[key] = row.copy()
            while len(_ROWS) > _ROWS_KEPT:
                _ROWS.popitem(last=False)
        return row

    @classmethod
    def fit(cls, messages: Sequence[Message], word_ngrams: Sequence[int] = (1, 2),
            char_ngrams: Sequence[int] = (2, 4), min_df: int = 1,
            dense_weight: float = 0.5, use_dense: bool = True) -> "LinearFeatures":
        texts = [m.get(TEXT) or "" for m in messages]
        word = TfidfVectorizer(ngram_range=tuple(word_ngrams), sublinear_tf=True,
                               min_df=min_df).fit(texts)
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(char_ngrams),
                               sublinear_tf=True, min_df=min_df).fit(texts)
        vector = sentence_vector(messages[0]) if use_dense and messages else None
        return cls(word, char, 0 if vector is None else vector.shape[0], dense_weight)

    def matrix(self, messages: Sequence[Message]) -> csr_matrix:
        texts = [m.get(TEXT) or "" for m in messages]
        blocks = [self.ngram_rows(texts)]
        if self.dense_dim:
            rows = []
            for message in messages:
                vector = sentence_vector(message)
                ok = vector is not None and vector.shape[0] == self.dense_dim
                rows.append(vector if ok else np.zeros(self.dense_dim))
            blocks.append(csr_matrix(np.vstack(rows) * self.dense_weight))
        return hstack(blocks).tocsr()

    def state(self) -> Dict[Text, Any]:
        return {"word": self.word, "char": self.char, "dense_dim": self.dense_dim}

    @classmethod
    def from_state(cls, state: Dict[Text, Any], dense_weight: float) -> Optional["LinearFeatures"]:
        if state.get("word") is None or state.get("char") is None:
            return None
        return cls(state["word"], state["char"], state.get("dense_dim", 0), dense_weight)


class PickledState:
    """`persist` and `load` for a component whose fitted parts are one dict, kept as
    `MODEL_FILE` in the component's folder of the model archive."""

    MODEL_FILE: Text = ""

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage,
                 resource: Resource, state: Optional[Dict[Text, Any]] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.restore(state or {})

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def restore(self, state: Dict[Text, Any]) -> None:
        raise NotImplementedError

    def state(self) -> Dict[Text, Any]:
        raise NotImplementedError

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "PickledState":
        return cls(config, model_storage, resource)

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as model_dir:
            with open(model_dir / self.MODEL_FILE, "wb") as fh:
                pickle.dump(self.state(), fh)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "PickledState":
        try:
            with model_storage.read_from(resource) as model_dir:
                with open(model_dir / cls.MODEL_FILE, "rb") as fh:
                    state = pickle.load(fh)
        except (ValueError, FileNotFoundError):
            logger.debug("No trained %s found; starting untrained.", cls.__name__)
            state = None
        return cls(config, model_storage, resource, state)
