"""Triage accuracy on the development set and the blind sets, through the running Rasa server.

For every line of the dataset, the text is sent as the first message of a
fresh conversation (REST channel), then the tracker's triage slots are read
back (`triage_label`, `emergency`, `on_behalf`, `prior_report`,
`vulnerability`, docs/architecture.md section 3). Prints the confusion matrix and the
metrics, compares them with the targets, and writes
`bench/results/eval-<timestamp>.{json,txt}` and `bench/results/eval-latest.txt`.

By default it scores the development set (tuned against: its figures are optimistic) and,
beside it, each blind set in `eval/blind/` (`triage_blind_<version>_<slice>.jsonl`, the
slices of one version scored together): messages written by people who never saw the
training data, the rules or the dev set. Nothing may be trained or tuned on a blind set;
once its errors have been studied it is retired (eval/blind/README.md).

Needs only httpx and the standard library. The metric functions are also used
by `scripts/measure_nlu.py`, which measures the NLU model in-process.

    RASA_URL=http://localhost:5005 .venv/bin/python scripts/eval_triage.py [--strict]

Reading a tracker needs Rasa's HTTP API token: ``RASA_AUTH_TOKEN`` from the
environment, else the one `make run` keeps in ``var/rasa-token`` (``--rasa-token-file``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATASET = REPO / ".." / "shared" / "eval" / "triage_dev.jsonl"
BLIND_DIR = REPO / "eval" / "blind"
RESULTS_DIR = REPO / "bench" / "results"
sys.path.insert(0, str(REPO))
# Not datetime.UTC: scripts/measure_nlu.py imports this module on Python 3.10.
UTC_TZ = timezone.utc  # noqa: UP017

from actions.triage import LABELS
from scripts.stack import RASA_TOKEN_FILE, tracker_url

FLAGS = ("emergency", "on_behalf", "prior_report", "vulnerability")
TARGETS = {
    "complaint_vs_service_request_accuracy": 0.95,
    "macro_f1": 0.90,
    "emergency_recall": 1.00,
    "emergency_false_alarm_rate_max": 0.05,
    "compliments_read_as_complaint_max": 0,
    "flag_accuracy": 0.95,
    "unclear_rate_max": 0.10,
}


def load_dataset(path: Path) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
    return rows


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def compute_report(rows: Sequence[dict[str, Any]], preds: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Metrics over gold `rows` and predicted slot dicts `preds` (same order)."""
    pred_labels = [str(p.get("triage_label") or "none") for p in preds]
    columns = list(LABELS) + sorted({p for p in pred_labels if p not in LABELS})
    confusion = {g: {c: 0 for c in columns} for g in LABELS}
    for row, pred in zip(rows, pred_labels):
        confusion[row["label"]][pred] += 1

    per_label = {}
    for label in LABELS:
        tp = confusion[label][label]
        fp = sum(confusion[g][label] for g in LABELS if g != label)
        fn = sum(v for c, v in confusion[label].items() if c != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": tp + fn,
        }
    macro_f1 = sum(v["f1"] for v in per_label.values()) / len(LABELS)

    # Clear cases only, where a set marks them (`clear`); the flowchart question is for the rest.
    cs_rows = [
        (r["label"], p) for r, p in zip(rows, pred_labels)
        if r["label"] in ("complaint", "service_request") and _bool(r.get("clear", True))
    ]
    cs_acc = sum(g == p for g, p in cs_rows) / len(cs_rows) if cs_rows else 0.0
    routine = [p for r, p in zip(rows, preds) if not _bool(r.get("emergency"))]
    false_alarms = sum(_bool(p.get("emergency")) for p in routine) / len(routine) if routine else 0.0
    praise_as_complaint = sum(
        r["label"] == "compliment" and p == "complaint" for r, p in zip(rows, pred_labels))
    missed = [r.get("id") for r, p in zip(rows, preds)
              if _bool(r.get("emergency")) and not _bool(p.get("emergency"))]

    em_rows = [(r, p) for r, p in zip(rows, preds) if _bool(r.get("emergency"))]
    em_recall = (
        sum(_bool(p.get("emergency")) for _, p in em_rows) / len(em_rows) if em_rows else 1.0
    )
    unclear_rate = sum(p == "unclear" for p in pred_labels) / len(rows) if rows else 0.0

    flags = {}
    for flag in FLAGS:
        gold = [_bool(r.get(flag)) for r in rows]
        got = [_bool(p.get(flag)) for p in preds]
        tp = sum(g and o for g, o in zip(gold, got))
        fp = sum(o and not g for g, o in zip(gold, got))
        fn = sum(g and not o for g, o in zip(gold, got))
        flags[flag] = {
            "accuracy": round(sum(g == o for g, o in zip(gold, got)) / len(rows), 4) if rows else 0.0,
            "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
            "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
        }

    errors = [
        {"id": r.get("id"), "gold": r["label"], "predicted": p}
        for r, p in zip(rows, pred_labels)
        if r["label"] != p
    ]
    metrics = {
        "n": len(rows),
        "complaint_vs_service_request_accuracy": round(cs_acc, 4),
        "macro_f1": round(macro_f1, 4),
        "emergency_recall": round(em_recall, 4),
        "emergency_false_alarm_rate": round(false_alarms, 4),
        "compliments_read_as_complaint": praise_as_complaint,
        "unclear_rate": round(unclear_rate, 4),
        "label_accuracy": round(
            sum(r["label"] == p for r, p in zip(rows, pred_labels)) / len(rows), 4
        )
        if rows
        else 0.0,
    }
    targets_met = {
        "complaint_vs_service_request_accuracy": cs_acc >= TARGETS["complaint_vs_service_request_accuracy"],
        "macro_f1": macro_f1 >= TARGETS["macro_f1"],
        "emergency_recall": em_recall >= TARGETS["emergency_recall"],
        "emergency_false_alarm_rate": false_alarms <= TARGETS["emergency_false_alarm_rate_max"],
        "compliments_read_as_complaint":
            praise_as_complaint <= TARGETS["compliments_read_as_complaint_max"],
        "flags": all(v["accuracy"] >= TARGETS["flag_accuracy"] for v in flags.values()),
        "unclear_rate": unclear_rate <= TARGETS["unclear_rate_max"],
    }
    return {
        "metrics": metrics,
        "targets": TARGETS,
        "targets_met": targets_met,
        "per_label": per_label,
        "flags": flags,
        "confusion": confusion,
        "confusion_columns": columns,
        "errors": errors,
        "emergencies_missed": missed,
    }


