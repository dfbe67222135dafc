"""Hand-labelled regression drafts: the pipeline, offline, against an editor's verdicts.

``fixtures/regression`` holds six short drafts written for this project, the
source pages they cite (a snapshot, so nothing is fetched) and the verdict a
careful editor gives each sentence (``expected.tsv``). The drafts were used
while developing the matcher, so the agreement figure is not a held-out
measurement (docs/accuracy.md); the test guards against regressions.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from factcheck.config import Config
from factcheck.models import ClaimResult, Verdict
from factcheck.pipeline import run

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "regression"
MIN_AGREEMENT = 0.80
"""Reached 0.84 (59 of 70) with the current matcher; a margin below it."""
KNOWN_WRONG_GREEN = frozenset({"Kellmarsh hosts the annual Alder Valley"})
"""Still reported supported: the page has the claim only as a "related stories" link
of seven words, which the extracted text keeps as an ordinary body line."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    draft: str
    prefix: str
    cited: str
    expected: str
    kind: str


def rows(here: Path = HERE) -> list[Row]:
    with (here / "expected.tsv").open(encoding="utf-8") as f:
        return [
            Row(
                draft=r["draft"],
                prefix=r["claim_prefix"],
                cited=r["cited"],
                expected=r["expected"],
                kind=r["kind"],
            )
            for r in csv.DictReader(f, delimiter="\t")
        ]


@cache
def results(draft: str, here: Path = HERE) -> tuple[ClaimResult, ...]:
    config = Config(snapshot=here / "snapshot")
    return run(here / "drafts" / draft, config).results


def got(row: Row, used: set[tuple[str, int]], here: Path = HERE) -> str:
    """The verdict of the first not yet matched claim of the draft starting with the prefix."""
    for i, c in enumerate(results(row.draft, here)):
        if (row.draft, i) in used or not c.claim.text.startswith(row.prefix):
            continue
        if row.cited == "yes" and not c.claim.citations:
            continue
        if row.cited == "no" and c.claim.citations:
            continue
        used.add((row.draft, i))
        return str(c.verdict)
    return "(no claim)"


@pytest.fixture(scope="module")
def outcome() -> list[tuple[Row, str]]:
    used: set[tuple[str, int]] = set()
    return [(r, got(r, used)) for r in rows()]


def test_every_labelled_sentence_is_found(outcome: list[tuple[Row, str]]) -> None:
    # Only the opinion is expected to yield no claim.
    missing = [r.prefix for r, g in outcome if g == "(no claim)" and r.expected != "(no claim)"]
    assert missing == []


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


def report_disagreements(here: Path = HERE) -> None:  # pragma: no cover - prints the table
    used: set[tuple[str, int]] = set()
    for r in rows(here):
        g = got(r, used, here)
        if g != r.expected:
            print(f"{r.draft}\t{r.expected}\t{g}\t{r.prefix}")
