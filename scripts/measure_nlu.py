"""Measure NLU + triage in-process, without a running server (Rasa venv).

Loads a trained model, parses every dataset line, runs the bot's own first-message
decision (`actions.triage_slots.first_reading`) on the intent ranking and prints the
same report as scripts/eval_triage.py. The parses can be cached (`--cache`) so triage rules can be re-measured quickly.

    .venv-rasa/bin/python scripts/measure_nlu.py --model bot/models/<model>.tar.gz
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bot"))  # custom components live in bot/components
sys.path.insert(0, str(REPO / "scripts"))

from eval_triage import DEFAULT_DATASET, compute_report, format_report, load_dataset

from actions.triage_slots import first_reading


def latest_model() -> Path:
    models = sorted((REPO / "bot" / "models").glob("*.tar.gz"), key=os.path.getmtime)
    if not models:
        raise SystemExit("no trained model in bot/models; pass --model")
    return models[-1]


async def parse_all(model: Path, texts: list[str]) -> list[dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    # Rasa logs every parse with its text at debug level: a blind set's messages must not
    # reach the terminal, only the aggregate report.
    import logging

    import structlog
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    logging.getLogger().setLevel(logging.WARNING)
    out = []
    for text in texts:
        parsed = await agent.parse_message(text)
        out.append({"intent": parsed["intent"], "intent_ranking": parsed.get("intent_ranking", []),
                    "triage_scores": parsed.get("triage_scores")})
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path)
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--cache", type=Path, help="read/write parses here")
    parser.add_argument("--errors", action="store_true", help="list misclassified ids and flags")
    parser.add_argument("--json", type=Path, help="write the report as JSON")
    args = parser.parse_args()

    rows = load_dataset(args.dataset)
    if args.cache and args.cache.exists():
        parses = json.loads(args.cache.read_text())
    else:
        parses = asyncio.run(parse_all(args.model or latest_model(), [r["text"] for r in rows]))
        if args.cache:
            args.cache.write_text(json.dumps(parses))

    preds = []
    nlu_correct = 0
    for row, parsed in zip(rows, parses):
        t = first_reading(row["text"], parsed["intent_ranking"], parsed.get("triage_scores"))
        nlu_correct += parsed["intent"]["name"] == row["label"]
        preds.append(
            {
                "triage_label": t.label,
                "emergency": t.emergency,
                "on_behalf": t.on_behalf,
                "prior_report": t.prior_report,
                "vulnerability": t.vulnerability,
                "nlu_intent": parsed["intent"]["name"],
            }
        )
    report = compute_report(rows, preds)
    print(format_report(report, f"In-process NLU + triage ({len(rows)} messages)"))
    print(f"raw NLU top-intent accuracy: {nlu_correct / len(rows):.3f}")
    if args.errors:
        print("\nerrors (id gold -> predicted [nlu intent]):")
        for row, pred in zip(rows, preds):
            if row["label"] != pred["triage_label"]:
                print(f"  {row['id']} {row['label']} -> {pred['triage_label']} [{pred['nlu_intent']}]")
        print("\nflag errors (id flag: gold -> predicted):")
        for row, pred in zip(rows, preds):
            for flag in ("emergency", "on_behalf", "prior_report", "vulnerability"):
                if flag in row and bool(row[flag]) != bool(pred[flag]):
                    print(f"  {row['id']} {flag}: {bool(row[flag])} -> {bool(pred[flag])}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
