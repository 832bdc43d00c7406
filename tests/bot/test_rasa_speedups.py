"""The per-turn speed-ups in bot/components give the same answers as Rasa's own code."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy
from scipy.sparse import random as sparse_random

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bot"))

from components import rasa_speedups
from components.linear_intent_classifier import fast_scoring
from rasa.shared.core.events import ActionExecuted, Event, SlotSet
from rasa.shared.utils.common import all_subclasses


def test_every_event_name_resolves_to_the_class_rasa_would_give():
    assert Event.resolve_by_type is rasa_speedups.resolve_by_type
    rasa_speedups.resolve_by_type.cache_clear()
    for cls in all_subclasses(Event):
        for _ in range(2):  # the second time from memory
            assert Event.resolve_by_type(cls.type_name) is \
                rasa_speedups._original_resolve_by_type(cls.type_name)
    assert Event.from_parameters({"event": "slot", "name": "x", "value": 1}) == SlotSet("x", 1)
    assert isinstance(Event.from_parameters({"event": "action", "name": "action_listen"}),
                      ActionExecuted)


def test_unknown_names_behave_as_before():
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", SlotSet) is SlotSet
    assert Event.resolve_by_type("no_such_event", SlotSet) is SlotSet
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")


def _journal_mode(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]


def test_the_tracker_store_database_goes_to_wal_and_other_databases_do_not(tmp_path):
    tracker, other = tmp_path / "tracker.db", tmp_path / "other.db"
    with sqlite3.connect(tracker) as conn:
        conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, data TEXT)")
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")
    for path in (tracker, other):
        engine = sqlalchemy.create_engine(f"sqlite:///{path}")
        with engine.begin() as conn:
            conn.exec_driver_sql("SELECT 1")
        engine.dispose()
    assert _journal_mode(tracker) == "wal"
    assert _journal_mode(other) == "delete"
    with sqlite3.connect(tracker) as conn:
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL, as before


def test_column_major_weights_give_identical_probabilities():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    x = sparse_random(300, 2000, density=0.01, format="csr", random_state=1)
    y = rng.integers(0, 5, 300)
    clf = LogisticRegression(max_iter=300).fit(x, y)
    before = clf.predict_proba(x[:7])
    assert fast_scoring(clf) is clf and clf.coef_.T.flags["C_CONTIGUOUS"]
    assert np.array_equal(clf.predict_proba(x[:7]), before)
    assert fast_scoring(None) is None


def test_ngram_rows_are_shared_between_equal_vectorizers_and_unchanged():
    from components.linear_features import LinearFeatures
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = ["the boiler is broken", "nobody came to fix the roof", "I want to complain",
             "thank you for the quick repair"]

    def fitted() -> LinearFeatures:
        word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts)
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True).fit(texts)
        return LinearFeatures(word, char, 0, 0.5)

    one, two = fitted(), fitted()
    assert one.fingerprint() == two.fingerprint()
    for text in ["the roof is broken again", "", "the roof is broken again"]:
        before = hstack([one.word.transform([text]), one.char.transform([text])]).tocsr()
        for features in (one, two):
            row = features.ngram_rows([text])
            assert (row != before).nnz == 0 and (row.indices == before.indices).all()
    batch = one.ngram_rows(texts)
    assert (batch != hstack([one.word.transform(texts), one.char.transform(texts)]).tocsr()).nnz == 0


def test_the_sql_tracker_store_reads_the_same_events(tmp_path):
    import asyncio

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    rasa_speedups.patch_sql_tracker_store()
    rasa_speedups.patch_sql_tracker_store()  # twice: still Rasa's own code underneath
    assert SQLTrackerStore._retrieve is rasa_speedups._retrieve
    assert rasa_speedups._original_sql_retrieve is not rasa_speedups._retrieve
    domain = Domain.from_dict({"intents": ["greet"], "slots": {"x": {
        "type": "any", "mappings": [{"type": "custom"}]}}})
    store = SQLTrackerStore(domain, db=str(tmp_path / "tracker.db"))
    tracker = DialogueStateTracker.from_events("someone", [
        ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
        UserUttered("hello", {"name": "greet", "confidence": 1.0}), SlotSet("x", {"a": [1, 2]}),
        ActionExecuted("action_listen"), SessionStarted(), ActionExecuted("action_listen"),
        UserUttered("again", {"name": "greet", "confidence": 0.9}),
    ], domain.slots)

    async def both(fetch_all: bool):
        await store.save(tracker)
        new = await store._retrieve("someone", fetch_all)
        old = await rasa_speedups._original_sql_retrieve(store, "someone", fetch_all)
        return new, old

    for fetch_all in (False, True):
        new, old = asyncio.run(both(fetch_all))
        assert [e.as_dict() for e in new.events] == [e.as_dict() for e in old.events]
        assert new.current_slot_values() == old.current_slot_values()
    assert asyncio.run(store._retrieve("nobody", False)) is None