def format_report(report: dict[str, Any], title: str = "Triage evaluation") -> str:
    m = report["metrics"]
    cols = report["confusion_columns"]
    short = {c: c[:7] for c in cols}
    lines = [title, ""]
    lines.append("Confusion matrix (rows = gold, columns = predicted)")
    lines.append(f"{'':>16} " + " ".join(f"{short[c]:>7}" for c in cols))
    for gold in LABELS:
        row = report["confusion"][gold]
        lines.append(f"{gold:>16} " + " ".join(f"{row[c]:>7}" for c in cols))
    lines.append("")
    lines.append(f"{'label':>16} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}")
    for label, v in report["per_label"].items():
        lines.append(
            f"{label:>16} {v['precision']:>6.3f} {v['recall']:>6.3f} {v['f1']:>6.3f} {v['support']:>4}"
        )
    lines.append("")
    met = report["targets_met"]

    def mark(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    lines.append(
        f"complaint vs service request accuracy (clear cases): "
        f"{m['complaint_vs_service_request_accuracy']:.3f}"
        f"  (target >= {TARGETS['complaint_vs_service_request_accuracy']:.2f}: "
        f"{mark(met['complaint_vs_service_request_accuracy'])})"
    )
    lines.append(
        f"macro-F1 (8 labels): {m['macro_f1']:.3f}  (target >= {TARGETS['macro_f1']:.2f}: {mark(met['macro_f1'])})"
    )
    lines.append(
        f"emergency recall: {m['emergency_recall']:.3f}  "
        f"(target {TARGETS['emergency_recall']:.2f}: {mark(met['emergency_recall'])})"
    )
    lines.append(
        f"emergency false alarms on routine messages: {m['emergency_false_alarm_rate']:.3f}  "
        f"(target <= {TARGETS['emergency_false_alarm_rate_max']:.2f}: "
        f"{mark(met['emergency_false_alarm_rate'])})"
    )
    lines.append(
        f"compliments read as complaints: {m['compliments_read_as_complaint']}  "
        f"(target 0: {mark(met['compliments_read_as_complaint'])})"
    )
    lines.append(
        f"unclear rate: {m['unclear_rate']:.3f}  "
        f"(target <= {TARGETS['unclear_rate_max']:.2f}: {mark(met['unclear_rate'])})"
    )
    lines.append(f"label accuracy: {m['label_accuracy']:.3f}  (n={m['n']})")
    lines.append("")
    lines.append(f"flags: accuracy / precision / recall  (target accuracy >= "
                 f"{TARGETS['flag_accuracy']:.2f}: {mark(met['flags'])})")
    for flag, v in report["flags"].items():
        lines.append(f"{flag:>16} {v['accuracy']:.3f} / {v['precision']:.3f} / {v['recall']:.3f}")
    return "\n".join(lines)


SIDE_BY_SIDE = (
    ("complaint vs service request (clear)", "complaint_vs_service_request_accuracy", "{:.3f}"),
    ("macro-F1", "macro_f1", "{:.3f}"),
    ("emergency recall", "emergency_recall", "{:.3f}"),
    ("emergency false alarms", "emergency_false_alarm_rate", "{:.3f}"),
    ("compliments read as complaints", "compliments_read_as_complaint", "{}"),
    ("label accuracy", "label_accuracy", "{:.3f}"),
)


def format_side_by_side(reports: dict[str, dict[str, Any]]) -> str:
    """The headline figures of every set in one table: dev (tuned against) beside blind."""
    names = list(reports)
    width = max(12, *(len(n) for n in names))
    lines = [f"{'':>36} " + " ".join(f"{n:>{width}}" for n in names)]
    for title, key, fmt in SIDE_BY_SIDE:
        lines.append(f"{title:>36} " + " ".join(
            f"{fmt.format(reports[n]['metrics'][key]):>{width}}" for n in names))
    for flag in FLAGS:
        lines.append(f"{flag + ' agreement':>36} " + " ".join(
            f"{reports[n]['flags'][flag]['accuracy']:>{width}.3f}" for n in names))
    lines.append(f"{'messages':>36} " + " ".join(f"{reports[n]['metrics']['n']:>{width}}" for n in names))
    return "\n".join(lines)


def default_datasets() -> dict[str, list[Path]]:
    """The dev set, and each blind version's slices together."""
    sets: dict[str, list[Path]] = {"dev": [DEFAULT_DATASET]}
    for path in sorted(BLIND_DIR.glob("triage_blind_*_*.jsonl")):
        version = path.stem.split("_")[2]
        sets.setdefault(f"blind {version}", []).append(path)
    return sets


def write_reports(report: dict[str, Any], text: str, results_dir: Path = RESULTS_DIR) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC_TZ).strftime("%Y%m%dT%H%M%SZ")
    json_path = results_dir / f"eval-{stamp}.json"
    json_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (results_dir / f"eval-{stamp}.txt").write_text(text + "\n", encoding="utf-8")
    (results_dir / "eval-latest.txt").write_text(text + "\n", encoding="utf-8")
    return json_path


