"""Every labelled claim's verdict over many sets, saved, and two saves compared.

    python benchmarks/sweep.py run before.json fixtures/regression* fixtures/fresh*
    (change the matcher)
    python benchmarks/sweep.py run after.json fixtures/regression* fixtures/fresh*
    python benchmarks/sweep.py diff before.json after.json

A matcher change is judged on seen sets by what it changes: ``diff`` lists each claim
whose verdict moved, with its label, and the wrong-greens and false alarms of both runs.
Claims are keyed by their folder relative to the repository, draft, label prefix and the
prefix's rank in that draft, so runs from different working directories compare, and two
rows with one prefix ("Rents rose 4 per cent") stay apart. Only seen sets belong here: a
held-out half is run once, by ``benchmarks/fresh.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent

Record = dict[str, str]
"""One labelled claim: key, kind, expected, verdict, claim."""


def folders(paths: Sequence[Path]) -> list[Path]:
    """The labelled folders (those with ``expected.tsv``) at or below each path."""
    out: list[Path] = []
    for p in paths:
        out += [p] if (p / "expected.tsv").is_file() else sorted(
            f.parent for f in p.rglob("expected.tsv"))
    return out


def _where(folder: Path) -> str:
    path = folder.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def sweep(folder: Path) -> list[Record]:
    """Each labelled row of one folder with the verdict the pipeline gives its claim."""
    from benchmarks.data import outcomes

    seen: Counter[tuple[str, str]] = Counter()
    out: list[Record] = []
    for row, result in outcomes([folder]):
        seen[(row.draft, row.prefix)] += 1
        out.append({
            "key": f"{_where(folder)}|{row.draft}|{row.prefix}|{seen[(row.draft, row.prefix)]}",
            "kind": row.kind, "expected": row.expected,
            "verdict": "(no claim)" if result is None else result.verdict.value,
            "claim": "" if result is None else result.claim.text,
        })  # fmt: skip
    return out


def tally(records: Sequence[Record]) -> tuple[int, int, int, int]:
    """(wrong-greens, unfaithful claims, false alarms, faithful claims)."""
    faithful = [r for r in records if r["expected"] == "supported"]
    unfaithful = [r for r in records if r["expected"] != "supported"]
    return (sum(r["verdict"] == "supported" for r in unfaithful), len(unfaithful),
            sum(r["verdict"] == "not_supported" for r in faithful), len(faithful))


def changes(before: Sequence[Record], after: Sequence[Record]) -> list[tuple[Record, Record]]:
    """The claims of both runs whose verdicts differ, in the order of ``after``."""
    old = {r["key"]: r for r in before}
    return [(old[r["key"]], r) for r in after
            if r["key"] in old and old[r["key"]]["verdict"] != r["verdict"]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="save every labelled claim's verdict")
    run.add_argument("out", type=Path)
    run.add_argument("paths", nargs="+", type=Path, help="sets or labelled folders")
    run.add_argument("--jobs", type=int, default=2, help="folders checked at once")
    diff = sub.add_parser("diff", help="the verdicts two saved runs disagree on")
    diff.add_argument("before", type=Path)
    diff.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.command == "run":
        found = folders(args.paths)
        if not found:
            ap.error("no folder with expected.tsv under the paths given")
        with ProcessPoolExecutor(args.jobs) as pool:
            records = [r for rows in pool.map(sweep, found) for r in rows]
        args.out.write_text(json.dumps(records, ensure_ascii=False, indent=0), encoding="utf-8")
        wg, nu, fa, nf = tally(records)
        print(f"{len(records)} claims in {len(found)} folders: wrong-green {wg}/{nu}, "
              f"false alarms {fa}/{nf}; saved to {args.out}")
        return
    before, after = (json.loads(p.read_text(encoding="utf-8")) for p in (args.before, args.after))
    moved = changes(before, after)
    for old, new in moved:
        print(f"{new['key'].split('|')[0]:28} {new['kind']:22} {old['verdict']:>19} -> "
              f"{new['verdict']:19} {new['claim'][:110]}")
    for name, records in (("before", before), ("after", after)):
        wg, nu, fa, nf = tally(records)
        print(f"{name}: wrong-green {wg}/{nu}, false alarms {fa}/{nf}")
    print(f"{len(moved)} verdicts changed")


if __name__ == "__main__":
    main()
