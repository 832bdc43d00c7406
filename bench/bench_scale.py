"""`make bench` (scaling part): the production profile (scripts/cluster.py) with 1 and
then 2 Rasa servers (as many action servers, an intake API with 2 workers, nginx,
PostgreSQL, Redis), 20 and 40 residents each making a complaint and answering back to
back. For each: turns per second, per-turn p50/p95, and CPU seconds per turn — the Rasa
servers' own, and the whole stack's (Rasa, actions, API, nginx; not PostgreSQL or Redis,
which other work on this machine shares). Results in bench/results/scale-*.json; what
they mean for sizing in docs/scaling.md.

The load generator runs on the same 2 cores, so the goal here is 2 Rasa servers giving at
least 1.3 times the turns per second of one. Other work on the machine shifts single runs
a lot, so the clusters run side by side, each load goes to each in turn ``--repeat``
times, and the best run counts (every run is kept in the results).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_bot import OPENINGS, TimedResident

from scripts.cluster import Cluster, ensure_database, nginx_binary

RESULTS = ROOT / "bench" / "results"
PG_ADMIN_URL = os.environ.get("INTAKE_TEST_PG_URL", "postgresql://127.0.0.1:5432/test")
REDIS_URL = os.environ.get("INTAKE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(groups: dict[str, int]) -> dict[str, float]:
    """CPU time (user + system) so far of every process in each process group, by name
    (each server was started in its own session, so its workers share its group)."""
    by_group: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        group = int(fields[2])
        by_group[group] = by_group.get(group, 0.0) + (int(fields[11]) + int(fields[12])) / TICKS
    return {name: by_group.get(pgid, 0.0) for name, pgid in groups.items()}


def run_load(cluster: Cluster, residents: int) -> dict:
    """``residents`` complaint conversations at once, every answer sent as soon as the
    bot has replied; per-turn times and the CPU the servers used meanwhile."""
    timings: list[float] = []
    lock = threading.Lock()
    failures: list[str] = []
    groups = {name: proc.pid for name, proc in cluster.procs.items()}

    def converse(i: int) -> None:
        opening = OPENINGS[i % len(OPENINGS)]
        resident = TimedResident(cluster.rasa_url, opening, timings, lock, (0.0, 0.0), seed=i)
        try:
            with httpx.Client() as client:
                resident.talk_until("Your reference is", opening, client=client)
        except (AssertionError, httpx.HTTPError) as exc:
            failures.append(f"{type(exc).__name__}: {str(exc)[:200]}")

    before = cpu_seconds(groups)
    started = time.perf_counter()
    with ThreadPoolExecutor(residents) as pool:
        list(pool.map(converse, range(residents)))
    elapsed = time.perf_counter() - started
    after = cpu_seconds(groups)
    used = {name: after[name] - before[name] for name in groups}
    rasa = sum(v for k, v in used.items() if k.startswith("rasa-"))
    stack = sum(used.values())
    timings.sort()
    turns = len(timings)
    return {
        "residents": residents, "completed": residents - len(failures),
        "failures": failures[:3], "turns": turns, "seconds": round(elapsed, 1),
        "turns_per_second": round(turns / elapsed, 2),
        "turn_p50_ms": round(statistics.median(timings), 1),
        "turn_p95_ms": round(timings[int(0.95 * turns) - 1], 1),
        "rasa_cpu_seconds_per_turn": round(rasa / turns, 4),
        "stack_cpu_seconds_per_turn": round(stack / turns, 4),
        "cpu_seconds_by_process": {k: round(v, 1) for k, v in sorted(used.items())},
    }


def measure(replica_counts: list[int], loads: list[int], admin_url: str, redis_url: str,
            repeat: int) -> list[dict]:
    """Every cluster started side by side, then each load run on each in turn (1, 2, 1, 2,
    …): whatever else the machine is doing weighs on both alike."""
    clusters: dict[int, Cluster] = {}
    names = []
    runs = []
    try:
        for replicas in replica_counts:
            name = f"intake_bench_{uuid.uuid4().hex[:8]}"
            names += [name, f"{name}_assistant"]
            database_url = f"{admin_url.rsplit('/', 1)[0]}/{name}"
            ensure_database(database_url)
            clusters[replicas] = Cluster(
                database_url=database_url, redis_url=redis_url, api_workers=2,
                rasa_replicas=replicas, action_replicas=replicas,
                extra_env={"INTAKE_SLA_MONITOR_INTERVAL_SECONDS": "0"})
            clusters[replicas].start_all()
            run_load(clusters[replicas], 2)  # warm: the model, every action, the pools
        for residents in loads:
            tries: dict[int, list[dict]] = {r: [] for r in clusters}
            for _ in range(repeat):
                for replicas, cluster in clusters.items():
                    tries[replicas].append(run_load(cluster, residents))
            for replicas, mine in tries.items():
                best = max(mine, key=lambda t: (t["completed"], t["turns_per_second"]))
                result = {"rasa_servers": replicas, "action_servers": replicas, **best,
                          "turns_per_second_each_run": [t["turns_per_second"] for t in mine],
                          "every_run_completed": all(t["completed"] == residents for t in mine)}
                print(f"  {replicas} Rasa server(s), {residents} residents back to back: "
                      f"{result['turns_per_second']} turns/s (runs: "
                      f"{result['turns_per_second_each_run']}), p50 {result['turn_p50_ms']} ms, "
                      f"p95 {result['turn_p95_ms']} ms, CPU per turn "
                      f"{result['rasa_cpu_seconds_per_turn']} s (Rasa) / "
                      f"{result['stack_cpu_seconds_per_turn']} s (stack); "
                      f"{result['completed']}/{residents} completed", flush=True)
                runs.append(result)
    finally:
        for cluster in clusters.values():
            cluster.stop_all()
        drop_databases(admin_url, names)
    return runs


def drop_databases(admin_url: str, names: list[str]) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def missing() -> str | None:
    if nginx_binary() is None:
        return "nginx is not installed (apt-get install nginx)"
    try:
        import psycopg

        psycopg.connect(PG_ADMIN_URL, connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001 (any reason: say it and skip)
        return f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({type(exc).__name__})"
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2) as s:
            s.sendall(b"PING\r\n")
            if not s.recv(16).startswith(b"+PONG"):
                raise OSError("no PONG")
    except OSError as exc:
        return f"Redis is not reachable at {REDIS_URL} ({exc})"
    if not any((ROOT / "bot" / "models").glob("*.tar.gz")):
        return "no trained model (make model)"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, nargs="+", default=[20, 40])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=2, help="runs of each load; the best counts")
    args = parser.parse_args()
    reason = missing()
    if reason:
        print(f"scaling: skipped — {reason}")
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    print(f"scaling: the production profile with {' and '.join(map(str, args.replicas))} Rasa "
          f"server(s), {' and '.join(map(str, args.residents))} residents answering back to back",
          flush=True)
    load_before = os.getloadavg()
    runs = measure(args.replicas, args.residents, PG_ADMIN_URL, REDIS_URL, args.repeat)
    speedup = {}
    for residents in args.residents:
        by = {r["rasa_servers"]: r for r in runs if r["residents"] == residents}
        if 1 in by and 2 in by:
            speedup[str(residents)] = round(by[2]["turns_per_second"] / by[1]["turns_per_second"], 2)
            print(f"  {residents} residents: 2 Rasa servers give {speedup[str(residents)]}x the "
                  "turns per second of one (goal >= 1.3)", flush=True)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "load_average_before": [round(x, 2) for x in load_before]},
        "runs": runs,
        "speedup_2_over_1": speedup,
        "met": {"two_servers_at_least_1_3x": bool(speedup) and all(v >= 1.3 for v in speedup.values()),
                "every_conversation_completed": all(r["every_run_completed"] for r in runs)},
    }
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for name in (f"scale-{stamp}.json", "scale-latest.json"):
        (RESULTS / name).write_text(json.dumps(report, indent=2) + "\n")
    print(f"results: bench/results/scale-{stamp}.json  met: {report['met']}")
    return 0 if report["met"]["every_conversation_completed"] else 1


if __name__ == "__main__":
    sys.exit(main())
