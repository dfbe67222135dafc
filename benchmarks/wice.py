"""Accuracy and speed of the matcher on the WiCE dev split.

    python benchmarks/wice.py PATH_TO_WICE            # figures with the shipped weights
    (fitting: benchmarks/fit.py; held-out figures through the CLI: benchmarks/wice_cli.py)
    python benchmarks/wice.py PATH_TO_WICE --verifier llm|nli ...   # through a model

WiCE: Kamoi, Goyal, Rodriguez and Durrett, "WiCE: Real-World Entailment for
Claims in Wikipedia", EMNLP 2023. Each row's ``evidence`` list becomes a
Document (title from ``evidence[0]``, one paragraph per sentence). This script
prints figures and never asserts them; docs/accuracy.md records them.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck import models
from factcheck.config import Config
from factcheck.match import (
    FEATURES,
    LexicalScorer,
    Weights,
    verdict_for,
)

TITLE_PREFIX = "(meta data) TITLE: "
LABELS = ("supported", "partially_supported", "not_supported")
WRONG_GREEN_CAP = 0.04
"""Threshold choice keeps not_supported-called-supported at half the 8 % target (margin)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    claim: str
    label: str
    doc: models.Document
    gold: tuple[str, ...]
    tokens: tuple[str, ...] = ()
    token_gold: tuple[bool, ...] = ()


def to_document(evidence: Sequence[str]) -> models.Document:
    first = evidence[0] if evidence else ""
    if first.startswith(TITLE_PREFIX):
        return models.Document(title=first[len(TITLE_PREFIX) :], paragraphs=tuple(evidence[1:]))
    return models.Document(title=None, paragraphs=tuple(evidence))


def load(path: Path) -> list[Row]:
    rows: list[Row] = []
    for line in path.open(encoding="utf-8"):
        r = json.loads(line)
        evidence = r["evidence"]
        gold_ids = {i for group in r["supporting_sentences"] for i in group}
        gold = tuple(
            evidence[i].removeprefix(TITLE_PREFIX).strip()
            for i in sorted(gold_ids)
            if i < len(evidence)
        )
        rows.append(
            Row(
                claim=r["claim"],
                label=r["label"],
                doc=to_document(evidence),
                gold=gold,
                tokens=tuple(r.get("claim_tokens", ())),
                token_gold=tuple(r.get("non_supported_spans", ())),
            )
        )
    return rows


# ------------------------------------------------------------------ metrics


def roc_auc(scores: Sequence[float], positive: Sequence[bool]) -> float:
    """The chance a positive outscores a negative (ties count half), by ranks: the
    Mann-Whitney statistic, in O(n log n) rather than over every pair."""
    if len(scores) != len(positive):
        raise ValueError("scores and labels differ in length")
    npos = sum(map(bool, positive))
    nneg = len(positive) - npos
    if not npos or not nneg:
        return float("nan")
    order = sorted(range(len(scores)), key=scores.__getitem__)
    rank_sum, i = 0.0, 0
    while i < len(order):  # tied scores share the mean of their ranks (1-based)
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        mean_rank = (i + j) / 2 + 1
        rank_sum += mean_rank * sum(1 for k in order[i : j + 1] if positive[k])
        i = j + 1
    return (rank_sum - npos * (npos + 1) / 2) / (npos * nneg)


def balanced_accuracy(pred: Sequence[bool], gold: Sequence[bool]) -> float:
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    tn = sum(not p and not g for p, g in zip(pred, gold, strict=True))
    npos = sum(gold)
    nneg = len(gold) - npos
    return 0.5 * (tp / npos + tn / nneg)


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def macro_f1(pred: Sequence[str], gold: Sequence[str]) -> float:
    out = []
    for lab in LABELS:
        tp = sum(p == lab and g == lab for p, g in zip(pred, gold, strict=True))
        fp = sum(p == lab and g != lab for p, g in zip(pred, gold, strict=True))
        fn = sum(p != lab and g == lab for p, g in zip(pred, gold, strict=True))
        out.append(f1(tp, fp, fn))
    return sum(out) / len(out)


def wrong_green(pred: Sequence[str], gold: Sequence[str]) -> float:
    ns = [p for p, g in zip(pred, gold, strict=True) if g == "not_supported"]
    return sum(p == "supported" for p in ns) / len(ns)


