"""Danger head experiment: fine-tune the top of MiniLM (or pool its tokens) vs the LR head.

The current danger head is a class-balanced logistic regression over TF-IDF n-grams plus
the frozen mean-pooled all-MiniLM-L6-v2 embedding (bot/components/triage_heads.py). This
lab asks whether reading the token states helps: the lower MiniLM layers stay frozen and
their outputs are cached once (var/danger_ft/), and on top of them it trains, with
TensorFlow on one thread,

  attnpool   trainable attention pooling over the frozen last-layer token states + logit
  top1       the last transformer layer (layer 5) fine-tuned + masked mean pool + logit
  top2       layers 4 and 5 fine-tuned (costly: see the timing it prints)

and compares them with the LR head (the scripts/triage_lab.py recipe, deployed settings:
C=16, dense weight 0.5, TF-IDF fitted on all training texts), alone and averaged with it.

Training data: the NLU examples of the eight labels (not *.generated.yml) plus
data/triage/train/*.jsonl; positive = `emergency` flag or `emergency` label. Figures:
5-fold stratified CV (seed 42, the same folds for every variant); the threshold is the
highest that keeps >= 0.97 of the CV dangers (triage_heads.pick_threshold), and the model
refitted on all the data is scored at that threshold on each eval file, plus its false
alarms at recall 1.00 (FA@R1: the threshold at the lowest-scored danger of that file).

    .venv-rasa/bin/python scripts/danger_finetune_lab.py extract          # token states, once
    .venv-rasa/bin/python scripts/danger_finetune_lab.py run --variants baseline,attnpool,top1
    .venv-rasa/bin/python scripts/danger_finetune_lab.py latency          # ONNX, 1 thread

Eval files (defaults): ../shared/eval/triage_dev.jsonl and the retired-to-be study sets
eval/blind/retired/triage_blind_v4_g.jsonl, triage_blind_v4_h.jsonl (retired). No other blind set is read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bot"))
sys.path.insert(0, str(REPO / "scripts"))

from triage_lab import corpus_rows, load_jsonl, nlu_rows

CACHE = REPO / "var" / "danger_ft"
EVALS = [REPO.parent / "shared" / "eval" / "triage_dev.jsonl",
         REPO / "eval" / "blind" / "retired" / "triage_blind_v4_g.jsonl",
         REPO / "eval" / "blind" / "retired" / "triage_blind_v4_h.jsonl"]
LAYERS = (3, 4, 5)  # cached outputs of these encoder layers (0-based; 5 = last)
RECALL = 0.97


def key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def training_rows() -> list[dict]:
    rows = nlu_rows() + corpus_rows()
    for r in rows:
        r["y"] = bool(r.get("emergency") or r["label"] == "emergency")
    return rows


def eval_sets() -> dict[str, list[dict]]:
    out = {}
    for path in EVALS:
        assert "v4_" in path.name or "dev" in path.name, path  # never another blind set
        rows = load_jsonl(path)
        for r in rows:
            r["y"] = bool(r.get("emergency"))
        out[path.stem] = rows
    return out


# ---------------------------------------------------------------- token-state cache

def model_dir() -> Path:
    from components.minilm_encoder import default_model_dir
    return default_model_dir()


def tokenizer():
    from components.minilm_encoder import WordPieceTokenizer
    return WordPieceTokenizer(model_dir() / "vocab.txt")


def layered_session():
    """The project's MiniLM graph with the outputs of every layer exposed (1 thread)."""
    import onnx
    import onnxruntime as ort
    from components.minilm_onnx import graph
    from onnx import TensorProto, helper

    model = onnx.load(str(graph(model_dir())))
    lns = [n for n in model.graph.node if n.op_type == "LayerNormalization"]
    names = {}
    for layer in LAYERS:  # LN 0: embeddings; per layer: attention LN, output LN
        names[layer] = lns[2 + 2 * layer].output[0]
        model.graph.output.append(helper.make_tensor_value_info(names[layer], TensorProto.FLOAT, None))
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    return sess, names


