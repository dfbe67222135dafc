"""Indexing speed alone: ``build_index`` on the generated 5 MB page of ``perf_bench`` and,
given WiCE's directory, on the evidence pages of its dev split (real web text).

    PYTHONPATH=. python benchmarks/index_speed.py [PATH_TO_WICE] [--repeat 3]

Run it in two trees one after the other, several times, to compare: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from benchmarks.perf_bench import PAGE_SEED
from benchmarks.perf_corpus import big_page
from factcheck.config import Config
from factcheck.extract import extract
from factcheck.match.index import build_index
from factcheck.models import Document, Fetched


def _speed(doc: Document, repeat: int) -> tuple[float, float]:
    config = Config()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        build_index(doc, config)
        times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    return seconds, len(doc.text.encode()) / 1e6 / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wice", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    page = big_page(PAGE_SEED, 5.0)
    doc = extract(Fetched(url="u", final_url="u", http_status=200,
                          content_type="text/html; charset=utf-8", body=page.html.encode()))
    assert isinstance(doc, Document)
    docs = {"generated 5 MB page": doc}
    if args.wice:
        paragraphs = [p for line in (args.wice / "claim_dev.jsonl").open(encoding="utf-8")
                      for p in json.loads(line)["evidence"] if p.strip()]
        docs["WiCE dev evidence"] = Document(title="WiCE dev", paragraphs=tuple(paragraphs))
    for name, d in docs.items():
        seconds, speed = _speed(d, args.repeat)
        mb = len(d.text.encode()) / 1e6
        print(f"{name}: {mb:.2f} MB of text, build_index median {seconds:.2f} s = "
              f"{speed:.2f} MB/s (target >= 5 MB/s)")


if __name__ == "__main__":
    main()
