"""Deal a new fresh set's drafts into test/ and tune/ before anything is run on them.

    python benchmarks/fresh_split.py fixtures/freshN SALT RAW/w1 RAW/w2 RAW/w3

Each RAW writer folder holds ``drafts/*.md`` and ``expected.tsv`` (draft, claim_prefix,
cited, expected, kind). The drafts of all writers are ordered by the SHA-256 of
``SALT + writer/draft`` and dealt alternately to ``test/`` and ``tune/``, so neither
the writers nor whoever runs the matcher chooses which claims are held out. Each half
gets the writer's drafts and their rows of ``expected.tsv``; the snapshot is taken
afterwards with ``factcheck fetch DRAFTS --snapshot HALF/WRITER/snapshot``.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
from pathlib import Path


def deal(out: Path, salt: str, writers: list[Path]) -> list[tuple[str, str, str]]:
    """Copy each draft and its labelled rows into ``out/test`` or ``out/tune``; return
    (half, writer, draft) in dealing order."""
    items = sorted(
        (hashlib.sha256(f"{salt}{w.name}/{d.name}".encode()).hexdigest(), w, d)
        for w in writers for d in sorted((w / "drafts").glob("*.md"))
    )  # fmt: skip
    labels = {w: (w / "expected.tsv").read_text(encoding="utf-8").splitlines() for w in writers}
    dealt: list[tuple[str, str, str]] = []
    for i, (_, writer, draft) in enumerate(items):
        half = "test" if i % 2 == 0 else "tune"
        dest = out / half / writer.name
        (dest / "drafts").mkdir(parents=True, exist_ok=True)
        shutil.copy(draft, dest / "drafts" / draft.name)
        header, *rows = labels[writer]
        tsv = dest / "expected.tsv"
        if not tsv.exists():
            tsv.write_text(header + "\n", encoding="utf-8")
        with tsv.open("a", encoding="utf-8") as f:
            f.writelines(row + "\n" for row in rows if row.split("\t")[0] == draft.name)
        dealt.append((half, writer.name, draft.name))
    return dealt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path, help="the new set's folder, e.g. fixtures/fresh24")
    ap.add_argument("salt", help="a string chosen before the drafts were read")
    ap.add_argument("writers", nargs="+", type=Path, help="raw writer folders")
    args = ap.parse_args()
    if args.out.exists():
        ap.error(f"{args.out} exists: a set is dealt once")
    for w in args.writers:
        if not (w / "expected.tsv").is_file() or not any((w / "drafts").glob("*.md")):
            ap.error(f"{w} is not a writer folder: it needs drafts/*.md and expected.tsv")
    for half, writer, draft in deal(args.out, args.salt, args.writers):
        print(half, writer, draft)


if __name__ == "__main__":
    main()