async def _classify_all(
    rasa_url: str, rows: Sequence[dict[str, Any]], concurrency: int, timeout: float,
    rasa_token: str | None = None,
) -> list[dict[str, Any]]:
    import httpx

    semaphore = asyncio.Semaphore(concurrency)
    run = uuid.uuid4().hex[:8]

    async def one(client: httpx.AsyncClient, i: int, row: dict[str, Any]) -> dict[str, Any]:
        sender = f"eval-{run}-{row.get('id', i)}"
        async with semaphore:
            resp = await client.post(
                f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": row["text"]}
            )
            resp.raise_for_status()
            resp = await client.get(tracker_url(rasa_url, sender, rasa_token))
            resp.raise_for_status()
            slots = resp.json().get("slots", {})
        return {k: slots.get(k) for k in ("triage_label",) + FLAGS}

    async with httpx.AsyncClient(timeout=timeout) as client:
        return list(await asyncio.gather(*(one(client, i, r) for i, r in enumerate(rows))))


def _read_token(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, action="append",
                        help="a JSONL set to score (repeatable); default: dev and every blind set")
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL", "http://localhost:5005"))
    parser.add_argument("--rasa-token-file", type=Path, default=REPO / "var" / RASA_TOKEN_FILE,
                        help="Rasa's HTTP API token, when RASA_AUTH_TOKEN is not set")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    sets = ({p.stem: [p] for p in args.dataset} if args.dataset else default_datasets())
    token = os.environ.get("RASA_AUTH_TOKEN") or _read_token(args.rasa_token_file)
    reports: dict[str, dict[str, Any]] = {}
    for name, paths in sets.items():
        try:
            rows = [row for path in paths for row in load_dataset(path)]
        except OSError as exc:
            print(f"error: cannot read dataset {name}: {exc}", file=sys.stderr)
            return 2
        started = time.monotonic()
        try:
            preds = asyncio.run(_classify_all(args.rasa_url.rstrip("/"), rows, args.concurrency,
                                              args.timeout, token))
        except Exception as exc:  # noqa: BLE001 - any transport/HTTP error is a failed run
            print(f"error: talking to Rasa at {args.rasa_url}: {exc!r}", file=sys.stderr)
            return 2
        elapsed = time.monotonic() - started
        report = compute_report(rows, preds)
        report["run"] = {
            "dataset": [str(p) for p in paths],
            "rasa_url": args.rasa_url,
            "seconds": round(elapsed, 1),
            "at": datetime.now(UTC_TZ).isoformat(),
        }
        text = format_report(report, f"Triage evaluation, {name}, via {args.rasa_url} "
                                     f"({len(rows)} messages, {elapsed:.0f}s)")
        print(text)
        print(f"\nreport: {write_reports(report, text, args.results_dir)}\n")
        reports[name] = report
    if len(reports) > 1:
        table = format_side_by_side(reports)
        print("Side by side (dev was tuned against; blind sets were never trained or tuned on)")
        print(table)
        (args.results_dir / "eval-side-by-side-latest.txt").write_text(table + "\n", encoding="utf-8")
    if args.strict and not all(all(r["targets_met"].values()) for r in reports.values()):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
