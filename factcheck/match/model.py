"""The fitted model: signal weights, the logistic score, verdict thresholds and caps.

Weights are fitted by ``benchmarks/fit.py`` on training data only; policy weights and
caps are fixed by rule (see docs/accuracy.md).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, fields
from importlib.resources import files

from factcheck import models
from factcheck.config import Config

NOT_SUPPORTED_WHEN = ("contradicted_values", "frame_polarity", "frame_swap")
"""Conflicts that make a claim not supported whatever else it matches: a number or date
the page states differently, the aligned evidence saying the opposite, or the claim's
parties the other way round.
Their held-out cost is in docs/accuracy.md."""


PARTIAL_WHEN: tuple[str, ...] = (
    "frame_hedge", "frame_slot", "frame_speaker", "frame_direction", "frame_scope",
    "frame_degree",
)  # fmt: skip
"""Frame conflicts that hold a verdict at partially supported at most: the aligned
evidence hedges, has another party or speaker in the claim's slot, moves the other way,
or states a narrower scope or another rank. Chosen over fitted weights alone by
held-out figures (docs/accuracy.md): it cuts wrong-greens on drafts by a third for a
small cost on WiCE."""


AT_MOST_PARTIAL = ("absent_names", "replaced_names", "unbacked_clauses")
"""Gaps that hold a verdict at partially supported at most: a name no cited page has,
another name of the page in its place, a clause no best window backs."""


def capped(score: float, parts: dict[str, float], config: Config) -> float:
    """The score after the verdict caps set by policy.

    A conflict of ``NOT_SUPPORTED_WHEN``, or cited pages that back less than
    ``min_page_coverage`` of the claim's words (they do not address it: a wrong link, a
    login or "page not found" page), hold the score below ``partial_threshold``.
    A claim naming someone no cited page mentions (``absent_names``) is at most
    partially supported: its score is held to the middle of the partial band.
    """
    if any(parts.get(n, 0.0) > 0 for n in NOT_SUPPORTED_WHEN) or (
        parts.get("page_coverage", 1.0) < config.min_page_coverage
    ):
        return min(score, config.partial_threshold / 2)
    if any(parts.get(n, 0.0) > 0 for n in (*AT_MOST_PARTIAL, *PARTIAL_WHEN)):
        return min(score, (config.supported_threshold + config.partial_threshold) / 2)
    return score


REASONS: tuple[tuple[str, str], ...] = (
    ("contradicted_values", "a figure or date is stated differently in the source"),
    ("frame_polarity", "the source says the opposite (a negation on one side only)"),
    ("frame_swap", "the source has the parties the other way round"),
    ("frame_speaker", "the source gives these words to someone else"),
    ("frame_slot", "the source has another name in this role"),
    ("frame_hedge", "the source hedges this (may, plans to, is expected to); the claim states it"),
    ("frame_direction", "the source says it moved the other way"),
    ("frame_scope", "the claim is wider than the source (all, nationwide, federal...)"),
    ("frame_degree", "the source does not rank it so"),
    ("absent_names", "a name in the claim is on no cited page"),
    ("replaced_names", "the source has another name in this place"),
    ("unbacked_clauses", "a clause of the claim is not in the source"),
)
"""What an editor is told when a conflict or gap of the model's caps the verdict."""

PASSAGE_NEGATED = "the source passage is negated where the claim is not, or the reverse"
"""Said when no conflict is and the negation read over the best passage (a weight, not a
cap) lowered the score: most faithful claims held at partially supported with no other
reason are held there by it, and an editor should see that it is the passage's "not",
not a missing word. Beside a conflict ("the source says the opposite") it adds nothing."""


def explain(parts: dict[str, float], config: Config) -> str | None:
    """Why a matched claim is not supported, in the words of the conflicts that hold it
    there (None when none did: the claim's words or figures are not on the pages)."""
    said = [text for name, text in REASONS if parts.get(name, 0.0) > 0]
    if parts.get("page_coverage", 1.0) < config.min_page_coverage:
        said.insert(0, "the cited page does not address the claim")
    if not said and parts.get("negation_mismatch", 0.0) > 0:
        said.append(PASSAGE_NEGATED)
    return "; ".join(said) or None


def verdict_for(score: float, config: Config) -> models.Verdict:
    """Map a support score to a verdict with the configured thresholds."""
    if score >= config.supported_threshold:
        return models.Verdict.SUPPORTED
    if score >= config.partial_threshold:
        return models.Verdict.PARTIALLY_SUPPORTED
    return models.Verdict.NOT_SUPPORTED


