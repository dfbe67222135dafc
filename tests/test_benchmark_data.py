"""Matching hand-labelled rows with the claims a run reports."""

from __future__ import annotations

from benchmarks.data import Labelled, find


def _row(prefix: str) -> Labelled:
    return Labelled(folder="set", draft="d.md", prefix=prefix, cited="any",
                    expected="not_supported", kind="scope")


def test_a_prefix_that_carries_its_citation_marker_finds_its_claim() -> None:
    claims = [("Of the 412 pilots balloted, 346 voted.", True),
              ("The strike ballot covered all of Aurivel's pilots.", True)]
    used: set[tuple[str, int]] = set()
    assert find(_row("The strike ballot covered all of Aurivel's pilots [2]."), claims, used) == 1
    assert find(_row("The strike ballot covered all [1, 3]"), claims, set()) == 1


def test_each_claim_is_matched_once_and_other_prefixes_find_none() -> None:
    claims = [("Rents rose 4 per cent.", True), ("Rents rose 4 per cent.", True)]
    used: set[tuple[str, int]] = set()
    assert find(_row("Rents rose 4 per cent"), claims, used) == 0
    assert find(_row("Rents rose 4 per cent"), claims, used) == 1
    assert find(_row("Rents rose 4 per cent"), claims, used) is None
    assert find(_row("Rents fell"), claims, set()) is None
