"""Units of the model verifiers: the combination rule, answer checking, passages, the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.config import Config
from factcheck.errors import ConfigError, VerifierError
from factcheck.models import (
    Claim,
    ClaimResult,
    Document,
    ModelVerdict,
    Report,
    Verdict,
    Verification,
    VerifierKind,
    VerifierRun,
)
from factcheck.report import OutputFormat, ReportOptions, get_reporter
from factcheck.report.common import MODEL_SAYS
from factcheck.verify.base import Judged, Pair
from factcheck.verify.chunks import _grow, _locate, passages_for
from factcheck.verify.combine import combine
from factcheck.verify.llm import LlmVerifier, _Budget, chat_url, is_local, parse_answer, quoted_in
from factcheck.verify.store import JudgmentStore

LLM, NLI = VerifierKind.LLM, VerifierKind.NLI
S, P, N = Verdict.SUPPORTED, Verdict.PARTIALLY_SUPPORTED, Verdict.NOT_SUPPORTED
M = ModelVerdict


# ------------------------------------------------------------------ the combination rule


@pytest.mark.parametrize(("lexical", "signals", "model", "kind", "verdict", "rule"), [
    # 1. a contradiction the matcher found wins over any model answer
    (N, {"contradicted_values": 1.0}, M.SUPPORTED, LLM, N, "lexical_contradiction"),
    (P, {"frame_polarity": 1.0}, M.SUPPORTED, NLI, N, "lexical_contradiction"),
    (N, {}, M.NOT_ASKED, LLM, N, "lexical_contradiction"),
    # 2. no usable answer: the lexical verdict stands
    (S, {}, M.NO_ANSWER, LLM, S, "no_model_answer"),
    (P, {}, M.NO_ANSWER, NLI, P, "no_model_answer"),
    # 3. a figure, name or superlative no page states caps "supported"
    (S, {"missing_values": 1.0}, M.SUPPORTED, LLM, P, "lexical_gap"),
    (N, {"absent_names": 1.0}, M.SUPPORTED, NLI, P, "lexical_gap"),
    # 4.-6. otherwise the model decides
    (N, {"coverage": 0.4}, M.SUPPORTED, LLM, S, "model_supported"),
    (S, {}, M.PARTIALLY_SUPPORTED, LLM, P, "model_partial"),
    (S, {}, M.NOT_SUPPORTED, LLM, N, "model_not_supported"),
    # 7. a binary entailment model's "no" cannot tell part of a claim from none of it
    (S, {}, M.NOT_SUPPORTED, NLI, P, "model_not_entailed"),
    (P, {}, M.NOT_SUPPORTED, NLI, P, "model_not_entailed"),
    (N, {}, M.NOT_SUPPORTED, NLI, N, "model_not_entailed"),
])
def test_combination_rule(lexical: Verdict, signals: dict[str, float], model: ModelVerdict,
                          kind: VerifierKind, verdict: Verdict, rule: str) -> None:
    assert combine(lexical, signals, model, kind) == (verdict, rule)


def test_a_changed_figure_is_never_green_whatever_the_model_says() -> None:
    for kind in (LLM, NLI):
        for model in M:
            verdict, _ = combine(S, {"contradicted_values": 1.0, "missing_values": 1.0}, model,
                                 kind)
            assert verdict is N


# ------------------------------------------------------------------ checking an answer

PASSAGE = ("Harbour ferry line opens\n\nBoats will run every 20 minutes from six in the "
           "morning until midnight. The crossing takes eleven minutes.")


def test_a_good_answer_is_judged() -> None:
    judged = parse_answer('{"verdict": "supported", "evidence": "Boats will run every 20 '
                          'minutes from six in the morning until midnight.", "unsupported": ""}',
                          PASSAGE)
    assert isinstance(judged, Judged) and judged.verdict is M.SUPPORTED and judged.support == 1.0
    assert judged.unsupported is None


@pytest.mark.parametrize(("content", "problem"), [
    ("The claim is supported.", "not valid JSON"),
    ('["supported"]', "not a JSON object"),
    ('{"verdict": "true", "evidence": ""}', "verdict is not"),
    ('{"verdict": "supported", "evidence": ""}', "no evidence sentence"),
    ('{"verdict": "supported", "evidence": "Boats run all night."}', "not in the passage"),
    ('{"verdict": "not_supported", "evidence": "Trains run hourly."}', "not in the passage"),
    ('{"verdict": "supported", "evidence": 3}', "must be strings"),
])
def test_bad_answers_say_what_is_wrong(content: str, problem: str) -> None:
    answer = parse_answer(content, PASSAGE)
    assert not isinstance(answer, Judged) and problem in answer.problem


def test_fenced_json_and_quoting_leniency() -> None:
    fenced = ('```json\n{"verdict": "partially_supported", "evidence": "the crossing takes '
              'ELEVEN   minutes", "unsupported": "at night"}\n```')
    judged = parse_answer(fenced, PASSAGE)
    assert isinstance(judged, Judged) and judged.verdict is M.PARTIALLY_SUPPORTED
    assert judged.support == 0.5 and judged.unsupported == "at night"
    assert quoted_in("Boats will run \u2026 until midnight.", PASSAGE)
    assert quoted_in("\u201cBoats will run every 20 minutes\u201d", PASSAGE.replace("Boats",
                                                                                    '"Boats'))
    assert not quoted_in("until midnight ... Boats will run", PASSAGE)  # order matters
    assert not quoted_in("...", PASSAGE)


def test_endpoint_helpers_and_key_rule() -> None:
    assert chat_url("http://127.0.0.1:8000/v1/") == "http://127.0.0.1:8000/v1/chat/completions"
    assert chat_url("http://h/v1/chat/completions") == "http://h/v1/chat/completions"
    assert is_local("http://localhost:11434/v1") and is_local("http://10.1.2.3/v1")
    assert is_local("http://[::1]:8000/v1") and not is_local("https://api.example.com/v1")
    remote = Config(verifier=LLM, llm_url="https://api.example.com/v1", llm_model="m")
    with pytest.raises(VerifierError, match="FACTCHECK_LLM_API_KEY"):
        LlmVerifier(remote, environ={})
    assert LlmVerifier(remote, environ={"FACTCHECK_LLM_API_KEY": "k"}).model == "m"


def test_budget_counts_calls_and_tokens() -> None:
    budget = _Budget(max_calls=3, max_tokens=100)
    assert budget.take(40) is None and budget.take(40) is None
    assert "100 tokens" in (budget.take(40) or "")  # 40 + 40 reserved + 40 > 100
    budget.settle(80, 30)  # the endpoint billed 30 for both
    assert budget.take(40) is None
    assert "3 requests" in (budget.take(1) or "")
    assert budget.calls == 3 and budget.tokens == 30


def test_config_validates_the_verifier_settings() -> None:
    with pytest.raises(ConfigError, match="--llm-url"):
        Config(verifier=LLM)
    with pytest.raises(ConfigError, match="--nli-model"):
        Config(verifier=NLI)
    with pytest.raises(ConfigError, match="http"):
        Config(verifier=LLM, llm_url="ftp://x/v1", llm_model="m")
    with pytest.raises(ConfigError, match="one of lexical, llm, nli"):
        Config(verifier="gpt")  # type: ignore[arg-type]
    assert Config(verifier="nli", nli_model=Path("m")).verifier is NLI  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="llm_max_calls"):
        Config(llm_max_calls=0)


# ------------------------------------------------------------------ passages


class Windows:
    """A retriever that returns the windows it was given (the matcher's are tested elsewhere)."""

    def __init__(self, *passages: str) -> None:
        self.passages_ = list(passages)
        self.asked: list[int] = []

    def passages(self, claim: str, doc: Document, k: int) -> list[str]:
        self.asked.append(k)
        return self.passages_[:k]


def words(text: str) -> int:
    return len(text.split())


LONG = Document(title="Ferry report", paragraphs=tuple(
    f"Sentence {i} says the ferry carried {i} hundred people." for i in range(40)))


def test_a_short_page_is_one_passage_with_its_title() -> None:
    doc = Document(title="Ferry", paragraphs=("The ferry opened.", "It runs hourly."))
    out = passages_for("x", [("1", doc)], Windows(), per_source=2, max_tokens=400, count=words)
    assert [p.text for p in out] == ["Ferry\n\nThe ferry opened.\n\nIt runs hourly."]


def test_passages_grow_around_the_retrieved_windows_within_the_budget() -> None:
    window = "Sentence 20 says the ferry carried 20 hundred people."
    other = "Sentence 3 says the ferry carried 3 hundred people. " \
            "Sentence 4 says the ferry carried 4 hundred people."  # a two-sentence window
    near = "Sentence 21 says the ferry carried 21 hundred people."
    retriever = Windows(window, near, other)
    out = passages_for("x", [("7", LONG)], retriever, per_source=2, max_tokens=40, count=words)
    assert [p.source for p in out] == ["7", "7"]
    first, second = (p.text for p in out)
    assert window in first and near in first  # the nearby window falls inside the first
    assert "Sentence 3 says" in second and "Sentence 4 says" in second
    assert all(words(p.text) <= 40 for p in out) and first.startswith("Ferry report\n\n")
    assert words(first) > 40 - 9  # grown until the next sentence would not fit
    assert retriever.asked == [6]


def test_locate_and_grow() -> None:
    sentences = ["A b.", "C d.", "E f."]
    assert _locate("C d. E f.", sentences) == (1, 3)
    assert _locate("C d.", sentences) == (1, 2)
    assert _locate("Nowhere.", sentences) is None
    assert _grow(1, 2, 3, lambda i: 1, budget=2) == (1, 3)  # after first
    assert _grow(1, 2, 3, lambda i: 1, budget=3) == (0, 3)
    assert _grow(0, 1, 3, lambda i: 5, budget=4) == (0, 1)  # an over-long window stays


def test_no_window_found_falls_back_to_the_start_of_the_page() -> None:
    out = passages_for("x", [("1", LONG)], Windows("Not on the page."), per_source=1,
                       max_tokens=30, count=words)
    assert len(out) == 1 and "Sentence 0 " in out[0].text


# ------------------------------------------------------------------ the judgment cache


def test_store_round_trip_and_damaged_files(tmp_path: Path) -> None:
    store = JudgmentStore(tmp_path)
    pair = Pair(claim="c", passage="p")
    assert store.get("fp", pair) is None
    store.put("fp", pair, Judged(verdict=M.PARTIALLY_SUPPORTED, support=0.5, quote="q"))
    hit = store.get("fp", pair)
    assert hit == Judged(verdict=M.PARTIALLY_SUPPORTED, support=0.5, quote="q", cached=True)
    assert store.get("other model", pair) is None
    assert store.get("fp", Pair(claim="c", passage="p2")) is None
    (path,) = tmp_path.rglob("*.json")
    for damaged in (b"{", b'{"verdict": "no_answer", "support": 1}', b'{"verdict": 3}',
                    b'{"verdict": "supported", "support": "high"}'):
        path.write_bytes(damaged)
        assert store.get("fp", pair) is None


# ------------------------------------------------------------------ reports


def verified_report(verdict: ModelVerdict, problem: str | None = None) -> Report:
    claim = Claim(id="c1", text="Boats run every 20 minutes.", line=3, column=1, offset=10,
                  citations=("1",))
    verification = Verification(verifier=LLM, model="judge-1", prompt_version="1",
                                verdict=verdict, support=1.0 if problem is None else None,
                                passages=2, cached=2, source="1", evidence="Boats run hourly.",
                                problem=problem, lexical_verdict=P, rule="model_supported")
    result = ClaimResult(claim=claim, verdict=S, score=0.3, verification=verification)
    run = VerifierRun(verifier=LLM, model="judge-1", endpoint="http://127.0.0.1:9/v1/chat/"
                      "completions", prompt_version="1", claims=1, calls=0, tokens=0, cached=2)
    return Report(draft="d.md", results=(result,), sources=(), problems=(), verifier=run)


def test_every_model_verdict_reads_as_words() -> None:
    assert set(MODEL_SAYS) == set(ModelVerdict)


def test_every_format_says_which_model_judged() -> None:
    report = verified_report(M.SUPPORTED)
    for fmt in OutputFormat:
        text = get_reporter(fmt, ReportOptions(width=300)).render(report)
        assert "judge-1" in text, fmt
    terminal = get_reporter(OutputFormat.TERMINAL, ReportOptions(width=300)).render(report)
    assert "model llm judge-1 (prompt v1) says supported from the cache" in terminal
    assert "lexical verdict partially supported, now supported (model_supported)" in terminal
    assert "1 claim judged, 0 requests, 0 tokens, 2 judgments from the cache" in terminal


def test_no_answer_is_loud_and_counted() -> None:
    report = verified_report(M.NO_ANSWER, problem="the endpoint failed: HTTP 500")
    assert report.summary.unverified == 1
    assert report.summary.passed is False  # the only claim asked got no usable answer
    terminal = get_reporter(OutputFormat.TERMINAL, ReportOptions(width=300)).render(report)
    assert "no usable answer: the endpoint failed: HTTP 500; the lexical verdict stands" in terminal


# ------------------------------------------------------------------ the default install


def test_the_default_install_needs_no_model_package() -> None:
    import subprocess
    import sys
    import tomllib

    root = Path(__file__).resolve().parent.parent
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    heavy = {"onnxruntime", "tokenizers", "onnx", "torch", "transformers", "openai"}
    names = {d.split(">")[0].split("=")[0].split("[")[0].strip().lower()
             for d in project["dependencies"]}
    assert not names & heavy
    assert {"onnxruntime", "tokenizers"} <= {d.split(">")[0] for d in
                                             project["optional-dependencies"]["nli"]}
    # Importing the verifiers (as `check` does) loads no model package until nli runs.
    code = ("import sys, factcheck.cli, factcheck.pipeline, factcheck.verify, "
            "factcheck.verify.llm; print(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('onnxruntime', 'tokenizers', 'onnx')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=root, check=True).stdout
    assert out.strip() == "[]"
    readme = (root / "README.md").read_text()
    assert "pip install -q -e . && .venv/bin/factcheck check fixtures/demo/draft.md" in readme
    assert "pip install -q -e '.[test]' && .venv/bin/python -m pytest -n 2" in readme


def test_the_documented_prompt_is_the_prompt_sent() -> None:
    from factcheck.verify.llm import PROMPT_VERSION, RETRY_PROMPT, SYSTEM_PROMPT, USER_PROMPT

    doc = (Path(__file__).resolve().parent.parent / "docs" / "verifiers.md").read_text()
    for text in (SYSTEM_PROMPT, USER_PROMPT, RETRY_PROMPT):
        assert f"```text\n{text}\n```" in doc
    assert f"Prompt version `{PROMPT_VERSION}`" in doc
