"""`make bench` (staff pages part): how long the queue page (`GET /staff`, logged in)
takes to render at 10k and 100k open cases on PostgreSQL, through the real server.

Prints p50/p95 and writes bench/results/staff-<timestamp>.json and staff-latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intake_api.core.config import Settings
from scripts.stack import Stack

RESULTS = ROOT / "bench" / "results"
PG_ADMIN = os.environ.get("INTAKE_TEST_PG_URL", "postgresql://127.0.0.1:5432/test")
DATABASE = "intake_bench_staff"
USERNAME, PASSWORD = "bench-handler", "bench-handler-password"
TARGET_P95_MS = 200

# Open cases only, spread over kinds, channels, flags and due dates (some overdue).
SEED_SQL = """
INSERT INTO cases (reference, kind, stage, status, channel, received_at, nation, policy,
    complainant, complainant_name, representative, consent_status, definition, definition_confirmed,
    transcript, attachments, linked_references, emergency, vulnerability, on_behalf, prior_report,
    asked_for_person, possible_exclusion, next_due, next_due_at, sla_state, created_at, updated_at)
SELECT 'BST-2026-' || lpad(g::text, 7, '0'),
       CASE WHEN g %% 4 = 0 THEN 'service_request' ELSE 'complaint' END,
       CASE WHEN g %% 4 = 0 THEN NULL WHEN g %% 9 = 0 THEN 'stage_2' ELSE 'stage_1' END,
       CASE WHEN g %% 3 = 0 THEN 'acknowledged' ELSE 'open' END,
       (ARRAY['web', 'sms', 'whatsapp', 'telegram', 'phone'])[1 + g %% 5],
       now() - (g %% 60) * interval '1 day', 'england', 'code-2024',
       json_build_object('name', 'Resident ' || g), 'Resident ' || g,
       CASE WHEN g %% 11 = 0 THEN '{"name": "Advocate", "consent": "pending"}'::json END,
       CASE WHEN g %% 11 = 0 THEN 'pending' END,
       '{"points": ["The repair was missed"], "desired_outcome": "Fix it"}'::json, false,
       '[]'::json, '[]'::json, '[]'::json,
       g %% 97 = 0, g %% 7 = 0, g %% 11 = 0, g %% 2 = 0, g %% 13 = 0, g %% 17 = 0,
       current_date + ((g * 7919) %% 40 - 10)::int,
       -- the queue's order: the end of the due day in London (services/cases.py _refresh)
       ((current_date + ((g * 7919) %% 40 - 9)::int)::timestamp AT TIME ZONE 'Europe/London')
           - interval '1 microsecond',
       'running', now(), now()
FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS g
"""


def fresh_database() -> str:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + DATABASE


def seed_to(db_url: str, open_cases: int, seeded: int) -> int:
    with psycopg.connect(db_url, autocommit=True) as conn:
        if open_cases > seeded:
            conn.execute(SEED_SQL, {"start": seeded + 1, "stop": open_cases})
        conn.execute("VACUUM ANALYZE cases")
    return open_cases


def log_in(client: httpx.Client) -> None:
    page = client.get("/staff/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    done = client.post("/staff/login", data={"csrf_token": token, "username": USERNAME,
                                             "password": PASSWORD, "next": "/staff"})
    if done.status_code != 303:
        raise RuntimeError(f"login failed: {done.status_code}")


def time_page(client: httpx.Client, path: str, runs: int) -> dict:
    for _ in range(5):
        client.get(path)  # warm up
    timings = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path}: {response.status_code}")
    timings.sort()
    return {"path": path, "runs": runs, "bytes": len(response.content),
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[max(0, int(0.95 * len(timings)) - 1)], 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000", help="open cases, comma-separated")
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    db_url = fresh_database()
    settings = Settings(database_url=db_url)
    from intake_api.core.db import Database
    from intake_api.core.migrate import upgrade
    from intake_api.services.staff import add_user

    upgrade(settings.database_url)
    db = Database(settings)
    add_user(db.sessionmaker, USERNAME, "handler", PASSWORD)
    db.dispose()
    pages = {
        "queue": "/staff",
        "queue, page 100": "/staff?page=100",
        "queue, flag filter": "/staff?flag=consent_pending",
        "queue, name search": "/staff?q=resident+4242",
    }
    results = []
    seeded = 0
    print("staff queue page (GET /staff, logged in, one API worker, PostgreSQL):", flush=True)
    env = {"INTAKE_SLA_MONITOR_INTERVAL_SECONDS": "0", "INTAKE_SECRET_KEY": "bench-" + "x" * 40}
    with (Stack(database_url=db_url, with_bot=False, extra_env=env) as stack,
          httpx.Client(base_url=stack.api_url, timeout=60) as client):
        log_in(client)
        for size in [int(s) for s in args.sizes.split(",")]:
            seeded = seed_to(db_url, size, seeded)
            row = {"open_cases": size, "pages": {}}
            for name, path in pages.items():
                row["pages"][name] = time_page(client, path, args.runs if name == "queue" else args.runs // 4)
                t = row["pages"][name]
                print(f"  {size:>8,} open cases  {name:<20} p50 {t['p50_ms']:7.1f} ms  "
                      f"p95 {t['p95_ms']:7.1f} ms", flush=True)
            results.append(row)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count()},
        "queue_page": results,
        "targets": {"queue_p95_ms": TARGET_P95_MS},
        "met": {"queue_p95": all(r["pages"]["queue"]["p95_ms"] < TARGET_P95_MS for r in results)},
    }
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for name in (f"staff-{stamp}.json", "staff-latest.json"):
        (RESULTS / name).write_text(json.dumps(report, indent=2) + "\n")
    print(f"results: bench/results/staff-{stamp}.json  met: {report['met']}")
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
