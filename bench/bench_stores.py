"""`make bench` (shared stores part): where the channels' de-duplication ledger and the
assistant's outbox should live when several servers share them — PostgreSQL or Redis.

Measures, from the Rasa environment (the servers' own drivers), the time to claim a
webhook's message id once (PostgreSQL: ``INSERT … ON CONFLICT DO NOTHING`` through
bot/channels/ledger.py; Redis: ``SET key 1 NX EX``), one caller and 8 at once, and reads
what Redis here would keep after a crash (its persistence settings). Results in
bench/results/stores-latest.json; the choice in docs/scaling.md.

Run with .venv-rasa/bin/python bench/bench_stores.py (scripts/bench.sh does).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bot"))
RESULTS = ROOT / "bench" / "results"
PG_ADMIN_URL = os.environ.get("INTAKE_TEST_PG_URL", "postgresql://127.0.0.1:5432/test")
REDIS_URL = os.environ.get("INTAKE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
CLAIMS = 2000


def timed(claim, keys: list[str], threads: int) -> dict:
    timings: list[float] = []

    def one(key: str) -> None:
        start = time.perf_counter()
        claim(key)
        timings.append((time.perf_counter() - start) * 1000)

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, keys))
    elapsed = time.perf_counter() - started
    timings.sort()
    return {"threads": threads, "claims": len(keys), "per_second": round(len(keys) / elapsed),
            "p50_ms": round(statistics.median(timings), 3),
            "p99_ms": round(timings[int(0.99 * len(timings)) - 1], 3)}


def main() -> int:
    import psycopg2
    import redis
    from channels.ledger import Ledger

    try:
        psycopg2.connect(PG_ADMIN_URL, connect_timeout=3).close()
        red = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        red.ping()
    except (psycopg2.Error, redis.RedisError) as exc:
        print(f"stores: skipped — PostgreSQL or Redis not reachable ({type(exc).__name__})")
        return 0
    name = f"stores_bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(PG_ADMIN_URL)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        ledger = Ledger(url=f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}")
        prefix = f"bench-stores:{uuid.uuid4().hex}:"

        def redis_claim(key: str) -> bool:
            return bool(red.set(prefix + key, 1, nx=True, ex=3600))

        results = {"postgresql": [], "redis": []}
        for threads in (1, 8):
            keys = [f"twilio:SM{uuid.uuid4().hex}" for _ in range(CLAIMS)]
            results["postgresql"].append(timed(ledger.claim, keys, threads))
            results["redis"].append(timed(redis_claim, keys, threads))
        ledger.engine.dispose()
        for key in red.scan_iter(prefix + "*", count=1000):
            red.delete(key)
        persistence = {k: v for k, v in red.config_get("appendonly").items()}
        persistence.update(red.config_get("appendfsync"))
        persistence.update(red.config_get("save"))
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
    for store, runs in results.items():
        for run in runs:
            print(f"  claim a message id in {store}, {run['threads']} at once: {run['per_second']}/s, "
                  f"p50 {run['p50_ms']} ms, p99 {run['p99_ms']} ms", flush=True)
    print(f"  Redis persistence here: {persistence}")
    report = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"),  # noqa: UP017 (3.10)
              "machine": {"cores": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()]},
              "claims": results, "redis_persistence": persistence}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "stores-latest.json").write_text(json.dumps(report, indent=2) + "\n")
    print("results: bench/results/stores-latest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
