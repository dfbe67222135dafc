"""What every model verifier shares: the pair it judges, its outcome, its protocol.

A verifier judges (claim, passage) pairs, one outcome per pair in order, and
never raises for one bad answer: an answer it cannot use is an ``Unanswered``
with the reason, so the claim keeps its lexical verdict and the report says
why. It raises ``VerifierError`` only when it cannot run at all (a missing
package, model file or key, an endpoint that refuses the credentials).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from factcheck.models import ModelVerdict, VerifierKind


@dataclass(frozen=True, slots=True, kw_only=True)
class Pair:
    """One question for the model: does ``passage`` support ``claim``?"""

    claim: str
    passage: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Judged:
    """A usable answer about one pair."""

    verdict: ModelVerdict
    support: float
    """Probability of "supported" (nli); 1, 0.5 or 0 for the three answers (llm)."""
    quote: str | None = None
    """The evidence sentence as the model quoted it (checked to be in the passage)."""
    unsupported: str | None = None
    """The part of the claim the model says the passage does not support."""
    cached: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Unanswered:
    """No usable answer about one pair, and why (said so that a user can act on it)."""

    problem: str


Outcome = Judged | Unanswered

RANK: dict[ModelVerdict, int] = {
    ModelVerdict.SUPPORTED: 2,
    ModelVerdict.PARTIALLY_SUPPORTED: 1,
    ModelVerdict.NOT_SUPPORTED: 0,
}
"""Which answer is "more supported": a claim's verdict is its best passage's (a maximum)."""


class Verifier(Protocol):
    """A model that judges claim-passage pairs (``llm.LlmVerifier``, ``nli.NliVerifier``)."""

    kind: VerifierKind
    model: str
    """The model's name as the report shows it."""
    endpoint: str
    """Where pairs go: the chat-completions URL, or the local model directory."""
    prompt_version: str | None
    fingerprint: str
    """Everything that changes an answer besides the pair (model, prompt, settings):
    part of the judgment cache's key, so a changed model never reuses old answers."""

    def count_tokens(self, text: str) -> int:
        """Tokens ``text`` costs this model (exact for nli, an estimate for llm)."""
        ...

    def judge(self, pairs: Sequence[Pair]) -> list[Outcome]:
        """One outcome per pair, in order."""
        ...

    def usage(self) -> tuple[int, int]:
        """(calls, tokens) spent so far: requests sent or batches run, and tokens billed."""
        ...
