"""Triage heads measured in-process, without Rasa (Rasa venv).

Trains the label classifier, the danger classifier and the three flag classifiers on
the NLU data plus the triage corpus (`data/triage/train/*.jsonl`), and scores them on
an evaluation file. Prints aggregate figures only, so a blind set can be scored without
anyone reading its errors.

    .venv-rasa/bin/python scripts/triage_lab.py --eval ../shared/eval/triage_dev.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bot"))

from components.minilm_encoder import MiniLMEncoder

LABELS = ("complaint", "service_request", "asb_report", "compliment", "enquiry", "emergency",
          "out_of_scope", "survey_feedback")
FLAGS = ("emergency", "on_behalf", "prior_report", "vulnerability")
CACHE = REPO / "var" / "lab-embeddings.npz"


def nlu_rows() -> list[dict]:
    rows = []
    for path in sorted((REPO / "bot" / "data" / "nlu").glob("*.yml")):
        if path.name.endswith(".generated.yml"):
            continue  # the corpus in NLU form: read from data/triage/train instead
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            if block.get("intent") not in LABELS:
                continue
            for line in block["examples"].splitlines():
                line = line.strip()
                if line.startswith("- "):
                    rows.append({"text": line[2:], "label": block["intent"], "source": "nlu"})
    return rows


def corpus_rows() -> list[dict]:
    rows = []
    for path in sorted((REPO / "data" / "triage" / "train").glob("*.jsonl")):
        for line in path.read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                row["source"] = path.stem
                rows.append(row)
    return rows


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def embed(texts: list[str]) -> np.ndarray:
    cache: dict[str, np.ndarray] = {}
    if CACHE.exists():
        data = np.load(CACHE)
        cache = dict(zip(data["keys"].tolist(), data["vecs"]))
    keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    missing = sorted({(k, t) for k, t in zip(keys, texts) if k not in cache})
    if missing:
        encoder = MiniLMEncoder()
        vecs = encoder.encode([t for _, t in missing])
        cache.update(zip([k for k, _ in missing], vecs))
        CACHE.parent.mkdir(exist_ok=True)
        np.savez(CACHE, keys=np.array(list(cache)), vecs=np.vstack(list(cache.values())))
    return np.vstack([cache[k] for k in keys])


def main() -> int:
    from components.triage_heads import pick_threshold
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", type=Path, action="append", required=True)
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--show", action="store_true",
                        help="print the danger misses and false alarms (never on a blind set)")
    parser.add_argument("--dense-weight", type=float, default=0.5)
    parser.add_argument("--C", type=float, default=16.0)
    parser.add_argument("--danger-recall", type=float, default=0.99)
    parser.add_argument("--head-C", type=float, default=4.0)
    args = parser.parse_args()

    train = nlu_rows() + ([] if args.no_corpus else corpus_rows())
    texts = [r["text"] for r in train]
    word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True).fit(texts)

    def features(ts: list[str]) -> csr_matrix:
        return hstack([word.transform(ts), char.transform(ts),
                       csr_matrix(embed(ts) * args.dense_weight)]).tocsr()

    x = features(texts)
    label_clf = LogisticRegression(C=args.C, max_iter=3000, class_weight="balanced").fit(
        x, [r["label"] for r in train])
    flagged = [i for i, r in enumerate(train) if "on_behalf" in r]
    heads, thresholds = {}, {}
    for flag in FLAGS:
        idx = flagged if flag != "emergency" else list(range(len(train)))
        if not idx:
            continue
        y = [bool(train[i].get("emergency") or train[i]["label"] == "emergency") if flag == "emergency"
             else bool(train[i][flag]) for i in idx]
        clf = LogisticRegression(C=args.head_C, max_iter=3000, class_weight="balanced")
        folds = StratifiedKFold(5, shuffle=True, random_state=42)
        held_out = cross_val_predict(clf, x[idx], y, cv=folds, method="predict_proba")[:, 1]
        thresholds[flag] = pick_threshold(np.array(y), held_out, args.danger_recall if flag == "emergency" else None)
        heads[flag] = clf.fit(x[idx], y)
    print(f"trained on {len(train)} rows ({len(flagged)} with flags)")

    for path in args.eval:
        rows = load_jsonl(path)
        xe = features([r["text"] for r in rows])
        pred = label_clf.predict(xe)
        gold = [r["label"] for r in rows]
        f1s = []
        for label in LABELS:
            tp = sum(p == g == label for p, g in zip(pred, gold))
            fp = sum(p == label != g for p, g in zip(pred, gold))
            fn = sum(g == label != p for p, g in zip(pred, gold))
            pr = tp / (tp + fp) if tp + fp else 0.0
            rc = tp / (tp + fn) if tp + fn else 0.0
            f1s.append(2 * pr * rc / (pr + rc) if pr + rc else 0.0)
        cs = [(g, p) for g, p, r in zip(gold, pred, rows)
              if g in ("complaint", "service_request") and r.get("clear", True)]
        praise = [p for g, p in zip(gold, pred) if g == "compliment"]
        print(f"\n{path.name}: n={len(rows)}  label acc {np.mean(pred == np.array(gold)):.3f}  "
              f"macro-F1 {np.mean(f1s):.3f}  complaint-vs-SR (clear) {np.mean([g == p for g, p in cs]):.3f}"
              f"  compliments read as complaint {sum(p == 'complaint' for p in praise)}/{len(praise)}")
        for flag in [f for f in FLAGS if f in heads]:
            g = np.array([bool(r.get(flag)) for r in rows])
            prob = heads[flag].predict_proba(xe)[:, 1]
            thr = thresholds[flag]
            o = prob >= thr
            tp, fp, fn = (g & o).sum(), (~g & o).sum(), (g & ~o).sum()
            print(f"  {flag:14s} thr {thr:.3f} agree {np.mean(g == o):.3f}  precision {tp / max(tp + fp, 1):.3f}"
                  f"  recall {tp / max(tp + fn, 1):.3f}  (gold {g.sum()})")
            if flag == "emergency" and args.show:
                for r, pv, gv in zip(rows, prob, g):
                    if (pv >= 0.3) != gv:
                        print(f"    {'MISS' if gv else 'FA  '} {pv:.2f} {r['label']:15s} {r['text'][:150]}")
            if flag == "emergency":
                pe = label_clf.predict_proba(xe)[:, list(label_clf.classes_).index("emergency")]
                for name, score in (("label P(emergency)", pe), ("mean(head, label)", (prob + pe) / 2)):
                    for t in (0.05, 0.1, 0.2, 0.3):
                        o = score >= t
                        print(f"    {name} >= {t}: recall {(g & o).sum() / max(g.sum(), 1):.3f}  "
                              f"false alarms on routine {(~g & o).sum() / max((~g).sum(), 1):.3f}")
                for t in (0.1, 0.2, 0.3, 0.5):
                    o = prob >= t
                    print(f"    threshold {t}: recall {(g & o).sum() / max(g.sum(), 1):.3f}  "
                          f"false alarms on routine {(~g & o).sum() / max((~g).sum(), 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
