"""A second hand-labelled regression set: four drafts from a later new-user test.

``fixtures/regression2`` holds a science news item, a sports-finance brief, a
biography with footnotes and a product-launch post, a snapshot of the ten pages
they cite (plus one dead link) and the verdicts an editor registered before the
first run. They were used while developing the matcher afterwards, so the
agreement is a development figure, not a held-out one (docs/accuracy.md).
"""

from __future__ import annotations

from collections import Counter

import pytest

from factcheck.models import Verdict
from tests.test_match_regression import HERE as FIRST
from tests.test_match_regression import Row, got, rows

HERE = FIRST.parent / "regression2"
MIN_AGREEMENT = 0.88
"""Reached 42 of 46 (0.91) with the current matcher (34 of 46 before the fixes it prompted)."""
KNOWN_WRONG_GREEN = frozenset(
    {
        "and the microbe could be used",
    }
)
"""Wrong facts still reported supported."""


@pytest.fixture(scope="module")
def outcome() -> list[tuple[Row, str]]:
    used: set[tuple[str, int]] = set()
    return [(r, got(r, used, HERE)) for r in rows(HERE)]


def test_every_labelled_sentence_is_found(outcome: list[tuple[Row, str]]) -> None:
    assert [r.prefix for r, g in outcome if g == "(no claim)"] == []


def test_no_unsupported_claim_is_reported_supported(outcome: list[tuple[Row, str]]) -> None:
    wrong_green = [
        r.prefix
        for r, g in outcome
        if r.expected == str(Verdict.NOT_SUPPORTED) and g == str(Verdict.SUPPORTED)
    ]
    assert set(wrong_green) <= KNOWN_WRONG_GREEN


def test_agreement_with_the_editor(outcome: list[tuple[Row, str]]) -> None:
    agree = sum(r.expected == g for r, g in outcome)
    confusion = Counter((r.expected, g) for r, g in outcome if r.expected != g)
    assert agree / len(outcome) >= MIN_AGREEMENT, confusion
