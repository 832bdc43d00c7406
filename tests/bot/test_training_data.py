"""The development set (``../shared/eval/triage_dev.jsonl``) is for evaluation only: no
training line — the hand-written NLU data or the triage corpus — may be a copy or a near
copy of one of its messages (issue 11; the corpus writers never saw it)."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DEV = REPO.parent / "shared" / "eval" / "triage_dev.jsonl"
# Same words as a dev message, give or take a place name or a greeting: a near copy.
NEAR_COPY = 0.6
# A dev message reworded — words swapped, a place changed, a clause added — still follows
# its word order: a near copy when the word sequences match this closely (difflib's ratio),
# or when they share a run of this many words.
REWORDED = 0.5
SHARED_RUN = 10
# Only pairs sharing a run of this many words are compared word by word (fast enough for
# every training line against every dev message).
CANDIDATE_RUN = 4


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


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def runs(seq: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(seq[i:i + n]) for i in range(len(seq) - n + 1)}


def reworded(text: str, dev_text: str) -> bool:
    """Whether ``text`` follows ``dev_text`` word by word closely enough to be a rewording of
    it rather than a message of its own on the same topic."""
    a, b = tokens(text), tokens(dev_text)
    if runs(a, SHARED_RUN) & runs(b, SHARED_RUN):
        return True
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= REWORDED and matcher.ratio() >= REWORDED


def reworded_pairs(texts: list[str], dev_texts: list[str]) -> list[tuple[str, str]]:
    index: dict[tuple[str, ...], set[int]] = {}
    for i, dev_text in enumerate(dev_texts):
        for run in runs(tokens(dev_text), CANDIDATE_RUN):
            index.setdefault(run, set()).add(i)
    pairs = []
    for text in texts:
        candidates = set().union(*(index.get(run, set())
                                   for run in runs(tokens(text), CANDIDATE_RUN)))
        pairs += [(text, dev_texts[i]) for i in sorted(candidates)
                  if reworded(text, dev_texts[i])]
    return pairs


def test_the_measure_tells_a_near_copy_from_another_message():
    dev = words("Hi, I rent privately from a landlord in Stockport and he won't fix my boiler.")
    assert near(words("I rent privately from a landlord in Leeds and he won't fix my boiler"),
                dev) >= NEAR_COPY
    assert near(words("My letting agent ignores the broken shower. Who do I go to?"),
                dev) < NEAR_COPY


def test_a_reworded_development_message_is_a_near_copy():
    dev = ("Got a council parking ticket outside my own house on Dene Road. I live there! "
           "How do I appeal it?")
    assert reworded("Got a parking ticket outside my own house from the council. The lines "
                    "are faded. How do I appeal?", dev)
    assert reworded("Please note: got a council parking ticket outside my own house on Dene "
                    "Road last week while my car was being fixed", dev)  # a long shared run
    assert not reworded("The council gave me a ticket for parking on my drive, which you "
                        "built. Can you write to them?", dev)


@pytest.mark.skipif(not DEV.exists(), reason="the shared development set is not beside the repo")
def test_no_training_line_copies_a_development_message():
    dev = [(words(json.loads(line)["text"]), json.loads(line)["text"])
           for line in DEV.read_text().splitlines() if line.strip()]
    copies = [(text, dev_text) for text in training_texts() if len(words(text)) >= 4
              for dev_words, dev_text in dev if near(words(text), dev_words) >= NEAR_COPY]
    assert not copies, copies[:5]


@pytest.mark.skipif(not DEV.exists(), reason="the shared development set is not beside the repo")
def test_no_training_line_rewords_a_development_message():
    dev = [json.loads(line)["text"] for line in DEV.read_text().splitlines() if line.strip()]
    copies = reworded_pairs(training_texts(), dev)
    assert not copies, copies[:5]