def extract(texts: list[str]) -> None:
    """Cache the token states (fp16) of every text not yet cached, per layer."""
    CACHE.mkdir(parents=True, exist_ok=True)
    have = set()
    index = CACHE / "index.json"
    if index.exists():
        have = set(json.loads(index.read_text()))
    todo = sorted({t for t in texts if key(t) not in have})
    if not todo:
        print("token states: all cached")
        return
    tok = tokenizer()
    sess, names = layered_session()
    enc = [tok.encode(t) for t in todo]
    order = sorted(range(len(todo)), key=lambda i: len(enc[i]))
    out = {layer: [None] * len(todo) for layer in LAYERS}
    t0 = time.time()
    for start in range(0, len(order), 32):
        idx = order[start:start + 32]
        seq = max(len(enc[i]) for i in idx)
        ids = np.zeros((len(idx), seq), np.int64)
        mask = np.zeros((len(idx), seq), np.int64)
        for row, i in enumerate(idx):
            ids[row, :len(enc[i])] = enc[i]
            mask[row, :len(enc[i])] = 1
        res = sess.run([names[layer] for layer in LAYERS], {"input_ids": ids, "attention_mask": mask})
        for layer, arr in zip(LAYERS, res):
            for row, i in enumerate(idx):
                out[layer][i] = arr[row, :len(enc[i])].astype(np.float16)
    print(f"extracted {len(todo)} texts in {time.time() - t0:.0f}s")
    # one shard per run: keys + offsets + concatenated states
    shard = len(list(CACHE.glob("shard*.npz")))
    lens = np.array([len(e) for e in enc])
    np.savez(CACHE / f"shard{shard}.npz", keys=np.array([key(t) for t in todo]), lens=lens,
             **{f"l{layer}": np.concatenate(out[layer]) for layer in LAYERS})
    index.write_text(json.dumps(sorted(have | {key(t) for t in todo})))


def load_states(texts: list[str], layer: int) -> list[np.ndarray]:
    store = {}
    for shard in sorted(CACHE.glob("shard*.npz")):
        data = np.load(shard)
        offs = np.concatenate([[0], np.cumsum(data["lens"])])
        arr = data[f"l{layer}"]
        for k, a, b in zip(data["keys"].tolist(), offs[:-1], offs[1:]):
            store[k] = arr[a:b]
    return [store[key(t)] for t in texts]


# ---------------------------------------------------------------- baseline: LR head

