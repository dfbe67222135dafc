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

from benchmarks.data import Labelled, labels


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
            got = "(no claim)"
            for i, c in enumerate(reports[row.draft]):
                if (row.draft, i) not in used and c["text"].startswith(row.prefix):
                    used.add((row.draft, i))
                    got = c["verdict"]
                    break
            out.append((row, got))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", type=Path, help="a fresh half: fixtures/fresh/test or .../tune")
    ap.add_argument("--list", action="store_true", help="print every disagreement")
    args = ap.parse_args()
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
    by: dict[str, Counter[str]] = defaultdict(Counter)
    for r, g in unfaithful:
        by[r.kind][g] += 1
    print("unfaithful claims by kind: caught (not green) / total  [verdicts]")
    for kind in sorted(by):
        c = by[kind]
        total = sum(c.values())
        caught = total - c["supported"]
        print(f"  {kind:20} {caught}/{total}  {dict(c)}")
    if args.list:
        for r, g in rows:
            if r.expected != g:
                print(
                    f"  [{r.kind}] expected {r.expected}, got {g}: {r.folder}/{r.draft}: {r.prefix}"
                )


if __name__ == "__main__":
    main()
