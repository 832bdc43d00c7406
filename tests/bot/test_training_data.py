"""The development set (``../shared/eval/triage_dev.jsonl``) is for evaluation only: no
training line — the hand-written NLU data or the triage corpus — may be a copy or a near
copy of one of its messages (issue 11; the corpus writers never saw it)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DEV = REPO.parent / "shared" / "eval" / "triage_dev.jsonl"
# Same words as a dev message, give or take a place name or a greeting: a near copy.
NEAR_COPY = 0.6


def words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", text.lower()))


def training_texts() -> list[str]:
    texts = []
    for path in sorted((REPO / "bot" / "data" / "nlu").glob("*.yml")):
        if path.name.endswith(".generated.yml"):
            continue  # the corpus in NLU form, read from its source below
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            texts += [line.strip()[2:] for line in str(block.get("examples", "")).splitlines()
                      if line.strip().startswith("- ")]
    for path in sorted((REPO / "data" / "triage" / "train").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text().splitlines()
                  if line.strip()]
    return texts


def near(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def test_the_measure_tells_a_near_copy_from_another_message():
    dev = words("Hi, I rent privately from a landlord in Stockport and he won't fix my boiler.")
    assert near(words("I rent privately from a landlord in Leeds and he won't fix my boiler"),
                dev) >= NEAR_COPY
    assert near(words("My letting agent ignores the broken shower. Who do I go to?"),
                dev) < NEAR_COPY


@pytest.mark.skipif(not DEV.exists(), reason="the shared development set is not beside the repo")
def test_no_training_line_copies_a_development_message():
    dev = [(words(json.loads(line)["text"]), json.loads(line)["text"])
           for line in DEV.read_text().splitlines() if line.strip()]
    copies = [(text, dev_text) for text in training_texts() if len(words(text)) >= 4
              for dev_words, dev_text in dev if near(words(text), dev_words) >= NEAR_COPY]
    assert not copies, copies[:5]
