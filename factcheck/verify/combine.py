"""The rule that turns a model's judgment and the lexical signals into one verdict.

The model decides whether the passages say what the claim says; the lexical
stage keeps the last word on what it does reliably (figures, dates, names,
stated contradictions). In order, the first that applies:

1. ``lexical_contradiction``: the matcher found the sources stating otherwise (a
   figure or date given differently, the opposite statement, a swapped role or
   name, another level of government, another ranking): ``not_supported``,
   whatever the model says. Such claims are not even sent (``not_asked``).
2. ``no_model_answer``: the model gave no usable answer: the lexical verdict
   stands, and the report says the model did not answer and why.
3. ``lexical_gap``: the model says supported, but a figure or date of the claim
   appears nowhere on the cited pages, or a name or a superlative no page
   backs: at most ``partially_supported``.
4. ``model_supported``: otherwise the model's "supported" is ``supported``.
5. ``model_partial``: the model's "partially supported" (llm) is
   ``partially_supported``.
6. ``model_not_supported``: the model's "not supported" (llm) is
   ``not_supported``.
7. ``model_not_entailed``: an entailment model (nli) answers only "entailed or
   not", which cannot tell part of a claim from none of it: "not entailed"
   caps the lexical verdict at ``partially_supported`` (a lexical
   ``not_supported`` stays ``not_supported``).

Rules 1 and 3 are why a model never turns a changed figure green.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import assert_never

from factcheck.models import ModelVerdict, Verdict, VerifierKind

CONTRADICTIONS = ("contradicted_values", "frame_polarity", "frame_swap")
"""Matcher signals that mean a cited page states something else (``match.Weights``)."""
GAPS = ("missing_values", "absent_names", "frame_degree")
"""Matcher signals that mean the pages never state part of the claim at all."""


def contradicted(signals: Mapping[str, float]) -> bool:
    """Whether the matcher found a cited page stating something other than the claim."""
    return any(signals.get(name, 0.0) > 0 for name in CONTRADICTIONS)


def combine(
    lexical: Verdict,
    signals: Mapping[str, float],
    model: ModelVerdict,
    kind: VerifierKind,
) -> tuple[Verdict, str]:
    """The verdict and the name of the rule that decided it (see the module docstring)."""
    if model is ModelVerdict.NOT_ASKED or contradicted(signals):
        return Verdict.NOT_SUPPORTED, "lexical_contradiction"
    match model:
        case ModelVerdict.NO_ANSWER:
            return lexical, "no_model_answer"
        case ModelVerdict.SUPPORTED:
            if any(signals.get(name, 0.0) > 0 for name in GAPS):
                return Verdict.PARTIALLY_SUPPORTED, "lexical_gap"
            return Verdict.SUPPORTED, "model_supported"
        case ModelVerdict.PARTIALLY_SUPPORTED:
            return Verdict.PARTIALLY_SUPPORTED, "model_partial"
        case ModelVerdict.NOT_SUPPORTED:
            if kind is VerifierKind.NLI:
                capped = (Verdict.NOT_SUPPORTED if lexical is Verdict.NOT_SUPPORTED
                          else Verdict.PARTIALLY_SUPPORTED)
                return capped, "model_not_entailed"
            return Verdict.NOT_SUPPORTED, "model_not_supported"
        case _:
            assert_never(model)
