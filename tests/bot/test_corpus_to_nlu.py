"""The triage corpus reaches Rasa as JSON NLU data (scripts/corpus_to_nlu.py): the same
examples, intents and example metadata Rasa read from the YAML it replaced."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml
from rasa.shared.nlu.training_data.loading import load_data

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

from corpus_to_nlu import main, to_nlu

ROWS = [
    {"text": "I can smell gas in the hall", "label": "emergency", "emergency": True},
    {"text": "my mum's boiler has broken, she's 84", "label": "service_request",
     "on_behalf": True, "vulnerability": True},
    {"text": "Third time I've reported the damp and nobody came", "label": "complaint",
     "prior_report": True},
    {"text": "third time i've reported the damp and nobody came ", "label": "complaint"},
]


def _read(path: Path) -> list[tuple]:
    return [(m.get("text"), m.get("intent"), m.get("metadata"))
            for m in load_data(str(path)).training_examples]


def test_the_json_gives_rasa_what_the_yaml_gave(tmp_path):
    data = to_nlu(ROWS, set())
    as_json = tmp_path / "corpus.json"
    as_json.write_text(json.dumps(data))
    # The YAML this replaced: examples by intent, flags as each example's metadata.
    by_intent: dict[str, list] = {}
    for example in data["rasa_nlu_data"]["common_examples"]:
        by_intent.setdefault(example["intent"], []).append(
            {"text": example["text"], "metadata": example["example_metadata"]})
    as_yaml = tmp_path / "corpus.yml"
    as_yaml.write_text(yaml.safe_dump({"version": "3.1", "nlu": [
        {"intent": intent, "examples": examples} for intent, examples in by_intent.items()]}))
    read = _read(as_json)
    assert read == _read(as_yaml)
    assert len(read) == 3  # the same text twice is one example
    assert read[0][2] == {"example": {"triage": {"emergency": False, "on_behalf": False,
                                                 "prior_report": True,
                                                 "vulnerability": False}}}


def test_the_hand_written_nlu_keeps_its_examples_and_no_stale_corpus_is_read(tmp_path):
    corpus = tmp_path / "train"
    corpus.mkdir()
    (corpus / "t1.jsonl").write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    nlu = tmp_path / "nlu"
    nlu.mkdir()
    (nlu / "emergency.yml").write_text(
        "version: '3.1'\nnlu:\n- intent: emergency\n  examples: |\n    - I can smell gas in the hall\n")
    (nlu / "corpus.generated.yml").write_text("version: '3.1'\nnlu: []\n")  # an old run's
    assert main([str(corpus), str(nlu / "corpus.generated.json")]) == 0
    texts = [t for t, _, _ in _read(nlu / "corpus.generated.json")]
    assert "I can smell gas in the hall" not in texts and len(texts) == 2
    assert not (nlu / "corpus.generated.yml").exists()
