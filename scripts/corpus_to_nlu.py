"""Write the triage corpus as Rasa NLU training data (run by scripts/train.sh).

The corpus (`data/triage/train/*.jsonl`: text, label, emergency, on_behalf,
prior_report, vulnerability) is the training data of our own that the triage learns
from. Each row becomes an example of the intent named by its label, carrying its flags
as example metadata for `bot/components/triage_heads.py`. Texts already in the
hand-written NLU files are left out, so no example is in two intents.

    python scripts/corpus_to_nlu.py data/triage/train bot/data/nlu/corpus.generated.json

Written in Rasa's JSON NLU format rather than YAML: Rasa 3.6 read the 10,600-example YAML
file (3 MB, parsed and schema-checked in pure Python) in over two minutes, twice per
training run, which alone took half of the 10-minute training budget; the same examples
in JSON load in under a second. The examples, their intents and their metadata are the
same (`example_metadata` is what the YAML reader passes for an example's `metadata`);
`tests/bot/test_corpus_to_nlu.py` reads both and compares. Rasa 3.6 warns that the JSON
format is deprecated (to be removed in 4.0); the pinned version reads it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

FLAGS = ("emergency", "on_behalf", "prior_report", "vulnerability")


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def handwritten_texts(nlu_dir: Path, skip: Path) -> set[str]:
    texts = set()
    for path in nlu_dir.glob("*.yml"):
        if path.resolve() == skip.resolve() or ".generated." in path.name:
            continue
        for block in (yaml.safe_load(path.read_text()) or {}).get("nlu", []):
            examples = block.get("examples")
            if isinstance(examples, str):
                texts.update(_key(line[2:]) for line in examples.splitlines()
                             if line.strip().startswith("- "))
    return texts


def corpus(corpus_dir: Path) -> list[dict]:
    rows = []
    for path in sorted(corpus_dir.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if not row.get("text") or not row.get("label"):
                raise SystemExit(f"{path}:{number}: a row needs text and label")
            rows.append(row)
    return rows


def to_nlu(rows: list[dict], skip_texts: set[str]) -> dict:
    """Rasa's JSON NLU data: one example per new text, grouped by intent (as the YAML was)."""
    by_label: dict[str, list[dict]] = {}
    seen = set(skip_texts)
    for row in rows:
        key = _key(row["text"])
        if key in seen:
            continue
        seen.add(key)
        flags = {name: bool(row.get(name)) for name in FLAGS}
        by_label.setdefault(row["label"], []).append(
            {"text": row["text"].strip(), "intent": row["label"],
             "example_metadata": {"triage": flags}})
    return {"rasa_nlu_data": {"common_examples": [
        example for label in sorted(by_label) for example in by_label[label]]}}


def main(argv: list[str]) -> int:
    corpus_dir, out = Path(argv[0]), Path(argv[1])
    data = to_nlu(corpus(corpus_dir), handwritten_texts(out.parent, out))
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    stale = out.with_suffix(".yml")
    if stale.name == "corpus.generated.yml" and stale.exists():
        stale.unlink()  # the YAML this replaced, so no example is read twice
    count = len(data["rasa_nlu_data"]["common_examples"])
    print(f"{out}: {count} corpus examples")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
