"""Hand-labelled draft sets: drafts, a snapshot of their sources, and ``expected.tsv``.

A set folder holds ``drafts/``, ``snapshot/`` and ``expected.tsv`` (columns ``draft``,
``claim_prefix``, ``cited``, ``expected``, ``kind``), as ``fixtures/regression*`` and
``fixtures/fresh/*`` do. Each labelled row is matched, in draft order, with the first
claim of its draft that starts with the prefix and was not matched yet. A prefix that
runs to the end of a short sentence may carry its citation marker ("... pilots [2]."),
which the claim's text does not: the marker is left out of both.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from factcheck.config import Config
from factcheck.models import ClaimResult


@dataclass(frozen=True, slots=True, kw_only=True)
class Labelled:
    folder: str
    draft: str
    prefix: str
    cited: str
    expected: str
    kind: str

    @property
    def faithful(self) -> bool:
        return self.expected == "supported"


def labels(folder: Path) -> list[Labelled]:
    with (folder / "expected.tsv").open(encoding="utf-8") as f:
        return [
            Labelled(folder=folder.name, draft=r["draft"], prefix=r["claim_prefix"],
                     cited=r["cited"], expected=r["expected"], kind=r["kind"])
            for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]  # fmt: skip


def outcomes(
    folders: Sequence[Path], config: Config | None = None
) -> Iterator[tuple[Labelled, ClaimResult | None]]:
    """Each labelled row with the pipeline's result for its claim (None: no such claim)."""
    from dataclasses import replace

    from factcheck.pipeline import run

    for folder in folders:
        base = config or Config()
        results: dict[str, tuple[ClaimResult, ...]] = {}
        used: set[tuple[str, int]] = set()
        for row in labels(folder):
            if row.draft not in results:
                cfg = replace(base, snapshot=folder / "snapshot")
                results[row.draft] = run(folder / "drafts" / row.draft, cfg).results
            found = results[row.draft]
            i = find(row, [(c.claim.text, bool(c.claim.citations)) for c in found], used)
            yield row, None if i is None else found[i]


def find(row: Labelled, claims: Sequence[tuple[str, bool]], used: set[tuple[str, int]]
         ) -> int | None:  # fmt: skip
    """The position of the first claim (text, cited?) of the row's draft not matched yet
    that starts with the row's prefix and is cited or not as the row asks."""
    prefix = _unmarked(row.prefix)
    for i, (text, cited) in enumerate(claims):
        if (row.draft, i) in used or not _unmarked(text).startswith(prefix):
            continue
        if (row.cited == "yes" and not cited) or (row.cited == "no" and cited):
            continue
        used.add((row.draft, i))
        return i
    return None


_MARKER = re.compile(r"\s*\[\d+(?:\s*[,\u2013-]\s*\d+)*\]")
"""A bracketed citation marker and the space before it: "[2]", "[1, 3]", "[2\u20134]"."""


def _unmarked(text: str) -> str:
    return _MARKER.sub("", text)