def baseline_scores(train: list[dict], folds, evals: dict[str, list[dict]], C: float = 16.0,
                    dense_weight: float = 0.5) -> tuple[np.ndarray, dict, float]:
    """OOF scores, eval scores of the refit, and the fit time (one fit) - triage_lab recipe."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits
    from triage_lab import embed

    texts = [r["text"] for r in train]
    y = np.array([r["y"] for r in train])
    with threadpool_limits(1):
        word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts)
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True).fit(texts)

        def features(ts):
            return hstack([word.transform(ts), char.transform(ts),
                           csr_matrix(embed(ts) * dense_weight)]).tocsr()

        x = features(texts)
        oof = np.zeros(len(y))
        for tr, te in folds:
            clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=42)
            oof[te] = clf.fit(x[tr], y[tr]).predict_proba(x[te])[:, 1]
        t0 = time.time()
        clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=42).fit(x, y)
        secs = time.time() - t0
        ev = {name: clf.predict_proba(features([r["text"] for r in rows]))[:, 1]
              for name, rows in evals.items()}
        # for the *res variants: LR logits of each outer fold's training rows, out of an
        # inner 5-fold CV inside that training part (no row sees its own label)
        from sklearn.model_selection import StratifiedKFold
        inner = {}
        for k, (tr, _) in enumerate(folds):
            z = np.zeros(len(y))
            for itr, ite in StratifiedKFold(5, shuffle=True, random_state=7).split(tr, y[tr]):
                clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=42)
                z[tr[ite]] = clf.fit(x[tr[itr]], y[tr[itr]]).decision_function(x[tr[ite]])
            inner[k] = z
    return oof, ev, secs, inner


# ---------------------------------------------------------------- TF models

def tf_setup():
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.get_logger().setLevel("ERROR")
    return tf


def bert_weights() -> tuple[dict, dict]:
    from safetensors.numpy import load_file
    d = model_dir()
    w = {k.removeprefix("bert."): v.astype(np.float32)
         for k, v in load_file(str(d / "model.safetensors")).items()}
    return w, json.loads((d / "config.json").read_text())


def make_model(tf, kind: str, w: dict, cfg: dict, heads_pool: int = 4, pool_hidden: int = 64):
    """Returns (trainable variable groups {'enc': [...], 'head': [...]}, call(h, mask, training))."""
    hidden, nh = int(cfg["hidden_size"]), int(cfg["num_attention_heads"])
    eps = float(cfg.get("layer_norm_eps", 1e-12))
    hd = hidden // nh
    V = lambda a, name: tf.Variable(np.asarray(a, np.float32), name=name)
    layers = {"top1": [5], "top2": [4, 5]}.get(kind, [])
    enc_vars, lw = [], []
    for i in layers:
        p = f"encoder.layer.{i}."
        d = {}
        for short, name in (("q", "attention.self.query"), ("k", "attention.self.key"),
                            ("v", "attention.self.value"), ("o", "attention.output.dense"),
                            ("i", "intermediate.dense"), ("f", "output.dense")):
            d[short + "W"] = V(w[p + name + ".weight"].T, f"{i}{short}W")
            d[short + "b"] = V(w[p + name + ".bias"], f"{i}{short}b")
        for short, name in (("ln1", "attention.output.LayerNorm"), ("ln2", "output.LayerNorm")):
            d[short + "g"] = V(w[p + name + ".weight"], f"{i}{short}g")
            d[short + "b"] = V(w[p + name + ".bias"], f"{i}{short}b")
        lw.append(d)
        enc_vars += list(d.values())
    rng = np.random.default_rng(0)
    head = {}
    if kind == "attnpool":
        head["pW"] = V(rng.normal(0, 0.05, (hidden, pool_hidden)), "pW")
        head["pb"] = V(np.zeros(pool_hidden), "pb")
        head["pv"] = V(rng.normal(0, 0.05, (pool_hidden, heads_pool)), "pv")
        feat = hidden * (heads_pool + 1)
    else:
        feat = hidden
    head["W"] = V(rng.normal(0, 0.02, (feat, 1)), "W")
    head["b"] = V(np.zeros(1), "b")

    def ln(x, g, b):
        m, v = tf.nn.moments(x, axes=[-1], keepdims=True)
        return (x - m) * tf.math.rsqrt(v + eps) * g + b

    def layer(x, bias, d, training):
        B, T = tf.shape(x)[0], tf.shape(x)[1]

        def proj(s):
            y = tf.matmul(x, d[s + "W"]) + d[s + "b"]
            return tf.transpose(tf.reshape(y, [B, T, nh, hd]), [0, 2, 1, 3])
        q, k, v = proj("q"), proj("k"), proj("v")
        s = tf.matmul(q, k, transpose_b=True) / np.sqrt(hd) + bias
        a = tf.nn.softmax(s, axis=-1)
        if training:
            a = tf.nn.dropout(a, 0.1)
        c = tf.reshape(tf.transpose(tf.matmul(a, v), [0, 2, 1, 3]), [B, T, hidden])
        c = tf.matmul(c, d["oW"]) + d["ob"]
        if training:
            c = tf.nn.dropout(c, 0.1)
        x = ln(x + c, d["ln1g"], d["ln1b"])
        h = tf.nn.gelu(tf.matmul(x, d["iW"]) + d["ib"], approximate=False)
        h = tf.matmul(h, d["fW"]) + d["fb"]
        if training:
            h = tf.nn.dropout(h, 0.1)
        return ln(x + h, d["ln2g"], d["ln2b"])

    def call(x, mask, training=False):
        mf = tf.cast(mask, tf.float32)
        bias = (1.0 - mf)[:, None, None, :] * -1e9
        for d in lw:
            x = layer(x, bias, d, training)
        m3 = mf[:, :, None]
        mean = tf.reduce_sum(x * m3, 1) / tf.maximum(tf.reduce_sum(m3, 1), 1e-9)
        mean = mean / tf.maximum(tf.norm(mean, axis=-1, keepdims=True), 1e-12)
        if kind == "attnpool":
            sc = tf.matmul(tf.tanh(tf.matmul(x, head["pW"]) + head["pb"]), head["pv"])  # B,T,H
            sc = sc + (1.0 - m3) * -1e9
            al = tf.nn.softmax(sc, axis=1)
            pooled = tf.reshape(tf.einsum("bth,btd->bhd", al, x), [tf.shape(x)[0], -1])
            feat = tf.concat([mean, pooled / np.sqrt(hidden)], -1)
        else:
            feat = mean
        if training:
            feat = tf.nn.dropout(feat, 0.1)
        return tf.squeeze(tf.matmul(feat, head["W"]) + head["b"], -1)

    return {"enc": enc_vars, "head": list(head.values())}, call, lw, head


HP = {  # epochs, encoder lr, head lr, batch
    "attnpool": {"epochs": 12, "lr_enc": 0.0, "lr_head": 2e-3, "batch": 32},
    "top1": {"epochs": 3, "lr_enc": 5e-5, "lr_head": 2e-3, "batch": 32},
    "top2": {"epochs": 3, "lr_enc": 5e-5, "lr_head": 2e-3, "batch": 32},
}


def batches(lens: np.ndarray, idx: np.ndarray, size: int, rng) -> list[np.ndarray]:
    """Length-bucketed batches (little padding), in random order."""
    idx = idx[np.argsort(lens[idx] + rng.random(len(idx)), kind="stable")]
    out = [idx[s:s + size] for s in range(0, len(idx), size)]
    rng.shuffle(out)
    return out


def pad(states: list[np.ndarray], idx) -> tuple[np.ndarray, np.ndarray]:
    T = max(len(states[i]) for i in idx)
    x = np.zeros((len(idx), T, states[idx[0]].shape[1]), np.float32)
    m = np.zeros((len(idx), T), np.float32)
    for r, i in enumerate(idx):
        x[r, :len(states[i])] = states[i]
        m[r, :len(states[i])] = 1
    return x, m


def fit_predict(tf, kind, w, cfg, states, y, train_idx, predict_sets, seed=0, hp=None,
                train_off=None, pred_offs=None):
    """Train on train_idx; return scores (probabilities) for each (states, idx) in predict_sets.

    With offsets (LR logits), the model learns a correction added to the LR head's logit."""
    n_all = len(states)
    train_off = np.zeros(n_all) if train_off is None else train_off
    pred_offs = pred_offs or [np.zeros(len(st)) for st, _ in predict_sets]
    hp = {**HP[kind], **(hp or {})}
    tf.random.set_seed(seed)
    groups, call, _, _ = make_model(tf, kind, w, cfg)
    opt_h = tf.keras.optimizers.Adam(hp["lr_head"])
    opt_e = tf.keras.optimizers.Adam(hp["lr_enc"]) if groups["enc"] else None
    pos_w = float((~y[train_idx]).sum() / max(y[train_idx].sum(), 1))  # class-balanced
    lens = np.array([len(s) for s in states])
    steps = hp["epochs"] * int(np.ceil(len(train_idx) / hp["batch"]))
    step = tf.Variable(0.0)

    sig = [tf.TensorSpec([None, None, 384], tf.float32), tf.TensorSpec([None, None], tf.float32),
           tf.TensorSpec([None], tf.float32), tf.TensorSpec([None], tf.float32)]

    @tf.function(input_signature=sig)
    def train_step(x, m, yy, off):
        with tf.GradientTape() as tape:
            logit = call(x, m, training=True) + off
            wts = 1.0 + yy * (pos_w - 1.0)
            loss = tf.reduce_sum(wts * tf.nn.sigmoid_cross_entropy_with_logits(yy, logit)) / tf.reduce_sum(wts)
        vs = groups["head"] + groups["enc"]
        grads = tape.gradient(loss, vs)
        # linear warm-up (10%) then linear decay, for both groups
        frac = step / steps
        scale = tf.minimum(frac / 0.1, 1.0) * tf.maximum(1.0 - frac, 0.0) if opt_e else 1.0 - 0.9 * frac
        nh = len(groups["head"])
        opt_h.learning_rate.assign(hp["lr_head"] * scale)
        opt_h.apply_gradients(zip(grads[:nh], groups["head"]))
        if opt_e:
            opt_e.learning_rate.assign(hp["lr_enc"] * scale)
            opt_e.apply_gradients(zip(grads[nh:], groups["enc"]))
        step.assign_add(1.0)
        return loss

    @tf.function(input_signature=sig[:2] + sig[3:])
    def predict_step(x, m, off):
        return tf.sigmoid(call(x, m, training=False) + off)

    rng = np.random.default_rng(seed)
    t0 = time.time()
    for _ in range(hp["epochs"]):
        for b in batches(lens, np.asarray(train_idx), hp["batch"], rng):
            x, m = pad(states, b)
            train_step(x, m, y[b].astype(np.float32), train_off[b].astype(np.float32))
    secs = time.time() - t0
    outs = []
    for (st, idx), offs in zip(predict_sets, pred_offs):
        idx = np.asarray(idx)
        sl = np.array([len(s) for s in st])
        p = np.zeros(len(st))
        order = idx[np.argsort(sl[idx])]
        for s in range(0, len(order), 64):
            b = order[s:s + 64]
            x, m = pad(st, b)
            p[b] = predict_step(x, m, offs[b].astype(np.float32)).numpy()
        outs.append(p[idx])
    return outs, secs, (call, groups)


