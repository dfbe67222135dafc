"""Model verification: a second opinion on each claim from an entailment model or an LLM.

The lexical matcher keeps what it does well: retrieval of the evidence windows,
figures and dates, unsupported words. A model verifier then judges whether the
claim is supported by passages grown around the retrieved windows (MiniCheck's
recipe: chunks of about 400 tokens, each judged, the best one decides), and
``combine`` turns its judgment and the lexical signals into the verdict by a
stated rule::

    Request ──chunks.py──▶ Pairs ──store.py (cached?)──▶ llm.py | nli.py ──▶ Outcomes
    Outcomes ──best passage per claim──▶ Verdicts ──combine.py──▶ ClaimResult.verification

Only ``pipeline.py`` calls this, after matching. It reaches the matcher through
one narrow interface (a ``chunks.Retriever``) plus what is already on each
lexical result: its verdict and its signals (``ClaimResult.parts``). Before
any call it tells the caller, through ``notice``, how many claims go where;
stages never print.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace

from factcheck.config import Config
from factcheck.models import (
    ClaimResult,
    Document,
    ModelVerdict,
    Verdict,
    Verification,
    VerifierKind,
    VerifierRun,
)
from factcheck.verify.base import RANK, Judged, Outcome, Pair, Unanswered, Verifier
from factcheck.verify.chunks import Passage, Retriever, passages_for
from factcheck.verify.combine import combine, contradicted
from factcheck.verify.store import JudgmentStore, open_store

__all__ = ["Notice", "Request", "Verdicts", "load_verifier", "open_store", "verify"]

Notice = Callable[[str], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class Request:
    """One claim the lexical stage judged against readable sources."""

    key: Hashable
    claim: str
    sources: tuple[tuple[str, Document], ...]
    """(reference id, document) of every readable cited source, in citation order."""
    lexical: Verdict
    signals: Mapping[str, float]


class Verdicts:
    """The model's judgments of one run, applied to lexical results by ``apply``."""

    def __init__(self, judged: dict[Hashable, Verification], run: VerifierRun) -> None:
        self._judged = judged
        self.run = run

    def apply(self, key: Hashable, result: ClaimResult) -> ClaimResult:
        """``result`` with the combined verdict and its ``verification`` record."""
        verification = self._judged.get(key)
        if verification is None:
            return result
        verdict, rule = combine(result.verdict, dict(result.parts), verification.verdict,
                                verification.verifier)
        return replace(result, verdict=verdict,
                       verification=replace(verification, lexical_verdict=result.verdict,
                                            rule=rule))


def load_verifier(
    config: Config,
    *,
    environ: Mapping[str, str] | None = None,
    threads: int | None = None,
    transport: object = None,
) -> Verifier:
    """The verifier ``config.verifier`` names; ``VerifierError`` when it cannot run."""
    match config.verifier:
        case VerifierKind.LLM:
            from factcheck.verify.llm import LlmVerifier

            return LlmVerifier(config, environ=os.environ if environ is None else environ,
                               transport=transport)
        case VerifierKind.NLI:
            from factcheck.verify.nli import NliVerifier

            assert config.nli_model is not None  # Config refuses nli without a model
            return NliVerifier(config.nli_model, config, threads=threads or os.cpu_count() or 1)
        case VerifierKind.LEXICAL:
            raise ValueError("the lexical verifier is the matcher itself, not a model")


def verify(
    requests: Sequence[Request],
    config: Config,
    verifier: Verifier,
    retriever: Retriever,
    *,
    store: JudgmentStore | None = None,
    notice: Notice | None = None,
) -> Verdicts:
    """Judge every request's passages (cached ones first), best passage per claim."""
    plans: dict[Hashable, list[Passage]] = {}
    for request in requests:
        if not contradicted(request.signals):
            plans[request.key] = passages_for(
                request.claim, request.sources, retriever, per_source=config.verify_passages,
                max_tokens=config.verify_passage_tokens, count=verifier.count_tokens)
    claims = {r.key: r.claim for r in requests}
    pairs = list(dict.fromkeys(Pair(claim=claims[k], passage=p.text)
                               for k, ps in plans.items() for p in ps))
    outcomes = _cached(pairs, verifier, store)
    missing = [p for p in pairs if p not in outcomes]
    if notice is not None:
        notice(_plan_line(verifier, len(plans), len(pairs), len(pairs) - len(missing)))
    fresh = verifier.judge(missing)
    for pair, outcome in zip(missing, fresh, strict=True):
        outcomes[pair] = outcome
        if store is not None and isinstance(outcome, Judged):
            store.put(verifier.fingerprint, pair, outcome)
    judged = {r.key: _verification(r, plans.get(r.key), outcomes, verifier) for r in requests}
    calls, tokens = verifier.usage()
    cached = sum(1 for o in outcomes.values() if isinstance(o, Judged) and o.cached)
    run = VerifierRun(verifier=verifier.kind, model=verifier.model, endpoint=verifier.endpoint,
                      prompt_version=verifier.prompt_version, claims=len(plans), calls=calls,
                      tokens=tokens, cached=cached)
    return Verdicts(judged, run)


def _cached(
    pairs: Sequence[Pair], verifier: Verifier, store: JudgmentStore | None
) -> dict[Pair, Outcome]:
    if store is None:
        return {}
    found = ((p, store.get(verifier.fingerprint, p)) for p in pairs)
    return {p: j for p, j in found if j is not None}


def _plan_line(verifier: Verifier, claims: int, passages: int, cached: int) -> str:
    where = (f"the model {verifier.model} at {verifier.endpoint}"
             if verifier.kind is VerifierKind.LLM
             else f"the local model {verifier.model} ({verifier.endpoint}; nothing leaves "
                  "this machine)")
    plural = "claim" if claims == 1 else "claims"
    return (f"{claims} {plural} ({passages} passages, {cached} already judged in the cache) "
            f"go to {where}")


def _verification(
    request: Request,
    passages: list[Passage] | None,
    outcomes: Mapping[Pair, Outcome],
    verifier: Verifier,
) -> Verification:
    base = Verification(verifier=verifier.kind, model=verifier.model,
                        prompt_version=verifier.prompt_version, verdict=ModelVerdict.NOT_ASKED,
                        lexical_verdict=request.lexical, rule="")
    if passages is None:
        return replace(base, problem="the matcher found a cited page stating something "
                                     "else, which decides the verdict")
    if not passages:
        return replace(base, verdict=ModelVerdict.NO_ANSWER,
                       problem="no passage to judge: the cited pages have no sentences")
    results = [(p, outcomes[Pair(claim=request.claim, passage=p.text)]) for p in passages]
    judged = [(p, o) for p, o in results if isinstance(o, Judged)]
    failed = [o for _, o in results if isinstance(o, Unanswered)]
    cached = sum(1 for _, o in judged if o.cached)
    common = replace(base, passages=len(passages), cached=cached)
    best = max(judged, key=lambda item: (RANK[item[1].verdict], item[1].support), default=None)
    if best is None or (failed and best[1].verdict is not ModelVerdict.SUPPORTED):
        # A passage left unjudged might have been the one that supports the claim.
        return replace(common, verdict=ModelVerdict.NO_ANSWER, problem=failed[0].problem)
    passage, answer = best
    # An entailment model quotes nothing: the passage it rated best is its evidence.
    evidence = passage.text if verifier.kind is VerifierKind.NLI else answer.quote
    return replace(common, verdict=answer.verdict, support=answer.support,
                   source=passage.source, evidence=evidence, unsupported=answer.unsupported)
