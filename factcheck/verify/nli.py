"""The ``nli`` verifier: a local sequence-classification model exported to ONNX.

A model directory holds ``model.onnx`` (or one ``*.onnx`` file) and the
``tokenizer.json`` of its fast tokenizer, as ``optimum-cli export onnx`` writes
them; an optional ``factcheck-nli.json`` says how to feed and read it::

    {"name": "MiniCheck-DeBERTa-v3-Large",  # shown in reports (default: folder name)
     "supported_label": 1,                  # output index meaning "supported"
     "template": "{premise}[SEP]{hypothesis}",  # one text instead of a text pair
     "max_length": 2048}                    # tokens per input

Without it, the passage and the claim are fed as a text pair (premise first),
the "supported" output is the label whose name in ``config.json`` says
entailment, support or consistency, else index 1 of two outputs (MiniCheck's
convention); a single output is a logit read through a sigmoid. Runs on
onnxruntime with the ``tokenizers`` library, both in the optional ``[nli]``
extra; pairs are batched (``nli_batch_size``), shortest first to pad little,
on as many threads as ``--jobs`` allows. Nothing leaves the machine.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from factcheck.config import Config
from factcheck.errors import VerifierError
from factcheck.models import ModelVerdict, VerifierKind
from factcheck.verify.base import Judged, Outcome, Pair

SETTINGS_FILE = "factcheck-nli.json"
DEFAULT_MAX_LENGTH = 512
INPUTS = frozenset({"input_ids", "attention_mask", "token_type_ids"})
_LABEL_NAMES = re.compile(r"entail|support|consist", re.IGNORECASE)
_HASH_CHUNK = 1 << 20


def _modules() -> tuple[Any, Any]:
    try:
        import onnxruntime
        import tokenizers
    except ImportError as exc:
        raise VerifierError(
            f"--verifier nli needs the optional packages onnxruntime and tokenizers "
            f"({exc.name} is missing): pip install 'factcheck-drafts[nli]'") from None
    return onnxruntime, tokenizers


def _errors(onnxruntime: Any) -> tuple[type[BaseException], ...]:
    """onnxruntime's own exception classes (they derive from Exception directly)."""
    state = onnxruntime.capi.onnxruntime_pybind11_state
    names = ("Fail", "InvalidArgument", "NoSuchFile", "NoModel", "RuntimeException",
             "InvalidProtobuf", "InvalidGraph", "NotImplemented", "EPFail", "EngineError")
    return tuple(getattr(state, n) for n in names if hasattr(state, n))


class NliVerifier:
    kind = VerifierKind.NLI
    prompt_version: str | None = None

    def __init__(self, directory: Path, config: Config, *, threads: int) -> None:
        ort, tokenizers = _modules()
        self._ort_errors = _errors(ort)
        self.config = config
        self.endpoint = str(directory)
        onnx_file, tokenizer_file = _files(directory)
        settings = _settings(directory)
        self.model = str(settings.get("name") or directory.resolve().name)
        self.template = str(settings.get("template") or "")
        self.max_length = int(settings.get("max_length") or DEFAULT_MAX_LENGTH)
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        try:
            self._session = ort.InferenceSession(str(onnx_file), options,
                                                 providers=["CPUExecutionProvider"])
        except self._ort_errors as exc:
            raise VerifierError(f"cannot load the ONNX model {onnx_file}: {exc}") from None
        self._inputs = [i.name for i in self._session.get_inputs()]
        unknown = set(self._inputs) - INPUTS
        if unknown:
            raise VerifierError(
                f"the model {onnx_file} takes inputs {', '.join(sorted(unknown))}; an "
                f"entailment model exported for text classification takes "
                f"{', '.join(sorted(INPUTS))}")
        self._tokenizer = self._load_tokenizer(tokenizers, tokenizer_file)
        self._label = _supported_label(settings, directory, self._outputs())
        self._batches = 0
        self.fingerprint = "|".join((
            "nli", _digest(directory), self.template, str(self.max_length),
            str(self._label), repr(config.nli_threshold)))

    def _load_tokenizer(self, tokenizers: Any, path: Path) -> Any:
        try:
            tokenizer = tokenizers.Tokenizer.from_file(str(path))
        except Exception as exc:  # tokenizers raises bare Exception on a bad file
            raise VerifierError(f"cannot read the tokenizer {path}: {exc}") from None
        tokenizer.no_padding()
        tokenizer.enable_truncation(self.max_length, strategy="only_first")
        return tokenizer

    def _outputs(self) -> int | None:
        shape = self._session.get_outputs()[0].shape
        last = shape[-1] if shape else None
        return last if isinstance(last, int) else None

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def usage(self) -> tuple[int, int]:
        return self._batches, 0

    def judge(self, pairs: Sequence[Pair]) -> list[Outcome]:
        order = sorted(range(len(pairs)),
                       key=lambda i: len(pairs[i].passage) + len(pairs[i].claim))
        support: dict[int, float] = {}
        size = self.config.nli_batch_size
        for start in range(0, len(order), size):
            batch = order[start:start + size]
            support.update(zip(batch, self._run([pairs[i] for i in batch]), strict=True))
        threshold = self.config.nli_threshold
        return [Judged(verdict=(ModelVerdict.SUPPORTED if support[i] >= threshold
                                else ModelVerdict.NOT_SUPPORTED), support=support[i])
                for i in range(len(pairs))]

    def _run(self, pairs: Sequence[Pair]) -> list[float]:
        import numpy as np

        encodings = [self._encode(p) for p in pairs]
        width = max(len(e.ids) for e in encodings)
        feeds = {}
        for name, attr in (("input_ids", "ids"), ("attention_mask", "attention_mask"),
                           ("token_type_ids", "type_ids")):
            if name in self._inputs:
                rows = [list(getattr(e, attr)) for e in encodings]
                feeds[name] = np.array([r + [0] * (width - len(r)) for r in rows],
                                       dtype=np.int64)
        try:
            logits = self._session.run(None, feeds)[0]
        except self._ort_errors as exc:
            raise VerifierError(f"the model {self.endpoint} failed on its input: {exc}") from None
        self._batches += 1
        scores = np.atleast_2d(logits)
        if self._label >= scores.shape[-1]:
            raise VerifierError(f"the model {self.endpoint} has {scores.shape[-1]} outputs, so "
                                f"\"supported_label\": {self._label} does not exist")
        return [_support(list(map(float, row)), self._label) for row in scores]

    def _encode(self, pair: Pair) -> Any:
        if not self.template:
            return self._tokenizer.encode(pair.passage, pair.claim)
        # One text: cut the passage, never the claim, to fit the model.
        room = self.max_length - self.count_tokens(
            self.template.format(premise="", hypothesis=pair.claim)) - 2
        passage = self._cut(pair.passage, max(1, room))
        return self._tokenizer.encode(self.template.format(premise=passage,
                                                           hypothesis=pair.claim))

    def _cut(self, text: str, tokens: int) -> str:
        encoded = self._tokenizer.encode(text, add_special_tokens=False)
        if len(encoded.ids) <= tokens:
            return text
        return text[:encoded.offsets[tokens][0]]