@dataclass(frozen=True, slots=True, kw_only=True)
class Weights:
    """Coefficients of the logistic model over the matcher's signals.

    The shipped values are in ``weights.json``, written by ``benchmarks/fit.py --write``
    (fitted on training data only, docs/accuracy.md); the defaults below are the
    previous lexical model's. Signs are fixed: coverage terms are >= 0 and conflict
    and "missing" terms <= 0, which keeps the score monotonic.
    """

    intercept: float = -0.25
    coverage: float = 0.551
    """Share of the claim's weighted content stems found in the best windows and title."""
    page_coverage: float = 0.992
    """Same share over the whole page(s)."""
    missing_values: float = -1.497
    """Claim numbers/dates found nowhere on the cited page(s), capped at 3."""
    contradicted_values: float = -4.0
    """Missing claim numbers/dates whose best window has another one next to the same word.

    Set by policy, not fitted (see ``POLICY_FEATURES``): WiCE labels such claims
    partially supported, but a number the source states differently must read
    as not supported to an editor.
    """
    missing_names: float = -0.542
    """Claim name tokens found nowhere on the cited page(s), capped at 3."""
    window_missing_names: float = -0.279
    """Claim name tokens absent from the best windows and title, capped at 3."""
    missing_quotes: float = -0.072
    """Quoted phrases of the claim not found nearly verbatim."""
    negation_mismatch: float = -0.345
    """1 when exactly one of claim and best window is negated."""
    heading_share: float = -1.063
    """Share of the best window's sentences that are headings or menu lines."""
    unbacked_run: float = -0.261
    """Longest run of adjacent unbacked content words, capped at 4."""
    absent_names: float = 0.0
    """Claim name words found nowhere on any cited page, even by prefix, capped at 3.

    Not a term of the logistic (weight 0, not fitted): by policy it caps the
    verdict at partially supported (see :func:`capped`). A person or
    organisation the sources never mention is not backed by them.
    """
    replaced_names: float = 0.0
    """Claim names where the closest evidence sentence has other names, capped at 3.

    Not a term of the logistic (weight 0, not fitted): by policy it caps the verdict
    at partially supported (see :func:`capped`), as ``absent_names`` does.
    """
    unbacked_clauses: float = 0.0
    """Clauses after the claim's first, most of whose content words no best window backs,
    capped at 2.

    Not a term of the logistic (weight 0, not fitted): by policy it caps the verdict
    at partially supported (see :func:`capped`), as ``absent_names`` does.
    """
    # Frame conflicts (signals/frames.py), each a count capped at 2; zero for claims the
    # lexical stage already calls not supported, which are never parsed.
    frame_polarity: float = 0.0
    """An aligned predicate negated on one side only (a policy: ``NOT_SUPPORTED_WHEN``)."""
    frame_hedge: float = 0.0
    """The aligned evidence hedges ("plans to", "may", "is expected to"); the claim states."""
    frame_swap: float = 0.0
    """Agent and patient exchanged (a policy: ``NOT_SUPPORTED_WHEN``)."""
    frame_slot: float = 0.0
    """Another name in the aligned frame's agent or patient slot."""
    frame_speaker: float = 0.0
    """Words the evidence gives to another speaker."""
    frame_direction: float = 0.0
    """Up where the aligned evidence says down, or the reverse."""
    frame_scope: float = 0.0
    """Scope words ("all", "nationwide", "federal") no evidence sentence has."""
    frame_degree: float = 0.0
    """Superlatives or comparatives no evidence sentence states with the same rank."""



def load_weights() -> tuple[Weights, float, float]:
    """The shipped weights and the thresholds fitted with them (config defaults)."""
    data = json.loads(files("factcheck.match").joinpath("weights.json").read_text("utf-8"))
    known = {f.name for f in fields(Weights)}
    weights = Weights(**{k: float(v) for k, v in data["weights"].items() if k in known})
    return weights, float(data["supported_threshold"]), float(data["partial_threshold"])


DEFAULT_WEIGHTS = load_weights()[0]


POLICY_FEATURES = frozenset(
    {"contradicted_values", *AT_MOST_PARTIAL, *NOT_SUPPORTED_WHEN})
"""Weights kept at their default when the benchmark refits the others."""


FEATURES: tuple[str, ...] = tuple(f.name for f in fields(Weights) if f.name != "intercept")


def logistic(features: dict[str, float], weights: Weights) -> float:
    z = weights.intercept + sum(getattr(weights, k) * v for k, v in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