# ---------------------------------------------------------------- figures

def pick(y, p, recall=RECALL):
    from components.triage_heads import pick_threshold
    return pick_threshold(np.asarray(y, bool), np.asarray(p), recall)


def rates(y, p, thr):
    y = np.asarray(y, bool)
    o = np.asarray(p) >= thr
    return (o & y).sum() / max(y.sum(), 1), (o & ~y).sum() / max((~y).sum(), 1)


def fa_at_r1(y, p):
    y = np.asarray(y, bool)
    return rates(y, p, np.asarray(p)[y].min())[1]


def main() -> int:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("extract")
    r = sub.add_parser("run")
    r.add_argument("--variants", default="baseline,attnpool,top1")
    r.add_argument("--folds", type=int, default=5)
    r.add_argument("--epochs", type=int, default=None)
    r.add_argument("--lr-enc", type=float, default=None)
    r.add_argument("--lr-head", type=float, default=None)
    r.add_argument("--tag", default="", help="suffix for the variant's name in the table")
    r.add_argument("--seed", type=int, default=0, help="added to the TF seeds (a second draw)")
    r.add_argument("--show", default="", help="eval set stems whose errors to print (v4 study sets / dev only)")
    r.add_argument("--save", action="store_true", help="keep the all-data models' weights in var/danger_ft/")
    lat = sub.add_parser("latency")
    lat.add_argument("--variant", default="top1")
    lat.add_argument("--n", type=int, default=200)
    args = ap.parse_args()

    train = training_rows()
    evals = eval_sets()
    if args.cmd == "extract":
        extract([r["text"] for r in train] + [r["text"] for rows in evals.values() for r in rows])
        return 0
    if args.cmd == "latency":
        return latency(args, train)

    from sklearn.model_selection import StratifiedKFold
    y = np.array([r["y"] for r in train])
    folds = list(StratifiedKFold(args.folds, shuffle=True, random_state=42).split(np.zeros(len(y)), y))
    results = {}
    res_path = CACHE / "results.json"
    if res_path.exists():
        results = json.loads(res_path.read_text())
    scores_path = CACHE / "scores.npz"
    scores = dict(np.load(scores_path)) if scores_path.exists() else {}
    for variant in args.variants.split(","):
        t0 = time.time()
        if variant == "baseline":
            oof, ev, secs, inner = baseline_scores(train, folds, evals)
            np.savez(CACHE / "lr_inner.npz", **{str(k): v for k, v in inner.items()})
        else:
            tf = tf_setup()
            w, cfg = bert_weights()
            kind = variant.removesuffix("res")
            layer = {"attnpool": 5, "top1": 4, "top2": 3}[kind]
            st = load_states([r["text"] for r in train], layer)
            est = {n: load_states([r["text"] for r in rows], layer) for n, rows in evals.items()}
            hp = {k: v for k, v in (("epochs", args.epochs), ("lr_enc", args.lr_enc),
                                    ("lr_head", args.lr_head)) if v}
            logit = lambda q: np.log(np.clip(q, 1e-7, 1 - 1e-7) / np.clip(1 - q, 1e-7, 1))
            res = variant.endswith("res")
            if res:
                inner = dict(np.load(CACHE / "lr_inner.npz"))
                lr_oof = logit(scores["baseline|oof"])
            oof = np.zeros(len(y))
            for k, (tr, te) in enumerate(folds):
                offs = {"train_off": inner[str(k)], "pred_offs": [lr_oof]} if res else {}
                (p,), s, _ = fit_predict(tf, kind, w, cfg, st, y, tr, [(st, te)], seed=k + args.seed, hp=hp,
                                         **offs)
                oof[te] = p
                print(f"  {variant} fold {k}: {s:.0f}s", flush=True)
            offs = ({"train_off": lr_oof, "pred_offs": [logit(scores[f"baseline|{n}"]) for n in est]}
                    if res else {})
            outs, secs, (_, groups) = fit_predict(
                tf, kind, w, cfg, st, y, np.arange(len(y)),
                [(e, np.arange(len(e))) for e in est.values()], seed=99 + args.seed, hp=hp, **offs)
            ev = dict(zip(est, outs))
            if args.save:
                np.savez(CACHE / f"weights_{variant}.npz",
                         **{v.name.split(":")[0]: v.numpy() for g in groups.values() for v in g})
        variant = variant + args.tag
        scores[f"{variant}|oof"] = oof
        for n, p in ev.items():
            scores[f"{variant}|{n}"] = p
        results[variant] = {"fit_seconds": secs, "wall_seconds": time.time() - t0}
        np.savez(scores_path, **scores)
        res_path.write_text(json.dumps(results, indent=1))
        print(f"{variant}: one fit {secs:.0f}s, with CV {time.time() - t0:.0f}s", flush=True)

    # ensembles with the LR head: mean of the two probabilities
    names = sorted({k.split("|")[0] for k in scores})
    if "baseline" in names:
        for v in [n for n in names if n != "baseline" and "+" not in n and "res" not in n]:
            for part in ["oof"] + list(evals):
                scores[f"{v}+LR|{part}"] = (scores[f"{v}|{part}"] + scores[f"baseline|{part}"]) / 2
        names = sorted({k.split("|")[0] for k in scores})
    report(names, scores, y, evals, results)
    for stem in [s for s in args.show.split(",") if s]:
        assert stem in evals
        for v in names:
            thr = pick(y, scores[f"{v}|oof"])
            print(f"\n--- {v} on {stem} (thr {thr:.3f}) ---")
            for row, p in zip(evals[stem], scores[f"{v}|{stem}"]):
                if (p >= thr) != row["y"]:
                    print(f"  {'MISS' if row['y'] else 'FA  '} {p:.3f} {row['label']:15s} {row['text'][:140]}")
    return 0


