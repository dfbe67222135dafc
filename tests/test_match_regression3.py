"""A third hand-labelled regression set: four drafts from a third new-user test.

``fixtures/regression3`` holds a health news item, an environment-report
summary with footnotes, a plain-text council budget story and a product
review, a snapshot of the nine pages they cite and the verdicts an editor
registered before the first run. Its "before" figure was measured on unseen
text; the fixes after it were made while looking at these drafts, so the
current agreement is a development figure (docs/accuracy.md).
"""

from __future__ import annotations

from collections import Counter

import pytest

from factcheck.models import Verdict
from tests.test_match_regression import HERE as FIRST
from tests.test_match_regression import Row, got, rows

HERE = FIRST.parent / "regression3"
MIN_AGREEMENT = 0.80
"""Reached 47 of 57 (0.82); held out, before the fixes it prompted, 36 of 57 (0.63)."""
KNOWN_WRONG_GREEN: frozenset[str] = frozenset()
"""Wrong facts still reported supported."""
KNOWN_FALSE_ALARMS: frozenset[str] = frozenset()
"""Correct claims still reported not supported."""


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


def test_no_supported_claim_is_reported_not_supported(outcome: list[tuple[Row, str]]) -> None:
    false_alarms = [
        r.prefix
        for r, g in outcome
        if r.expected == str(Verdict.SUPPORTED) and g == str(Verdict.NOT_SUPPORTED)
    ]
    assert set(false_alarms) <= KNOWN_FALSE_ALARMS


def test_agreement_with_the_editor(outcome: list[tuple[Row, str]]) -> None:
    agree = sum(r.expected == g for r, g in outcome)
    confusion = Counter((r.expected, g) for r, g in outcome if r.expected != g)
    assert agree / len(outcome) >= MIN_AGREEMENT, confusion
