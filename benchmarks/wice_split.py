"""The fixed split of WiCE dev into a fitting half and a held-out half.

Decided before the frame-based matcher was built and never changed: within
each label, rows are ordered by the SHA-256 of a salted row id and dealt
alternately, so each half keeps the label mix. Weights, thresholds and design
choices use the ``fit`` half only (cross-validated inside it); the ``test``
half is scored through the CLI for docs/accuracy.md. Reproducible from the
data alone, so no part of WiCE is stored here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any, Literal

SALT = "factcheck-wice-holdout-2026-12-02:"
Half = Literal["fit", "test"]


def split(rows: Iterable[Mapping[str, Any]]) -> dict[str, Half]:
    """Row id -> half, for rows of ``claim_dev.jsonl`` (each with ``meta.id`` and ``label``)."""
    by_label: dict[str, list[str]] = {}
    for r in rows:
        by_label.setdefault(r["label"], []).append(r["meta"]["id"])
    out: dict[str, Half] = {}
    for ids in by_label.values():
        ordered = sorted(ids, key=lambda i: hashlib.sha256((SALT + i).encode()).hexdigest())
        for n, row_id in enumerate(ordered):
            out[row_id] = "fit" if n % 2 == 0 else "test"
    return out
