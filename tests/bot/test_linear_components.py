"""The two learned NLU components train, keep their state in a Rasa model folder and
read it back (bot/components/linear_features.py, linear_intent_classifier.py,
triage_heads.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bot"))

from components.linear_intent_classifier import LinearIntentClassifier
from components.triage_heads import OUTPUT, TriageHeads

DANGER = ["gas smell in the kitchen", "water pouring onto the sockets", "smoke coming from the meter",
          "ceiling is coming down now", "sparks from the fuse box", "stuck in the lift"]
ROUTINE = ["tap dripping in the bathroom", "fence panel loose", "please book a gas service",
           "cupboard door hinge broke", "light bulb in the hall", "gutter needs clearing"]


def message(text: str, intent: str, danger: bool, dense: bool) -> Message:
    m = Message(data={TEXT: text, "intent": intent, "metadata": {"example": {"triage": {
        "emergency": danger, "on_behalf": False, "prior_report": False, "vulnerability": False}}}})
    if dense:
        # A stand-in sentence vector: the danger rows lean one way, the rest the other.
        vector = np.full((1, 8), 0.1) + (0.3 if danger else -0.3) * np.eye(1, 8)
        m.add_features(Features(vector, "sentence", TEXT, "test"))
    return m


def training(dense: bool) -> TrainingData:
    # Rasa drops repeated examples: each text in four wordings.
    tails = ("", " please", " today", " at number 4")
    rows = [message(t + tail, "emergency", True, dense) for t in DANGER for tail in tails]
    rows += [message(t + tail, "service_request", False, dense) for t in ROUTINE for tail in tails]
    return TrainingData(training_examples=rows)


@pytest.mark.parametrize("dense", [True, False])
@pytest.mark.parametrize("component", [LinearIntentClassifier, TriageHeads])
def test_trains_persists_and_loads(tmp_path, component, dense):
    storage = LocalModelStorage(tmp_path)
    resource = Resource(component.__name__)
    context = ExecutionContext(GraphSchema({}), "test")
    trained = component.create({"folds": 2}, storage, resource, context)
    trained.train(training(dense))
    loaded = component.load({"folds": 2}, storage, resource, context)
    assert loaded.features.dense_dim == (8 if dense else 0)

    probe = [message("there's a gas smell in the kitchen", "", True, dense),
             message("the tap in the bathroom is dripping", "", False, dense)]
    loaded.process(probe)
    if component is LinearIntentClassifier:
        assert [m.get("intent")["name"] for m in probe] == ["emergency", "service_request"]
    else:
        p = [m.get(OUTPUT)["p"]["emergency"] for m in probe]
        assert p[0] > p[1]


def test_untrained_component_loads_and_leaves_messages_alone(tmp_path):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    loaded = TriageHeads.load({}, storage, Resource("missing"), context)
    probe = [message("gas smell", "", True, False)]
    loaded.process(probe)
    assert probe[0].get(OUTPUT) is None
