"""The fitted model: signal weights, the logistic score, verdict thresholds and caps.

Weights are fitted by ``benchmarks/wice.py --fit``; policy weights are fixed by rule
(see docs/accuracy.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from factcheck import models
from factcheck.config import Config


def capped(score: float, parts: dict[str, float], config: Config) -> float:
    """The score after the verdict caps set by policy.

    A claim naming someone no cited page mentions (``absent_names``), or
    ranking something first where no best window does (``unbacked_superlatives``:
    "the largest", "its first"), is at most partially
    supported: its score is held to the middle of the partial band, below
    ``supported_threshold``.
    """
    if parts.get("absent_names", 0.0) > 0 or parts.get("unbacked_superlatives", 0.0) > 0:
        return min(score, (config.supported_threshold + config.partial_threshold) / 2)
    return score


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

    Fitted by ``benchmarks/wice.py --fit`` on the WiCE dev split (see
    docs/accuracy.md). Signs are fixed: coverage terms are >= 0 and
    "missing" terms <= 0, which is what keeps the score monotonic.
    """

    intercept: float = -0.25
    coverage: float = 0.551
    """Share of the claim's weighted content stems found in the best windows and title."""
    page_coverage: float = 0.992
    """Same share over the whole page(s)."""
    missing_values: float = -1.497
    """Claim numbers/dates found nowhere on the cited page(s), capped at 3."""
    window_missing_values: float = -0.498
    """Claim numbers/dates absent from the best windows, title and dateline, capped at 3."""
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
    contradicted_names: float = -0.401
    """Claim names absent from the page where the best window has another name in their place.

    "director Ilse Kowalczyk" against "director Ilse Varga": the name next to
    it matches and a different one stands where the claim's name should be.
    """
    unbacked_run: float = -0.261
    """Longest run of adjacent unbacked content words, capped at 4."""
    unbacked_comparisons: float = -0.534
    """Comparative or superlative words of the claim ("ahead of", "cheaper than",
    "the largest", "first") absent from the best windows and title, capped at 2."""
    polarity_conflict: float = -5.0
    """1 when every source's best evidence sentence says the opposite of the claim.

    The claim negates a word the sentence affirms ("did not approve" against
    "voted to approve"), affirms one the sentence negates ("will be released"
    against "will not release"), or uses the antonym of the sentence's
    reporting verb ("rejected" against "approved", "in favour" against
    "against"). Set by policy, not fitted (see ``POLICY_FEATURES``): an
    editor must see the opposite statement as not supported.
    """

    role_reversal: float = -5.0
    """1 when every source's best windows state the claim's takeover the other way round.

    "Northwind's division will be absorbed into Solbright" against "Northwind
    agreed to acquire Solbright" and "Solbright's employees will join
    Northwind". Set by policy, not fitted (see ``POLICY_FEATURES``).
    """
    role_mismatch: float = -5.0
    """1 when every cited page binds the claim's person to another role, and the claimed
    role to someone else or the same office with other words.

    "led by epidemiologist Dr Amara Osei" against "Dr Amara Osei, consultant
    paediatrician" and "Dr Tomas Lindqvist, an epidemiologist"; "Okafor chairs
    the planning committee" against "Okafor, who chairs the environment
    committee". Set by policy, not fitted (see ``POLICY_FEATURES``).
    """
    scope_mismatch: float = -5.0
    """1 when every source's best windows put another level of government, or the other of
    public and private, on the claim's noun.

    "funded by a federal grant" against "a state literacy grant", "paid for by
    the national government" against "the Harwick and Dale county councils"
    (government, council, authority and administration count as one noun).
    Set by policy, not fitted (see ``POLICY_FEATURES``).
    """
    swapped_names: float = -5.0
    """1 when every source's best evidence sentence has another name, or another role
    noun beside a name, in the claim's place between the same two words.

    "signed midfielder Lukas Brandt from" against "signed midfielder Tiago
    Duarte from" (even when Lukas Brandt is elsewhere on the page), "the
    physicist Peter Voss" against "the geologist Peter Voss". Set by policy,
    not fitted (see ``POLICY_FEATURES``).
    """
    contradicted_superlatives: float = -5.0
    """1 when every source's best windows rank the claim's superlative with an ordinal.

    "the most expensive signing" against "the club's second-most expensive
    signing", "the first archaeal species" against "the second archaeal
    species", unless a body sentence of those windows states the claim's
    ranking as it is. Set by policy, not fitted (see ``POLICY_FEATURES``).
    """
    absent_names: float = 0.0
    """Claim name words found nowhere on any cited page, even by prefix, capped at 3.

    Not a term of the logistic (weight 0, not fitted): by policy it caps the
    verdict at partially supported (see :func:`capped`). A person or
    organisation the sources never mention is not backed by them, however
    well the rest of the claim matches.
    """
    unbacked_superlatives: float = 0.0
    """Superlatives after "the" or a possessive ("the largest", "its first", any
    "the <adj>-est") absent from the best windows and title, and "ever", "on record",
    "in history", "of all time" after one where no best window ranks over all time,
    capped at 2.

    Not a term of the logistic (weight 0, not fitted): by policy it caps the
    verdict at partially supported (see :func:`capped`). A ranking needs a
    source that ranks.
    """


DEFAULT_WEIGHTS = Weights()


POLICY_FEATURES = frozenset(
    {
        "contradicted_values",
        "polarity_conflict",
        "role_reversal",
        "swapped_names",
        "role_mismatch",
        "scope_mismatch",
        "contradicted_superlatives",
        "absent_names",
        "unbacked_superlatives",
    }
)


"""Weights kept at their default when the benchmark refits the others."""


FEATURES: tuple[str, ...] = tuple(f.name for f in fields(Weights) if f.name != "intercept")


def logistic(features: dict[str, float], weights: Weights) -> float:
    z = weights.intercept + sum(getattr(weights, k) * v for k, v in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
