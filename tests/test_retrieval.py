"""Retrieval ranks sentences as a plain loop over the postings would."""

from __future__ import annotations

from factcheck.config import Config
from factcheck.match.claim import analyse
from factcheck.match.index import DocIndex, build_index
from factcheck.match.retrieval import best_sentences, sentence_scores
from factcheck.models import Document

PARAGRAPHS = (
    "The harbour authority approved a new ferry terminal in March.",
    "Ferry traffic rose 12 percent last year.",
    "The harbour authority approved a new ferry terminal in March.",  # a tie, later
    "The council met on Tuesday.",
    "A new terminal opens for ferry passengers in 2027.",
    "The ferry terminal will cost 40 million euros, the authority said.",
)


def _by_loop(index: DocIndex, claim: str, config: Config) -> list[int]:
    """Every sentence holding a claim stem, by summed weight, ties by position."""
    weights = sentence_scores(index, analyse(claim, config))[0]
    per: dict[int, float] = {}
    for s, wt in weights.items():
        for i in index.postings[s]:
            per[i] = per.get(i, 0.0) + wt
    return sorted(per, key=lambda i: (-per[i], i))


def test_best_sentences_match_a_loop_with_ties_by_position() -> None:
    config = Config()
    index = build_index(Document(title="Port news", paragraphs=PARAGRAPHS), config)
    claim = "In March the harbour authority approved the ferry terminal."
    expected = _by_loop(index, claim, config)
    assert expected[:2] == [0, 2]  # the tie: both copies, the earlier first
    for k in range(1, len(expected) + 2):
        assert best_sentences(index, analyse(claim, config), k) == expected[:k]
    assert best_sentences(index, analyse("Zebras graze quietly.", config), 3) == []
