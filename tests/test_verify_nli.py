"""``--verifier nli``: a real ONNX model and tokenizer, built on disk by the test, run by
onnxruntime through the CLI, its scores checked in the report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import cli
from factcheck.config import Config
from factcheck.errors import VerifierError
from factcheck.models import ModelVerdict, VerifierKind
from factcheck.verify.base import Judged, Pair
from tests.server import FixtureServer
from tests.test_cli import ROOT, assert_one_line_error
from tests.test_verify_llm import DEARER, EVERY_20, LATE, NATIONAL, WRONG_COST, write_draft

if os.environ.get("CI"):
    # CI installs the [nli] extra (.ci/run): a missing package must fail there, not skip.
    import onnx  # noqa: F401
    import onnxruntime  # noqa: F401
    import tokenizers  # noqa: F401
else:
    pytest.importorskip("onnxruntime", reason="the [nli] extra is not installed")
    pytest.importorskip("tokenizers", reason="the [nli] extra is not installed")
    pytest.importorskip("onnx", reason="onnx (to build the test model) is not installed")

from tests.nli_model import build, expected

runner = CliRunner()


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("nli") / "tiny")


def run_check(draft: Path, model: Path, *extra: str) -> tuple[int, str, dict | None]:
    out = draft.parent / "report.json"
    out.unlink(missing_ok=True)
    result = runner.invoke(cli.app, ["check", str(draft), "--allow-private", "--no-cache",
                                     "--verifier", "nli", "--nli-model", str(model),
                                     "-f", "json", "-o", str(out), *extra],
                           env={"NO_COLOR": "1"})
    report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    return result.exit_code, result.stderr, report


def test_onnx_scores_reach_the_report(
    tmp_path: Path, fixture_server: FixtureServer, model_dir: Path
) -> None:
    draft = write_draft(tmp_path, fixture_server, EVERY_20, NATIONAL, WRONG_COST, LATE, DEARER)
    code, stderr, report = run_check(draft, model_dir, "--jobs", "1")
    assert report is not None, stderr
    claims = {c["text"]: c for c in report["claims"]}
    for text in (EVERY_20, NATIONAL, LATE, DEARER):
        v = claims[text]["verification"]
        assert v["verifier"] == "nli" and v["model"] == "tiny" and v["prompt_version"] is None
        # The evidence of an entailment model is the passage it rated best: the score in
        # the report is the model's own output for that passage and the claim.
        assert v["support"] == pytest.approx(expected(v["evidence"], text), abs=1e-4)
    assert claims[EVERY_20]["verification"]["verdict"] == "supported"
    assert claims[EVERY_20]["verdict"] == "supported"
    # "national" and "more" weigh against: not entailed, so at most partially supported.
    for text in (NATIONAL, DEARER):
        assert claims[text]["verification"]["verdict"] == "not_supported"
        assert claims[text]["verdict"] == "partially_supported"
        assert claims[text]["verification"]["rule"] == "model_not_entailed"
    assert claims[WRONG_COST]["verification"]["verdict"] == "not_asked"
    assert report["verifier"]["endpoint"] == str(model_dir)
    assert "nothing leaves this machine" in stderr
    assert code == 1  # the changed figure still fails the draft


def test_batches_keep_the_order_and_respect_the_batch_size(model_dir: Path) -> None:
    from factcheck.verify.nli import NliVerifier

    pairs = [Pair(claim=c, passage=p) for c, p in [
        ("boats run every 20 minutes", "x " * 30), ("paid by the national government", "y"),
        ("late into the night", "until midnight"), ("more than a fare", "z " * 5),
        ("minutes minutes", "")]]
    small = NliVerifier(model_dir, Config(nli_batch_size=2), threads=1)
    large = NliVerifier(model_dir, Config(nli_batch_size=8), threads=2)
    a, b = small.judge(pairs), large.judge(pairs)
    assert a == b
    assert small.usage() == (3, 0) and large.usage() == (1, 0)
    # --jobs becomes onnxruntime's thread count.
    assert small._session.get_session_options().intra_op_num_threads == 1
    assert large._session.get_session_options().intra_op_num_threads == 2
    for pair, outcome in zip(pairs, a, strict=True):
        assert isinstance(outcome, Judged)
        assert outcome.support == pytest.approx(expected(pair.passage, pair.claim), abs=1e-6)
    assert [o.verdict for o in a if isinstance(o, Judged)] == [
        ModelVerdict.SUPPORTED, ModelVerdict.NOT_SUPPORTED, ModelVerdict.SUPPORTED,
        ModelVerdict.NOT_SUPPORTED, ModelVerdict.SUPPORTED]


def test_label_names_template_and_fingerprint(tmp_path: Path) -> None:
    from factcheck.verify.nli import NliVerifier

    pair = Pair(claim="runs every 20 minutes", passage="until midnight")
    # config.json names the labels the other way round: "entailment" is output 0.
    named = build(tmp_path / "named", labels={0: "entailment", 1: "not_entailment"})
    judged = NliVerifier(named, Config(), threads=1).judge([pair])[0]
    assert isinstance(judged, Judged)
    assert judged.support == pytest.approx(expected(pair.passage, pair.claim, label=0))
    # One text from a template instead of a text pair (MiniCheck's RoBERTa/DeBERTa input).
    templated = build(tmp_path / "templated",
                      settings={"name": "mini", "template": "{premise} [SEP] {hypothesis}"})
    verifier = NliVerifier(templated, Config(), threads=1)
    assert verifier.model == "mini"
    again = verifier.judge([pair])[0]
    assert isinstance(again, Judged)
    assert again.support == pytest.approx(expected(pair.passage, pair.claim))
    plain = NliVerifier(build(tmp_path / "plain"), Config(), threads=1)
    assert plain.fingerprint != NliVerifier(
        build(tmp_path / "plain"), Config(nli_threshold=0.7), threads=1).fingerprint
    assert plain.fingerprint.split("|")[1] != verifier.fingerprint.split("|")[1]


def test_a_broken_model_directory_is_one_line_exit_2(
    tmp_path: Path, fixture_server: FixtureServer, model_dir: Path
) -> None:
    draft = write_draft(tmp_path, fixture_server, EVERY_20)
    empty = tmp_path / "empty"
    empty.mkdir()
    for model, words in ((tmp_path / "missing", "not a directory"),
                         (empty, "0 .onnx files")):
        result = runner.invoke(cli.app, ["check", str(draft), "--allow-private", "--no-cache",
                                         "--verifier", "nli", "--nli-model", str(model)])
        assert result.exit_code == 2 and words in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1  # before anything was fetched
    no_tokenizer = tmp_path / "no-tokenizer"
    no_tokenizer.mkdir()
    (no_tokenizer / "model.onnx").write_bytes((model_dir / "model.onnx").read_bytes())
    with pytest.raises(VerifierError, match=r"tokenizer\.json"):
        from factcheck.verify.nli import NliVerifier

        NliVerifier(no_tokenizer, Config(), threads=1)
    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / "model.onnx").write_bytes(b"not a model")
    (garbage / "tokenizer.json").write_bytes((model_dir / "tokenizer.json").read_bytes())
    with pytest.raises(VerifierError, match="cannot load the ONNX model"):
        NliVerifier(garbage, Config(), threads=1)
    wrong_label = build(tmp_path / "wrong-label", settings={"supported_label": 5})
    with pytest.raises(VerifierError, match="2 outputs"):
        NliVerifier(wrong_label, Config(), threads=1).judge([Pair(claim="a", passage="b")])


def test_without_the_extra_nli_is_one_line_exit_2(
    tmp_path: Path, fixture_server: FixtureServer, model_dir: Path
) -> None:
    hide = tmp_path / "hide"
    (hide / "onnxruntime").mkdir(parents=True)
    (hide / "onnxruntime" / "__init__.py").write_text(
        "raise ImportError(\"No module named 'onnxruntime'\", name='onnxruntime')\n")
    draft = write_draft(tmp_path, fixture_server, EVERY_20)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env["PYTHONPATH"] = f"{hide}{os.pathsep}{ROOT}"
    proc = subprocess.run([sys.executable, "-m", "factcheck", "check", str(draft),
                           "--allow-private", "--no-cache", "--verifier", "nli",
                           "--nli-model", str(model_dir)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert_one_line_error(proc)
    assert "pip install 'factcheck-drafts[nli]'" in proc.stderr


def test_nli_kind_is_recorded(model_dir: Path) -> None:
    from factcheck.verify import load_verifier

    verifier = load_verifier(Config(verifier=VerifierKind.NLI, nli_model=model_dir), threads=1)
    assert verifier.kind is VerifierKind.NLI and verifier.endpoint == str(model_dir)
