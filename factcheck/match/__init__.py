"""Claim + cited documents -> Assessment: evidence, support score, unsupported words."""

from factcheck.match.model import (
    DEFAULT_WEIGHTS,
    FEATURES,
    POLICY_FEATURES,
    Weights,
    capped,
    verdict_for,
)
from factcheck.match.scorer import Blend, LexicalScorer, Scorer, default_scorer

__all__ = [
    "DEFAULT_WEIGHTS",
    "FEATURES",
    "POLICY_FEATURES",
    "Blend",
    "LexicalScorer",
    "Scorer",
    "Weights",
    "capped",
    "default_scorer",
    "verdict_for",
]