def _files(directory: Path) -> tuple[Path, Path]:
    if not directory.is_dir():
        raise VerifierError(f"--nli-model {directory} is not a directory; give the folder "
                            "holding model.onnx and tokenizer.json")
    onnx = directory / "model.onnx"
    if not onnx.is_file():
        found = sorted(directory.glob("*.onnx"))
        if len(found) != 1:
            raise VerifierError(f"{directory} holds {len(found)} .onnx files; name the "
                                "model model.onnx (docs/verifiers.md shows the export)")
        onnx = found[0]
    tokenizer = directory / "tokenizer.json"
    if not tokenizer.is_file():
        raise VerifierError(f"{directory} has no tokenizer.json; export the model with its "
                            "fast tokenizer (docs/verifiers.md)")
    return onnx, tokenizer


def _settings(directory: Path) -> dict[str, Any]:
    path = directory / SETTINGS_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VerifierError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict):
        raise VerifierError(f"{path} must hold a JSON object")
    template = data.get("template")
    if template and ("{premise}" not in template or "{hypothesis}" not in template):
        raise VerifierError(f"{path}: the template must contain {{premise}} and {{hypothesis}}")
    return data


def _supported_label(settings: dict[str, Any], directory: Path, outputs: int | None) -> int:
    """Index of the "supported" output; -1 for a single logit read through a sigmoid."""
    if isinstance(settings.get("supported_label"), int):
        return int(settings["supported_label"])
    if outputs == 1:
        return -1
    names = _label_names(directory)
    matching = [i for i, name in names.items() if _LABEL_NAMES.search(name)
                and not re.search(r"not|non|contra|incons", name, re.IGNORECASE)]
    if len(matching) == 1:
        return matching[0]
    if outputs == 2 or (outputs is None and len(names) in (0, 2)):
        return 1
    raise VerifierError(
        f"cannot tell which output of {directory} means supported; set \"supported_label\" "
        f"in {directory / SETTINGS_FILE}")


def _label_names(directory: Path) -> dict[int, str]:
    try:
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        return {int(k): str(v) for k, v in config.get("id2label", {}).items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def _support(row: list[float], label: int) -> float:
    if label < 0 or len(row) == 1:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, row[0]))))
    top = max(row)
    exps = [math.exp(v - top) for v in row]
    return exps[label] / sum(exps)


def _digest(directory: Path) -> str:
    """SHA-256 over every file of the model directory, so a re-exported model is a new one."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.iterdir() if p.is_file()):
        digest.update(path.name.encode("utf-8") + b"\0")
        with path.open("rb") as handle:
            while block := handle.read(_HASH_CHUNK):
                digest.update(block)
    return digest.hexdigest()