def report(names, scores, y, evals, results):
    print("\nthreshold = highest with CV recall >= 0.97; R/FA = recall / false-alarm rate at it;"
          " FA@R1 = false alarms at recall 1.00 on that set")
    head = f"{'variant':16s} {'thr':>6s} {'CV R':>5s} {'CV FA':>6s} {'CV FA@R1':>8s}"
    for n in evals:
        short = n.replace("triage_blind_", "").replace("triage_", "")
        head += f" | {short + ' R':>8s} {'FA':>5s} {'FA@R1':>6s}"
    print(head)
    for v in names:
        oof = scores[f"{v}|oof"]
        thr = pick(y, oof)
        rc, fa = rates(y, oof, thr)
        line = f"{v:16s} {thr:6.3f} {rc:5.3f} {fa:6.3f} {fa_at_r1(y, oof):8.3f}"
        for n, rows in evals.items():
            ye = np.array([r["y"] for r in rows])
            p = scores[f"{v}|{n}"]
            r2, f2 = rates(ye, p, thr)
            line += f" | {r2:8.3f} {f2:5.3f} {fa_at_r1(ye, p):6.3f}"
        print(line)
    for v, d in results.items():
        print(f"  {v}: one fit {d['fit_seconds']:.1f}s, CV+fit wall {d['wall_seconds']:.0f}s")


