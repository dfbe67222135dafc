"""The benchmarks' ROC AUC, by ranks, against its definition over every pair."""

from __future__ import annotations

import math
import random

from benchmarks.wice import roc_auc


def pairwise(scores: list[float], positive: list[bool]) -> float:
    pos = [s for s, p in zip(scores, positive, strict=True) if p]
    neg = [s for s, p in zip(scores, positive, strict=True) if not p]
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))


def test_auc_by_ranks_counts_ties_as_half() -> None:
    rng = random.Random(7)
    for _ in range(200):
        n = rng.randint(2, 40)
        scores = [rng.choice([0.0, 0.5, 1.0, rng.random()]) for _ in range(n)]
        positive = [rng.random() < 0.4 for _ in range(n)]
        if all(positive) or not any(positive):
            continue
        assert math.isclose(roc_auc(scores, positive), pairwise(scores, positive))
    assert roc_auc([0.1, 0.9], [False, True]) == 1.0
    assert roc_auc([0.5, 0.5], [False, True]) == 0.5
    assert math.isnan(roc_auc([0.2, 0.3], [True, True]))
