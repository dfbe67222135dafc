"""The fit's threshold search, scored for every candidate at once, against the same
search made one threshold at a time with ``measures``."""

from __future__ import annotations

import random

from benchmarks.fit import CAPS, Example, measures, thresholds


def one_at_a_time(scores: list[float], examples: list[Example], floor: float
                  ) -> tuple[float, float]:  # fmt: skip
    cands = [*sorted({round(s, 4) for s in scores}), 1.0]
    best_s, best = 1.0, -1.0
    for t in cands:
        m = measures(scores, examples, t, 0.0, auc=False)
        if m["wice"].get("wrong_green", 0.0) > CAPS["wice_wrong_green"]:
            continue
        if m["drafts"].get("unfaithful_green", 0.0) > CAPS["drafts_wrong_green"]:
            continue
        value = m["wice"].get("balanced_accuracy", 0.0) + m["drafts"].get("balanced_accuracy", 0.0)
        if value > best:
            best_s, best = t, value
    best_p, best_f = min(floor + 1e-4, best_s), -1.0
    for t in [c for c in cands if floor < c <= best_s]:
        m = measures(scores, examples, best_s, t, auc=False)
        if m["drafts"].get("false_alarm", 0.0) > CAPS["drafts_false_alarm"]:
            continue
        if m["wice"].get("macro_f1", 0.0) > best_f:
            best_p, best_f = t, m["wice"].get("macro_f1", 0.0)
    return best_s, best_p


def test_threshold_search_matches_one_threshold_at_a_time() -> None:
    rng = random.Random(11)
    labels = ("supported", "partially_supported", "not_supported")
    checked = 0
    for _ in range(60):
        examples, scores = [], []
        for source, n in (("wice", rng.randint(9, 40)), ("drafts", rng.randint(9, 60)),
                          ("tokens", rng.randint(0, 5))):  # fmt: skip
            for i in range(n):
                label = labels[i % 3] if i < 3 else rng.choice(labels)
                if source == "tokens":
                    label = "partially_supported"
                lift = {"supported": 0.3, "partially_supported": 0.1}.get(label, 0.0)
                examples.append(Example(source=source, group=f"{source}{i}", label=label,
                                        kind="", feats=()))  # fmt: skip
                scores.append(round(min(1.0, rng.random() * 0.7 + lift), rng.choice((2, 5))))
        floor = rng.choice((0.0, 0.01, 0.05))
        expected = one_at_a_time(scores, examples, floor)
        assert thresholds(scores, examples, floor) == expected
        checked += expected[0] < 1.0
    assert checked > 20  # most pools have a threshold within the caps, not the fallback
