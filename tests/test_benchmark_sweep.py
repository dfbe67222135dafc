"""Saving every labelled claim's verdict and comparing two saves (benchmarks/sweep.py)."""

from __future__ import annotations

import os
from pathlib import Path

from benchmarks.sweep import ROOT, Record, changes, folders, sweep, tally


def _rec(key: str, expected: str, verdict: str) -> Record:
    return {"key": key, "kind": "faithful" if expected == "supported" else "scope",
            "expected": expected, "verdict": verdict, "claim": key}


def test_changes_and_tallies_read_verdicts_by_key() -> None:
    before = [_rec("a", "supported", "supported"), _rec("b", "not_supported", "supported"),
              _rec("c", "supported", "not_supported"), _rec("d", "not_supported", "supported")]
    after = [_rec("a", "supported", "supported"), _rec("b", "not_supported", "not_supported"),
             _rec("c", "supported", "partially_supported"), _rec("e", "supported", "supported")]
    assert [(o["key"], n["verdict"]) for o, n in changes(before, after)] == [
        ("b", "not_supported"), ("c", "partially_supported")]
    assert tally(before) == (2, 2, 1, 2)
    assert tally(after) == (0, 1, 0, 3)


def test_a_folder_swept_by_relative_or_absolute_path_gives_the_same_keys() -> None:
    folder = ROOT / "fixtures" / "fresh" / "tune" / "w1"
    assert folders([ROOT / "fixtures" / "fresh" / "tune"])[0] == folder
    here = Path.cwd()
    try:
        os.chdir(ROOT)
        relative = sweep(Path("fixtures/fresh/tune/w1"))
    finally:
        os.chdir(here)
    absolute = sweep(folder)
    keys = [r["key"] for r in absolute]
    assert keys == [r["key"] for r in relative]
    assert len(set(keys)) == len(keys) == 28
    assert all(k.startswith("fixtures/fresh/tune/w1|") for k in keys)
    assert changes(relative, absolute) == []
    assert {r["verdict"] for r in absolute} <= {
        "supported", "partially_supported", "not_supported", "source_unavailable"}
