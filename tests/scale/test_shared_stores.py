"""The stores several copies of the assistant share, on PostgreSQL: the channels' ledger
(a replayed webhook is handled once whichever server it reaches; every server turns a
phone number into the same conversation id) and the outbox (a case kept by one action
server is delivered once, by whichever worker leases it first)."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import date

import pytest
from channels.ledger import Ledger

from actions.outbox import DELIVERED, PENDING, Outbox

# References the system makes carry this year (the test's own clock), never a fixed one.
YEAR = date.today().year

CASE = {"kind": "complaint", "channel": "sms", "definition": {"points": ["damp"]}}


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'assistant.sqlite3'}"
    return request.getfixturevalue("assistant_database")


def test_a_message_id_claimed_by_one_server_is_refused_by_every_other(store_url):
    servers = [Ledger(url=store_url) for _ in range(2)]  # two processes' own connections
    sid = f"twilio:SM{uuid.uuid4().hex}"
    results: list[bool] = []
    threads = [threading.Thread(target=lambda s=s: results.append(s.claim(sid)))
               for s in servers * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]


def test_every_server_derives_the_same_secrets_and_sees_the_same_opt_outs(store_url):
    first, second = Ledger(url=store_url), Ledger(url=store_url)
    assert first.secret() == second.secret()
    assert first.webchat_secret() == second.webchat_secret() != first.secret()
    first.set_opted_out("sms-abc", True)
    assert second.is_opted_out("sms-abc")
    second.set_opted_out("sms-abc", False)
    assert not first.is_opted_out("sms-abc")
    first.set_choices("sms-abc", [{"title": "Yes", "payload": "/affirm"}])
    first.set_choices("sms-abc", [{"title": "No", "payload": "/deny"}])
    assert second.choices("sms-abc") == [{"title": "No", "payload": "/deny"}]


def test_the_shared_stores_are_chosen_by_assistant_database_url(assistant_database, monkeypatch):
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", assistant_database)
    assert Ledger().shared and Outbox().shared
    monkeypatch.delenv("ASSISTANT_DATABASE_URL")
    assert not Ledger().shared and not Outbox().shared  # SQLite, one machine


def test_four_workers_on_two_servers_lease_each_kept_case_exactly_once(store_url):
    outbox = Outbox(url=store_url)
    keys = [f"k-{uuid.uuid4()}" for _ in range(40)]
    for key in keys:
        outbox.add(key, CASE)
    outbox.add(keys[0], {**CASE, "kind": "enquiry"})  # the same key again keeps the first
    assert outbox.get(keys[0]).payload["kind"] == "complaint"
    leased: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        mine = Outbox(url=store_url)
        for _ in range(10):
            rows = mine.claim_due(limit=3)
            with lock:
                leased.extend(row.idempotency_key for row in rows)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(leased) == sorted(keys)
    assert Outbox(url=store_url).claim_due() == []  # all leased: nothing for a fifth


def test_a_case_leased_by_a_server_that_died_is_delivered_by_another_after_the_lease(store_url):
    dead, alive = Outbox(url=store_url), Outbox(url=store_url)
    key = f"k-{uuid.uuid4()}"
    dead.add(key, CASE)
    leased_at = time.monotonic()
    assert [row.idempotency_key for row in dead.claim_due(lease_seconds=5)] == [key]
    assert alive.claim_due() == []  # still leased
    time.sleep(max(0.0, 5.2 - (time.monotonic() - leased_at)))
    assert [row.idempotency_key for row in alive.claim_due()] == [key]
    alive.mark_delivered(key, f"CMP-{YEAR}-000001")
    row = dead.get(key)
    assert row.status == DELIVERED and row.reference == f"CMP-{YEAR}-000001"
    assert dead.count(PENDING) == 0