def head_graph(variant: str, wts: dict, cfg: dict):
    """ONNX graph of the trained part: input `states` (the frozen encoder's token states at
    the cut) and `attention_mask`; output `p_danger`. Built with the project's GraphBuilder."""
    from components.minilm_onnx import GraphBuilder
    from onnx import TensorProto, helper

    hidden, nh = int(cfg["hidden_size"]), int(cfg["num_attention_heads"])
    eps = float(cfg.get("layer_norm_eps", 1e-12))
    g = GraphBuilder()
    _, mask, mask_f, mask_bias = g.mask_inputs()
    states = helper.make_tensor_value_info("states", TensorProto.FLOAT, ["batch", "seq", hidden])
    x = "states"
    for i in {"top1": [5], "top2": [4, 5]}.get(variant, []):
        t = {}  # back to torch layout (out, in), the layout GraphBuilder.linear expects
        for s in ("q", "k", "v", "o", "i", "f"):
            t[f"{s}.weight"] = wts[f"{i}{s}W"].T
            t[f"{s}.bias"] = wts[f"{i}{s}b"]
        a = g.attention(x, t, {"q": "q", "k": "k", "v": "v", "o": "o"}, nh, hidden, mask_bias)
        x = g.layer_norm(g.op("Add", [a, x]), wts[f"{i}ln1g"], wts[f"{i}ln1b"], eps)
        h = g.gelu(g.linear(x, t["i.weight"], t["i.bias"]))
        h = g.linear(h, t["f.weight"], t["f.bias"])
        x = g.layer_norm(g.op("Add", [h, x]), wts[f"{i}ln2g"], wts[f"{i}ln2b"], eps)
    feat = g.mean_pool_normalise(x, mask_f)
    if variant == "attnpool":
        sc = g.op("MatMul", [g.op("Tanh", [g.op("Add", [g.op("MatMul", [x, g.const(wts["pW"])]),
                                                      g.const(wts["pb"])])]), g.const(wts["pv"])])
        m = g.op("Unsqueeze", [mask_f, g.const(np.array([2], dtype=np.int64))])
        sc = g.op("Add", [sc, g.op("Mul", [g.op("Sub", [g.const(np.float32(1.0)), m]),
                                           g.const(np.float32(-1e9))])])
        al = g.op("Softmax", [sc], axis=1)                                  # B,T,H
        pooled = g.op("MatMul", [g.op("Transpose", [al], perm=[0, 2, 1]), x])  # B,H,D
        pooled = g.op("Reshape", [pooled, g.const(np.array([0, -1], dtype=np.int64))])
        pooled = g.op("Mul", [pooled, g.const(np.float32(1 / np.sqrt(hidden)))])
        feat = g.op("Concat", [feat, pooled], axis=-1)
    logit = g.op("Add", [g.op("MatMul", [feat, g.const(wts["W"])]), g.const(wts["b"])])
    p = g.op("Sigmoid", [logit])
    return g.model([states, mask], {"p_danger": (p, ["batch", 1])})