def verdicts(scores: Sequence[float], supported: float, partial: float) -> list[str]:
    cfg = Config(supported_threshold=supported, partial_threshold=partial)
    return [str(verdict_for(s, cfg)) for s in scores]


def classification(scores: Sequence[float], labels: Sequence[str], ts: float, tp: float) -> dict:
    pred = verdicts(scores, ts, tp)
    return {
        "balanced_accuracy": balanced_accuracy(
            [p == "supported" for p in pred], [g == "supported" for g in labels]
        ),
        "auc_supported": roc_auc(scores, [g == "supported" for g in labels]),
        "auc_not_supported": roc_auc([-s for s in scores], [g == "not_supported" for g in labels]),
        "macro_f1": macro_f1(pred, labels),
        "wrong_green": wrong_green(pred, labels),
    }


# ------------------------------------------------------------------ fitting


def fit_logistic(
    x: list[list[float]],
    y: list[int],
    signs: list[int],
    fixed: dict[int, float],
    l2: float = 1.0,
    sample_weight: Sequence[float] | None = None,
) -> list[float]:
    """Sign-constrained L2 logistic regression by Newton steps (numpy only here).

    ``fixed`` maps feature columns to weights that are not fitted (policy).
    """
    import numpy as np

    xa = np.hstack([np.ones((len(x), 1)), np.asarray(x, dtype=float)])
    ya = np.asarray(y, dtype=float)
    sw = np.ones(len(x)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    offset = sum((xa[:, i + 1] * w for i, w in fixed.items()), np.zeros(len(x)))
    active = [i - 1 not in fixed for i in range(xa.shape[1])]
    while True:
        cols = [i for i, a in enumerate(active) if a]
        w = np.zeros(len(cols))
        xs = xa[:, cols]
        reg = np.eye(len(cols)) * l2
        reg[0, 0] = 0.0
        for _ in range(50):
            p = 1 / (1 + np.exp(-np.clip(xs @ w + offset, -30, 30)))
            grad = xs.T @ (sw * (p - ya)) + reg @ w
            hess = xs.T @ (xs * (sw * p * (1 - p))[:, None]) + reg + 1e-9 * np.eye(len(cols))
            step = np.linalg.solve(hess, grad)
            w -= step
            if np.abs(step).max() < 1e-8:
                break
        full = [0.0] * xa.shape[1]
        for i, v in fixed.items():
            full[i + 1] = v
        for c, v in zip(cols, w, strict=True):
            full[c] = float(v)
        wrong = [i for i in cols[1:] if full[i] * signs[i - 1] < 0]
        if not wrong:
            return full
        active[max(wrong, key=lambda i: abs(full[i]))] = False


SIGNS = {name: (1 if name in ("coverage", "page_coverage") else -1) for name in FEATURES}
"""Coverage raises the score; every gap and conflict lowers it."""


def to_weights(coef: list[float]) -> Weights:
    return Weights(intercept=coef[0], **{n: coef[i + 1] for i, n in enumerate(FEATURES)})


def score_with(weights: Weights, feats: list[list[float]]) -> list[float]:
    out = []
    for f in feats:
        z = weights.intercept + sum(
            getattr(weights, n) * v for n, v in zip(FEATURES, f, strict=True)
        )
        out.append(1 / (1 + math.exp(-max(-30, min(30, z)))))
    return out





def contradicted_score(weights: Weights) -> float:
    """Score of a fully covered claim with one number the page states differently: by
    policy it is not supported, so the partial threshold stays above it (the frame
    policies cap the score below the threshold instead, see ``match.capped``)."""
    base = {n: 0.0 for n in FEATURES} | {"coverage": 1.0, "page_coverage": 1.0}
    value = base | {"missing_values": 1.0}
    value |= {"contradicted_values": 1.0}
    return score_with(weights, [[value[n] for n in FEATURES]])[0]



# ------------------------------------------------------------------ running


def evidence_recall(scorer: LexicalScorer, rows: Sequence[Row]) -> tuple[float, float]:
    at1 = at3 = n = 0
    for r in rows:
        if not r.gold:
            continue
        n += 1
        passages = scorer.passages(r.claim, r.doc, 3)
        hits = [any(g in p for g in r.gold) for p in passages]
        at1 += bool(hits[:1] and hits[0])
        at3 += any(hits)
    return at1 / n, at3 / n


def token_f1(scorer: LexicalScorer, rows: Sequence[Row]) -> float:
    tp = fp = fn = 0
    for r in rows:
        spans = scorer.assess(r.claim, [("1", r.doc)]).unsupported_spans
        pos = 0
        for tok, gold in zip(r.tokens, r.token_gold, strict=True):
            start = r.claim.find(tok, pos)
            if start < 0:
                continue
            end = start + len(tok)
            pos = end
            pred = any(s.start < end and start < s.end for s in spans)
            tp += pred and gold
            fp += pred and not gold
            fn += gold and not pred
    return f1(tp, fp, fn)


def features_of(a: models.Assessment) -> list[float]:
    parts = dict(a.parts)
    return [parts[n] for n in FEATURES]


def main() -> None:
    if "--verifier" in sys.argv[1:]:  # through a model: benchmarks/wice_verify.py
        from benchmarks.wice_verify import main as through_a_model

        return through_a_model()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", type=Path, help="directory holding claim_dev.jsonl")
    args = ap.parse_args()
    rows = load(args.path / "claim_dev.jsonl")
    token_rows = load(args.path / "non_supported_tokens_dev.jsonl")
    # Room for every page, so the timed pass measures matching with indexes built.
    config = Config(match_cache_documents=len(rows) + len(token_rows))

    scorer = LexicalScorer(config)
    t0 = time.perf_counter()
    for r in rows:
        scorer.index(r.doc)
    indexing = time.perf_counter() - t0
    t0 = time.perf_counter()
    assessments = [scorer.assess(r.claim, [("1", r.doc)]) for r in rows]
    warm = time.perf_counter() - t0
    size = sum(len(r.doc.text) for r in rows) / 1e6

    labels = [r.label for r in rows]
    scores = [a.score for a in assessments]
    print(f"WiCE dev: {len(rows)} claims {dict((lab, labels.count(lab)) for lab in LABELS)}")
    print(
        f"thresholds: supported >= {config.supported_threshold}, "
        f"partial >= {config.partial_threshold}"
    )
    report(
        "shipped weights",
        classification(scores, labels, config.supported_threshold, config.partial_threshold),
    )
    r1, r3 = evidence_recall(scorer, rows)
    print(f"evidence recall@1 {r1:.3f}  recall@3 {r3:.3f}")
    print(
        f"unsupported-token F1 {token_f1(scorer, token_rows):.3f}  ({len(token_rows)} sub-claims)"
    )
    print(
        f"speed: {len(rows) / warm:.0f} claims/s with pages indexed; indexing "
        f"{size / indexing:.1f} MB/s ({len(rows) / (indexing + warm):.0f} claims/s including it)"
    )

    # How often each policy fires, by label, on the held-out half: its cost on claims WiCE
    # calls supported (the fit half is training data, benchmarks/fit.py).
    from benchmarks.wice_split import split
    from factcheck.match import model

    raw = [json.loads(line) for line in (args.path / "claim_dev.jsonl").open(encoding="utf-8")]
    held_out = [split(raw)[r["meta"]["id"]] == "test" for r in raw]
    policies = [*model.NOT_SUPPORTED_WHEN, *model.PARTIAL_WHEN, *model.AT_MOST_PARTIAL]
    print("policy firings on the test half (supported / partially / not supported):")
    for name in policies:
        fired = Counter(
            lab
            for lab, a, h in zip(labels, assessments, held_out, strict=True)
            if h and dict(a.parts)[name]
        )
        print(f"  {name}: " + " / ".join(str(fired[lab]) for lab in LABELS))
    low = Counter(
        lab
        for lab, a, h in zip(labels, assessments, held_out, strict=True)
        if h and dict(a.parts)["page_coverage"] < config.min_page_coverage
    )
    print("  min_page_coverage: " + " / ".join(str(low[lab]) for lab in LABELS))


def report(name: str, m: dict) -> None:
    print(
        f"[{name}] bal.acc {m['balanced_accuracy']:.3f}  AUC sup {m['auc_supported']:.3f}  "
        f"AUC not-sup {m['auc_not_supported']:.3f}  macro-F1 {m['macro_f1']:.3f}  "
        f"wrong-green {m['wrong_green']:.1%}"
    )


if __name__ == "__main__":
    main()
