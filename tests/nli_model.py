"""A tiny sequence-classification model in ONNX, and its tokenizer, built without downloads.

The ``onnx`` helper API writes a graph that embeds each token id as two logits
(not supported, supported), masks the padding and sums over the sequence; the
``tokenizers`` library writes a word-level ``tokenizer.json`` with a
``[CLS] a [SEP] b [SEP]`` pair template. So the model's support for a pair is a
known function of its words, which a test can compute by hand (``expected``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]")
WEIGHTS: dict[str, tuple[float, float]] = {
    # word: (logit for "not supported", logit for "supported")
    "minutes": (0.0, 1.5),
    "midnight": (0.0, 1.0),
    "night": (0.0, 1.0),
    "national": (8.0, 0.0),
    "more": (8.0, 0.0),
    "government": (1.0, 0.0),
}
VOCAB = {word: i for i, word in enumerate((*SPECIALS, *WEIGHTS))}


def build(directory: Path, *, labels: dict[int, str] | None = None,
          settings: dict[str, object] | None = None) -> Path:
    """Write model.onnx and tokenizer.json (and config.json / factcheck-nli.json if given)."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

    directory.mkdir(parents=True, exist_ok=True)
    tokenizer = Tokenizer(models.WordLevel(VOCAB, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]",
        special_tokens=[("[CLS]", VOCAB["[CLS]"]), ("[SEP]", VOCAB["[SEP]"])])
    tokenizer.save(str(directory / "tokenizer.json"))

    table = np.zeros((len(VOCAB), 2), dtype=np.float32)
    for word, logits in WEIGHTS.items():
        table[VOCAB[word]] = logits
    ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"])
    mask = helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"])
    logits = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 2])
    nodes = [
        helper.make_node("Gather", ["table", "input_ids"], ["embedded"], axis=0),
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_f", "last"], ["mask_3d"]),
        helper.make_node("Mul", ["embedded", "mask_3d"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "sequence"], ["logits"], keepdims=0),
    ]
    graph = helper.make_graph(nodes, "tiny-nli", [ids, mask], [logits], initializer=[
        numpy_helper.from_array(table, "table"),
        numpy_helper.from_array(np.array([-1], dtype=np.int64), "last"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "sequence"),
    ])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(directory / "model.onnx"))
    if labels is not None:
        (directory / "config.json").write_text(json.dumps({"id2label": labels}))
    if settings is not None:
        (directory / "factcheck-nli.json").write_text(json.dumps(settings))
    return directory


def expected(passage: str, claim: str, label: int = 1) -> float:
    """The model's support for a pair, computed from WEIGHTS without onnxruntime."""
    words = [w.lower() for text in (passage, claim) for w in _words(text)]
    logits = [sum(WEIGHTS.get(w, (0.0, 0.0))[k] for w in words) for k in (0, 1)]
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    return exps[label] / sum(exps)


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"\w+", text)