def latency(args, train) -> int:
    """Single-threaded onnxruntime, one message at a time, interleaved: the project's encoder
    (as deployed) and the added graph of the variant on that message's cut states."""
    import onnxruntime as ort
    from components.minilm_encoder import MiniLMEncoder

    w_path = CACHE / f"weights_{args.variant}.npz"
    wts = dict(np.load(w_path))
    _, cfg = bert_weights()
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    head = ort.InferenceSession(head_graph(args.variant, wts, cfg).SerializeToString(), opts,
                                providers=["CPUExecutionProvider"])
    layered, names = layered_session()
    cut = names[{"attnpool": 5, "top1": 4, "top2": 3}[args.variant]]
    enc = MiniLMEncoder()
    rng = np.random.default_rng(0)
    texts = [train[i]["text"] for i in rng.choice(len(train), args.n, replace=False)]
    # parity: the ONNX graphs (fp32 states) against the TF model's dev scores (fp16 cache)
    tf_scores = np.load(CACHE / "scores.npz")[f"{args.variant}|triage_dev"]
    diffs = []
    for text, ref in zip([r["text"] for r in eval_sets()["triage_dev"]], tf_scores):
        ids = np.array([enc.tokenizer.encode(text)], np.int64)
        st = layered.run([cut], {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0]
        diffs.append(abs(float(head.run(["p_danger"], {"states": st,
                                                       "attention_mask": np.ones_like(ids)})[0][0, 0]) - ref))
    print(f"parity on dev: max |p_onnx - p_tf| = {max(diffs):.2e} (TF read fp16-cached states)")
    t_enc, t_head = [], []
    for n, text in enumerate([texts[0]] * 5 + texts):
        ids = np.array([enc.tokenizer.encode(text)], np.int64)
        mask = np.ones_like(ids)
        t0 = time.perf_counter()
        enc.encode([text])
        t1 = time.perf_counter()
        st = layered.run([cut], {"input_ids": ids, "attention_mask": mask})[0]
        t2 = time.perf_counter()
        head.run(["p_danger"], {"states": st, "attention_mask": mask})
        t3 = time.perf_counter()
        if n >= 5:
            t_enc.append((t1 - t0) * 1e3)
            t_head.append((t3 - t2) * 1e3)
    for name, t in (("encoder as deployed (tokenise+6 layers+pool)", t_enc),
                    (f"added {args.variant} graph", t_head)):
        print(f"{name:48s} p50 {np.percentile(t, 50):6.2f} ms  p95 {np.percentile(t, 95):6.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
