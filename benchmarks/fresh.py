"""The fresh set through the CLI, as an editor runs it: wrong-greens and false alarms by kind.

    python benchmarks/fresh.py fixtures/fresh/test        # the held-out half (report once)
    python benchmarks/fresh.py fixtures/fresh/tune        # the tuning half (a training figure)

Each writer folder under the given path is checked with ``factcheck check --snapshot
FOLDER/snapshot -f json`` (offline), and each labelled row of ``expected.tsv`` is matched
with its claim. A wrong-green is an unfaithful claim reported supported; a false alarm a
faithful claim reported not_supported.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.data import Labelled, find, labels


def check(folder: Path, draft: str) -> list[dict]:
    proc = subprocess.run(
        [sys.executable, "-m", "factcheck", "check", str(folder / "drafts" / draft),
         "--snapshot", str(folder / "snapshot"), "-f", "json", "--warn-only"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if proc.returncode not in (0, 1):
        raise SystemExit(f"factcheck failed on {draft}: {proc.stderr.strip()}")
    claims: list[dict] = json.loads(proc.stdout)["claims"]
    return claims


def outcomes(root: Path) -> list[tuple[Labelled, str]]:
    out: list[tuple[Labelled, str]] = []
    folders = sorted(p for p in root.iterdir() if (p / "expected.tsv").is_file())
    for folder in folders:
        reports: dict[str, list[dict]] = {}
        used: set[tuple[str, int]] = set()
        for row in labels(folder):
            if row.draft not in reports:
                reports[row.draft] = check(folder, row.draft)
            claims = reports[row.draft]
            i = find(row, [(c["text"], bool(c["citations"])) for c in claims], used)
            out.append((row, "(no claim)" if i is None else claims[i]["verdict"]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", type=Path, help="a fresh half: fixtures/fresh/test or .../tune")
    ap.add_argument("--list", action="store_true", help="print every disagreement")
    ap.add_argument("--policies", action="store_true",
                    help="also: on which claims each verdict policy fires, and what it changes")
    args = ap.parse_args()
    if args.policies:
        policies(args.path)
    rows = outcomes(args.path)
    agree = sum(r.expected == g for r, g in rows)
    faithful = [(r, g) for r, g in rows if r.faithful]
    unfaithful = [(r, g) for r, g in rows if not r.faithful]
    green = [(r, g) for r, g in unfaithful if g == "supported"]
    alarms = [(r, g) for r, g in faithful if g == "not_supported"]
    print(f"{args.path}: {len(rows)} claims ({len(faithful)} faithful, {len(unfaithful)} not)")
    print(f"agreement with the editor: {agree}/{len(rows)} ({agree / len(rows):.0%})")
    print(
        f"wrong-green (unfaithful reported supported): {len(green)}/{len(unfaithful)} "
        f"({len(green) / max(1, len(unfaithful)):.0%})"
    )
    print(
        f"false alarms (faithful reported not_supported): {len(alarms)}/{len(faithful)} "
        f"({len(alarms) / max(1, len(faithful)):.0%})"
    )
    print(
        f"faithful reported supported: {sum(g == 'supported' for _, g in faithful)}/{len(faithful)}"
    )
    # A labelled row the report has no claim for is no verdict at all, not a catch.
    unmatched = [r for r, g in rows if g == "(no claim)"]
    if unmatched:
        print(f"NOT MATCHED to any claim of the report ({len(unmatched)}; not counted as caught):")
        for r in unmatched:
            print(f"  {r.folder}/{r.draft}: {r.prefix}")
    by: dict[str, Counter[str]] = defaultdict(Counter)
    for r, g in unfaithful:
        by[r.kind][g] += 1
    print("unfaithful claims by kind: caught (not green) / total  [verdicts]")
    for kind in sorted(by):
        c = by[kind]
        total = sum(c.values())
        caught = total - c["supported"] - c["(no claim)"]
        print(f"  {kind:20} {caught}/{total}  {dict(c)}")
    if args.list:
        for r, g in rows:
            if r.expected != g:
                print(
                    f"  [{r.kind}] expected {r.expected}, got {g}: {r.folder}/{r.draft}: {r.prefix}"
                )


def policies(root: Path) -> None:
    """Each policy's firings on faithful and unfaithful claims, and the verdicts it changed
    (against the same claim judged with that policy alone left out)."""
    from dataclasses import replace

    from benchmarks.data import outcomes as pipeline_outcomes
    from factcheck.config import Config
    from factcheck.match import DEFAULT_WEIGHTS, capped, model, verdict_for
    from factcheck.match.model import logistic

    config = Config()
    folders = sorted(p for p in root.iterdir() if (p / "expected.tsv").is_file())
    rows = [(lab, r) for lab, r in pipeline_outcomes(folders, config) if r is not None]
    names = [*model.NOT_SUPPORTED_WHEN, *model.PARTIAL_WHEN, *model.AT_MOST_PARTIAL,
             "min_page_coverage"]
    print("policy: fires on faithful / unfaithful claims; verdicts it changed")
    for name in names:
        fired = better = worse = faithful = 0
        for lab, r in rows:
            parts = dict(r.parts)
            if name == "min_page_coverage":
                on = parts.get("page_coverage", 1.0) < config.min_page_coverage
                cfg, off = replace(config, min_page_coverage=0.0), parts
            else:
                on = parts.get(name, 0.0) > 0
                cfg, off = config, {**parts, name: 0.0}
            if not on:
                continue
            fired += 1
            faithful += lab.faithful
            features = {k: v for k, v in off.items() if k != "score"}
            without = str(verdict_for(capped(logistic(features, DEFAULT_WEIGHTS), features, cfg),
                                      cfg))  # fmt: skip
            now = str(r.verdict)
            # What an editor sees: a wrong-green removed, or a faithful claim no longer green.
            better += not lab.faithful and without == "supported" and now != "supported"
            worse += lab.faithful and without == "supported" and now != "supported"
        print(f"  {name:20} {faithful} / {fired - faithful}; wrong-greens it removed: {better}; "
              f"faithful claims it took from supported: {worse}")


if __name__ == "__main__":
    main()
