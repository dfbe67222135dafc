"""Accuracy and speed of the matcher on the WiCE dev split.

    python benchmarks/wice.py PATH_TO_WICE            # figures with the shipped weights
    python benchmarks/wice.py PATH_TO_WICE --fit      # also refit weights, thresholds; 5-fold CV
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
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck import models
from factcheck.config import Config
from factcheck.match import (
    DEFAULT_WEIGHTS,
    FEATURES,
    POLICY_FEATURES,
    LexicalScorer,
    Weights,
    capped,
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
    pos = [s for s, p in zip(scores, positive, strict=True) if p]
    neg = [s for s, p in zip(scores, positive, strict=True) if not p]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


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


def capped_with(score: float, feats: list[float], supported: float, partial: float) -> float:
    """The policy caps of ``match.capped`` under the given thresholds."""
    cfg = Config(supported_threshold=supported, partial_threshold=partial)
    return capped(score, dict(zip(FEATURES, feats, strict=True)), cfg)


def choose_thresholds(
    scores: Sequence[float], labels: Sequence[str], floor: float = 0.0
) -> tuple[float, float]:
    """Supported: best balanced accuracy with wrong-green <= cap; partial: best macro F1.

    The partial threshold stays above ``floor``, the score of a claim whose
    every word is backed but one number is contradicted: by policy that claim
    is not supported (see ``POLICY_FEATURES``), whatever WiCE's labels prefer.
    """
    cands = [*sorted({round(s, 4) for s in scores}), 1.0]
    best_s, best_ba = 1.0, -1.0
    for t in cands:
        pred = verdicts(scores, t, 0.0)
        if wrong_green(pred, labels) > WRONG_GREEN_CAP:
            continue
        ba = balanced_accuracy([p == "supported" for p in pred], [g == "supported" for g in labels])
        if ba > best_ba:
            best_s, best_ba = t, ba
    best_p, best_f = 0.0, -1.0
    for t in [c for c in cands if floor < c <= best_s]:
        f = macro_f1(verdicts(scores, best_s, t), labels)
        if f > best_f:
            best_p, best_f = t, f
    return best_s, best_p


def fit(feats: list[list[float]], labels: list[str]) -> tuple[Weights, float, float]:
    y = [int(lab == "supported") for lab in labels]
    fixed = {i: getattr(DEFAULT_WEIGHTS, n) for i, n in enumerate(FEATURES) if n in POLICY_FEATURES}
    weights = to_weights(fit_logistic(feats, y, [SIGNS[n] for n in FEATURES], fixed))
    ts, tp = choose_thresholds(score_with(weights, feats), labels, contradicted_score(weights))
    return weights, ts, tp


def contradicted_score(weights: Weights) -> float:
    """Score of a fully covered claim with one number the page states differently: by
    policy it is not supported, so the partial threshold stays above it (the frame
    policies cap the score below the threshold instead, see ``match.capped``)."""
    base = {n: 0.0 for n in FEATURES} | {"coverage": 1.0, "page_coverage": 1.0}
    value = base | {"missing_values": 1.0, "window_missing_values": 1.0}
    value |= {"contradicted_values": 1.0}
    return score_with(weights, [[value[n] for n in FEATURES]])[0]


def cross_validate(feats: list[list[float]], labels: list[str], k: int, seed: int = 0) -> dict:
    """Held-out figures: weights and thresholds fitted on k-1 folds, scored on the k-th."""
    idx = list(range(len(labels)))
    random.Random(seed).shuffle(idx)
    idx.sort(key=lambda i: labels[i])  # stratify: deal each label round-robin
    folds = [idx[f::k] for f in range(k)]
    scores = [0.0] * len(labels)
    pred = [""] * len(labels)
    for test in folds:
        test_set = set(test)
        train = [i for i in idx if i not in test_set]
        weights, ts, tp = fit([feats[i] for i in train], [labels[i] for i in train])
        for i, s in zip(test, score_with(weights, [feats[i] for i in test]), strict=True):
            s = capped_with(s, feats[i], ts, tp)
            scores[i] = s
            pred[i] = verdicts([s], ts, tp)[0]
    return {
        "balanced_accuracy": balanced_accuracy(
            [p == "supported" for p in pred], [g == "supported" for g in labels]
        ),
        "auc_supported": roc_auc(scores, [g == "supported" for g in labels]),
        "auc_not_supported": roc_auc([-s for s in scores], [g == "not_supported" for g in labels]),
        "macro_f1": macro_f1(pred, labels),
        "wrong_green": wrong_green(pred, labels),
    }


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
    ap.add_argument("--fit", action="store_true", help="refit weights/thresholds and run 5-fold CV")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=5, help="CV repetitions with different shuffles")
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

    # How often each policy fires, by label: its cost on claims WiCE calls supported.
    for name in sorted(POLICY_FEATURES):
        fired = Counter(
            lab for lab, a in zip(labels, assessments, strict=True) if dict(a.parts)[name]
        )
        print(f"policy {name}: fires on " + " / ".join(str(fired[lab]) for lab in LABELS))

    if args.fit:
        feats = [features_of(a) for a in assessments]
        runs = [cross_validate(feats, labels, args.folds, seed) for seed in range(args.repeats)]
        mean = {k: sum(r[k] for r in runs) / len(runs) for k in runs[0]}
        report(f"{args.folds}-fold CV x{args.repeats} seeds (held out, mean)", mean)
        worst = max(r["wrong_green"] for r in runs)
        print(
            f"  held-out bal.acc range {min(r['balanced_accuracy'] for r in runs):.3f}-"
            f"{max(r['balanced_accuracy'] for r in runs):.3f}, worst wrong-green {worst:.1%}"
        )
        weights, ts, tp = fit(feats, labels)
        print("fitted on all dev:")
        print(
            "  "
            + repr(
                replace(
                    weights, **{f.name: round(getattr(weights, f.name), 3) for f in fields(weights)}
                )
            )
        )
        print(f"  supported_threshold={ts:.4f} partial_threshold={tp:.4f}")
        refit = [
            capped_with(s, f, ts, tp)
            for s, f in zip(score_with(weights, feats), feats, strict=True)
        ]
        report("refit, in-sample", classification(refit, labels, ts, tp))


def report(name: str, m: dict) -> None:
    print(
        f"[{name}] bal.acc {m['balanced_accuracy']:.3f}  AUC sup {m['auc_supported']:.3f}  "
        f"AUC not-sup {m['auc_not_supported']:.3f}  macro-F1 {m['macro_f1']:.3f}  "
        f"wrong-green {m['wrong_green']:.1%}"
    )


if __name__ == "__main__":
    main()
