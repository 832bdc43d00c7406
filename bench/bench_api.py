"""`make bench` (intake API part): case creation against its ceiling, and the staff
queue query at 10k / 100k / 1M cases, on PostgreSQL. Results go to bench/results/."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intake_api.core.config import Settings
from scripts.stack import VENV_BIN, Stack, free_port

RESULTS = ROOT / "bench" / "results"
PG_ADMIN = os.environ.get("INTAKE_TEST_PG_URL", "postgresql://127.0.0.1:5432/test")

CASE_BODY = {
    "kind": "complaint",
    "channel": "web",
    "conversation_id": "bench",
    "complainant": {"name": "Bench Resident", "phone": "07700 900123", "postcode": "AB1 2CD",
                    "preferred_contact": "phone"},
    "definition": {"points": ["The repair was missed twice", "Nobody called back"],
                   "desired_outcome": "Fix it and apologise"},
    "flags": {"vulnerability": True},
    "transcript": [{"sender": "resident", "text": "The repair was missed twice"},
                   {"sender": "bot", "text": "I'm sorry to hear that."}],
}


def fresh_database(name: str) -> str:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def wrk(url: str, body_file: Path, key: str, connections: int, seconds: int) -> dict:
    env = {**os.environ, "BENCH_BODY_FILE": str(body_file), "BENCH_KEY": key}
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "post.lua"), url],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)

    def pct(p: str) -> float:
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    return {"requests_per_second": rps, "requests": total, "p50_ms": pct("50"), "p99_ms": pct("99"),
            "non_2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": errors.group(0) if errors else None}


def bench_creation(db_url: str, connections: int, seconds: int, workers: int) -> dict:
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_ceiling (id bigserial PRIMARY KEY, payload jsonb)")
    body_file = RESULTS / "case-body.tmp"
    body_file.write_text(json.dumps(CASE_BODY))
    env = {"INTAKE_SLA_MONITOR_INTERVAL_SECONDS": "0"}
    results: dict = {"connections": connections, "seconds": seconds, "workers": workers}
    with Stack(database_url=db_url, with_bot=False, api_workers=workers, extra_env=env) as stack:
        ceiling_port = free_port()
        ceiling = subprocess.Popen(
            [str(VENV_BIN / "uvicorn"), "bench.ceiling_app:app", "--port", str(ceiling_port),
             "--workers", str(workers), "--log-level", "warning", "--no-access-log"],
            cwd=ROOT, env={**os.environ, "BENCH_DATABASE_URL": Settings(database_url=db_url).database_url},
        )
        try:
            ceiling_url = f"http://127.0.0.1:{ceiling_port}/insert"
            for _ in range(100):
                try:
                    httpx.post(ceiling_url, json={"warm": 1}, timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            api_url = f"{stack.api_url}/api/v1/cases"
            # Warm both up, then measure: ceiling, intake API.
            wrk(ceiling_url, body_file, "", connections, 3)
            wrk(api_url, body_file, stack.api_key, connections, 3)
            results["ceiling"] = wrk(ceiling_url, body_file, "", connections, seconds)
            results["create_case"] = wrk(api_url, body_file, stack.api_key, connections, seconds)
        finally:
            ceiling.terminate()
            ceiling.wait(10)
    body_file.unlink(missing_ok=True)
    results["ratio"] = results["create_case"]["requests_per_second"] / results["ceiling"]["requests_per_second"]
    return results


SEED_SQL = """
INSERT INTO cases (reference, kind, stage, status, channel, received_at, nation, policy,
    complainant, complainant_name, definition, definition_confirmed, transcript, attachments,
    linked_references, emergency, vulnerability, on_behalf, prior_report, asked_for_person,
    possible_exclusion, next_due, sla_state, created_at, updated_at)
SELECT 'BEN-' || lpad(g::text, 8, '0'),
       CASE WHEN g %% 3 = 0 THEN 'service_request' ELSE 'complaint' END,
       CASE WHEN g %% 3 = 0 THEN NULL ELSE 'stage_1' END,
       CASE WHEN g %% 5 = 0 THEN 'open' WHEN g %% 5 = 1 THEN 'acknowledged' ELSE 'closed' END,
       'web', now() - (g %% 400) * interval '1 day', 'england', 'code-2024',
       '{"name": "Resident"}'::json, 'Resident ' || g, '{"points": ["x"]}'::json, false,
       '[]'::json, '[]'::json, '[]'::json, g %% 97 = 0, g %% 7 = 0, g %% 11 = 0, g %% 2 = 0, false,
       false,
       CASE WHEN g %% 5 IN (0, 1) THEN current_date + ((g * 7919) %% 60 - 20)::int END,
       CASE WHEN g %% 5 IN (0, 1) THEN 'running' END,
       now(), now()
FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS g
"""


def bench_queue(db_url: str, sizes: list[int], runs: int) -> list[dict]:
    from intake_api.core.db import Database
    from intake_api.services.cases import CaseFilters, list_cases

    db = Database(Settings(database_url=db_url))
    out = []
    seeded = 0
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("DELETE FROM cases WHERE reference LIKE 'BEN-%'")
    for size in sizes:
        with psycopg.connect(db_url, autocommit=True) as conn:
            existing = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
            if size > existing:
                conn.execute(SEED_SQL, {"start": seeded + 1, "stop": seeded + size - existing})
                seeded += size - existing
            conn.execute("VACUUM ANALYZE cases")
            total = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
            open_count = conn.execute(
                "SELECT count(*) FROM cases WHERE status IN ('open','acknowledged','responded')"
            ).fetchone()[0]
        timings = []
        with db.session() as s:
            list_cases(s, CaseFilters(open_only=True), 1, 50)
        for _ in range(runs):
            with db.session() as s:
                t0 = time.perf_counter()
                rows, _total = list_cases(s, CaseFilters(open_only=True), 1, 50)
                timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        out.append({
            "cases": total, "open_cases": open_count, "runs": runs, "page_rows": len(rows),
            "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(timings[int(0.95 * len(timings)) - 1], 2),
        })
        print(f"  queue query at {total:>9,} cases ({open_count:,} open): "
              f"p50 {out[-1]['p50_ms']} ms, p95 {out[-1]['p95_ms']} ms", flush=True)
    db.dispose()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--skip-creation", action="store_true", help="only the queue query")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is needed (apt-get install -y wrk; `make bench` installs it)", file=sys.stderr)
        return 2
    RESULTS.mkdir(parents=True, exist_ok=True)
    db_url = fresh_database("intake_bench")
    from intake_api.core.migrate import upgrade

    upgrade(Settings(database_url=db_url).database_url)
    creation = None
    if not args.skip_creation:
        print(f"case creation: {args.connections} concurrent clients for {args.seconds}s, "
              f"{args.workers} API workers, PostgreSQL", flush=True)
        creation = bench_creation(db_url, args.connections, args.seconds, args.workers)
        c, k = creation["create_case"], creation["ceiling"]
        print(f"  POST /api/v1/cases : {c['requests_per_second']:8.1f} creates/s  p50 {c['p50_ms']:.1f} ms  "
              f"p99 {c['p99_ms']:.1f} ms  non-2xx {c['non_2xx']}")
        print(f"  bare INSERT ceiling: {k['requests_per_second']:8.1f} req/s     p50 {k['p50_ms']:.1f} ms  "
              f"p99 {k['p99_ms']:.1f} ms  non-2xx {k['non_2xx']}")
        print(f"  ratio {creation['ratio']:.2f} (target >= 0.5); creates/s target >= 300", flush=True)
    print("staff queue query (open cases by next due, first page of 50):", flush=True)
    queue = bench_queue(db_url, [int(x) for x in args.sizes.split(",")], args.runs)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count()},
        "creation": creation,
        "queue": queue,
        "targets": {"ratio": 0.5, "creates_per_second": 300, "queue_p95_ms": 50},
        "met": {
            "queue_p95": all(q["p95_ms"] < 50 for q in queue),
            **({
                "ratio": creation["ratio"] >= 0.5,
                "creates_per_second": creation["create_case"]["requests_per_second"] >= 300,
                "no_errors": creation["create_case"]["non_2xx"] == 0,
            } if creation else {}),
        },
    }
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for name in (f"api-{stamp}.json", "api-latest.json"):
        (RESULTS / name).write_text(json.dumps(report, indent=2) + "\n")
    print(f"results: bench/results/api-{stamp}.json  met: {report['met']}")
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute('DROP DATABASE IF EXISTS "intake_bench" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
